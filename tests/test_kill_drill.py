"""Issue 16's drill: kill -9 in the middle of a 收文 import, again and again; all or nothing."""

from __future__ import annotations

import csv
import os
import random
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from app.db.session import dispose

ROOT = Path(__file__).resolve().parent.parent
ROWS = 3000
KILLS = 20


def _sheet(path: Path) -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["标题", "来文机关", "签收日期"])
        for n in range(ROWS):
            out.writerow([f"关于第{n}项工作的通知", "县委办", f"2026-{n % 11 + 1}-{n % 28 + 1}"])
    return path


def _cli(root: Path, *args: str, quiet: bool = False) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    command = [sys.executable, "-m", "app.cli", "--data-dir", str(root), *args]
    out = subprocess.DEVNULL if quiet else subprocess.PIPE
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)


def _count(db: Path) -> int:
    with closing(sqlite3.connect(db)) as conn:
        return int(conn.execute("SELECT count(*) FROM incoming_docs").fetchone()[0])


@pytest.mark.slow
def test_twenty_kills_during_an_import_leave_no_partial_import(data_dir, tmp_path):
    sheet = _sheet(tmp_path / "收文.csv")
    dispose()  # the imports run in other processes
    started = time.perf_counter()
    first = _cli(data_dir.root, "import", "incoming", str(sheet))
    out, err = first.communicate(timeout=600)
    assert first.returncode == 0, out.decode() + err.decode()
    whole = time.perf_counter() - started  # start-up, reading, checking, inserting
    rng, kills, finished = random.Random(16), 0, 1
    for _attempt in range(3 * KILLS):
        run = _cli(data_dir.root, "import", "incoming", str(sheet), quiet=True)
        time.sleep(rng.uniform(0.3, 1.0) * whole)
        run.kill()
        code = run.wait(timeout=60)
        kills += code == -9
        finished += code == 0
        count = _count(data_dir.database)
        assert count % ROWS == 0, f"a partial import: {count} rows after kill {kills}"
        assert count >= finished * ROWS
        if kills >= KILLS:
            break
    assert kills >= KILLS
    check = _cli(data_dir.root, "check")
    out, err = check.communicate(timeout=600)
    assert check.returncode == 0, out.decode() + err.decode()

"""The office server at scale: move-to-server of a 200,000-收文 folder, then 收文 first paint,
search and a 10,000-row import on PostgreSQL printed beside SQLite, in the same run.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/server.py --data-dir D [--repeat 5]

D is a folder filled by `python -m app.cli demo --size 200000`; it is copied, never changed.
A throwaway cluster (tests/pg.py: initdb in a temp folder, fsync off) is started and deleted.
The move runs as the command line does, in its own process: its wall time and peak memory
(max RSS) are printed. Goals (issue 18): paint < 200 ms, search < 50 ms, import < 5 s.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.config import DataDir
from app.db import open_database, unit_of_work
from app.db.session import dispose
from app.services.context import CLI
from app.services.modules import load_all
from bench.registers import REGISTERS, _page_paint, _searcher
from tests import pg

ROOT = Path(__file__).resolve().parent.parent
WORDS = ("值班", "防汛", "防汛抗旱", "关于做好")


def _cli(folder: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app.cli", "--data-dir", str(folder), *argv],
                          cwd=ROOT, capture_output=True, text=True, check=False)  # fmt: skip


def copy_folder(source: Path, work: Path) -> Path:
    """A copy of the folder, migrated to this program's head before anything is timed."""
    folder = work / "pc"
    shutil.copytree(source, folder, ignore=shutil.ignore_patterns("在用", "在用.lock", "backups"))
    done = _cli(folder, "imports")
    if done.returncode:
        raise SystemExit(f"copy would not open: {done.stderr}")
    for old in (folder / "backups").glob("升级前-*"):  # the migration's own copy: not ours
        old.unlink()
    return folder


def move(folder: Path, url: str) -> tuple[float, float, str]:
    """(seconds, max RSS in MB, output) of `move-to-server` in its own process."""
    start = time.perf_counter()
    done = _cli(folder, "move-to-server", url)
    took = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"move refused: {done.stderr}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return took, peak, done.stdout.strip()


def measure(app: Any, data_dir: DataDir, repeat: int, work: Path) -> dict[str, float]:
    """收文 first paint (median of `repeat` fresh pages), each word's search, one import."""
    open_database(data_dir)
    try:
        module, name, _, _ = REGISTERS["收文"]
        paints, page = [], None
        for _ in range(repeat):
            if page is not None:
                page.close()
            took, page = _page_paint(app, module, name)
            paints.append(took)
        found = {"first paint": statistics.median(paints)}
        search = _searcher(app, "收文", page)
        for word in WORDS:  # as the window searches: list repainted, then 共 N 件 shown
            runs = [search(word) for _ in range(repeat)]
            found[f"search {word}"] = statistics.median(r[0] for r in runs)
            found[f"  共 N 件 {word}"] = statistics.median(r[1] for r in runs)
        page.close()
        found["import 10,000"] = import_rows(work, data_dir.on_server) * 1000
        return found
    finally:
        dispose()


def measure_others(app: Any, data_dir: DataDir, repeat: int) -> dict[str, float]:
    """发文, 督办, 用印 and 来访 as bench/registers.py measures them: first paint, and each
    of its two words typed to list repainted (共 N 件 after it)."""
    open_database(data_dir)
    try:
        found: dict[str, float] = {}
        for key, (module, name, words, _table) in REGISTERS.items():
            if key == "收文":
                continue
            paints, page = [], None
            for _ in range(repeat):  # median of fresh pages, as for 收文
                if page is not None:
                    page.close()
                took, page = _page_paint(app, module, name)
                paints.append(took)
            found[f"{key} first paint"] = statistics.median(paints)
            search = _searcher(app, key, page)
            for word in words:
                runs = [search(word) for _ in range(repeat)]
                found[f"{key} {word}"] = statistics.median(r[0] for r in runs)
                found[f"  共 N 件 {word}"] = statistics.median(r[1] for r in runs)
            page.close()
        return found
    finally:
        dispose()


def import_rows(work: Path, on_server: bool) -> float:
    """A 10,000-row 收文 sheet through import_file, as the window imports it: seconds."""
    from openpyxl import Workbook

    from app.services.transfer import import_file

    path = work / f"收文10000-{'pg' if on_server else 'sqlite'}.xlsx"
    last_year = date.today().year - 1
    sender = f"县档案馆{'服务器' if on_server else '本机'}"  # each engine its own: no duplicates
    book = Workbook(write_only=True)
    sheet = book.create_sheet("收文")
    sheet.append(["序号", "收文日期", "来文单位", "文号", "文件标题", "紧急程度", "份数"])
    for i in range(1, 10_001):
        sheet.append([i, f"{last_year}.{1 + i % 12}.{1 + i % 28}", sender,
                      f"县档发[{last_year}]{i:03d}号", f"关于做好第{i}批档案移交工作的通知",
                      "急件" if i % 20 == 0 else "", 1])  # fmt: skip
    book.save(path)
    start = time.perf_counter()
    with unit_of_work(CLI) as session:
        import_file(session, "incoming", path)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--registers",
        action="store_true",
        help="also 发文, 督办, 用印 and 来访 (first paint and search)",
    )
    args = parser.parse_args()
    # compiled first, as bench/registers.py does: an installed program runs from bytecode
    subprocess.run([sys.executable, "-m", "compileall", "-q", "app"], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    load_all()
    cluster = pg.Cluster().start()
    work = Path(tempfile.mkdtemp(prefix="dzb-bench-server-"))
    try:
        folder = copy_folder(Path(args.data_dir), work)
        cluster.admin("CREATE DATABASE dzb TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'")
        url = cluster.url("dzb")
        took, peak, said = move(folder, url)
        print(said)
        print(f"move-to-server: {took:.1f} s, peak memory (max RSS) {peak:.0f} MB")
        local = measure(app, DataDir(folder), args.repeat, work)
        server = measure(app, DataDir(folder, url), args.repeat, work)
        print(f"{'收文 measure':22} {'SQLite ms':>10} {'PostgreSQL ms':>14}  goal")
        goals = {"first paint": "< 200", "import 10,000": "< 5000"}
        goals.update({f"  共 N 件 {word}": "" for word in WORDS})
        for what, ms in local.items():
            print(f"{what:22} {ms:10.1f} {server[what]:14.1f}  {goals.get(what, '< 50')}")
        if args.registers:
            local = measure_others(app, DataDir(folder), args.repeat)
            server = measure_others(app, DataDir(folder, url), args.repeat)
            print(f"{'the other registers':22} {'SQLite ms':>10} {'PostgreSQL ms':>14}  goal")
            for what, ms in local.items():
                goal = "< 200" if "paint" in what else ("" if "共" in what else "< 50")
                print(f"{what:22} {ms:10.1f} {server[what]:14.1f}  {goal}")
    finally:
        dispose()
        cluster.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

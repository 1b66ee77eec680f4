"""Peak memory of a command-line 收文 import at the row cap, beside a small one and a refused one.

Run (POSIX): python bench/import_memory.py [--rows 99999] [--refused 1000000]
Each import runs in its own process; its peak RSS is read from getrusage(RUSAGE_CHILDREN)
after it ends. Goal (issue 16): under 500 MB, a file beyond the cap refused, not read whole.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SMALL = 1_000


def _sheet(path: Path, rows: int) -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["标题", "来文机关", "签收日期"])
        for n in range(rows):
            out.writerow([f"关于第{n}项工作的通知", "县委办", f"2026-{n % 11 + 1}-{n % 28 + 1}"])
    return path


def _import(folder: Path, sheet: Path) -> tuple[int, float, float, str]:
    """(exit code, seconds, peak MB of that process alone, its last line)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    command = [sys.executable, "-m", "app.cli", "--data-dir", str(folder), "import", "incoming"]
    started = time.perf_counter()
    # A fresh interpreter per import: RUSAGE_CHILDREN is the largest child so far, so each
    # measurement is taken in its own grandchild and read back from there.
    probe = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "lines = (done.stdout + done.stderr).strip().splitlines() or ['']\n"
        "print(done.returncode, peak, lines[-1], sep='\\t')\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, *command, str(sheet)], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=True)  # fmt: skip
    code, peak_kb, last = done.stdout.rstrip("\n").split("\t", 2)
    return int(code), time.perf_counter() - started, int(peak_kb) / 1024, last


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--rows", type=int, default=99_999, help="data rows (the cap less the header)"
    )
    parser.add_argument("--refused", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        for label, rows in (
            ("baseline", SMALL),
            ("at the cap", args.rows),
            ("refused", args.refused),
        ):
            sheet = _sheet(base / f"{rows}.csv", rows)
            code, seconds, peak, last = _import(base / f"data-{rows}", sheet)
            figures = f"exit {code}, {seconds:6.1f} s, peak {peak:6.0f} MiB"
            print(f"{label:10s} {rows:>9,} rows: {figures}  {last}")


if __name__ == "__main__":
    main()

"""Issue 14 in one run: start-up, the registers, the event-loop gaps and the search ratio.

    .venv/bin/python bench/issue14.py --data-dir D --password-file PW [--runs 7] [--repeat 5]

D is a data folder filled by `python -m app.cli demo --size 200000`; it is copied to a temporary
folder first, so it stays as it was. The four benches run one after another in this one run,
each printing its figures beside its own baseline measured in the same minutes:
bench/startup.py, bench/registers.py, bench/ticks.py and bench/filing.py (search ratio only).
The load average is printed before each, since these machines are shared.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _benches(data: Path, password_file: Path, runs: int, repeat: int) -> list[list[str]]:
    password = password_file.read_text(encoding="utf-8").strip()
    folder = str(data)
    return [
        ["startup.py", "--data-dir", folder, "--password-file", str(password_file),
         "--runs", str(runs)],
        ["registers.py", "--data-dir", folder, "--repeat", str(repeat)],
        ["ticks.py", "--data-dir", folder, "--password", password],
        ["filing.py", "--data-dir", folder, "--skip", "list", "import", "export"],
    ]  # fmt: skip


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"负载 {one:.2f}（5 分钟 {five:.2f}）"


def _run(argv: list[str]) -> None:
    print(f"\n=== bench/{' '.join(argv)}   {time.strftime('%H:%M:%S')}  {_load()}", flush=True)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run([sys.executable, str(ROOT / "bench" / argv[0]), *argv[1:]], env=env,
                   check=True)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", required=True, help="demo --size 200000 的数据文件夹")
    parser.add_argument("--password-file", required=True, help="管理员 admin 的密码文件")
    parser.add_argument("--runs", type=int, default=7, help="启动计时的次数")
    parser.add_argument("--repeat", type=int, default=5, help="各登记簿每项的次数")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dzb-issue14-") as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(args.data_dir, data)
        for argv in _benches(data, Path(args.password_file), args.runs, args.repeat):
            _run(argv)
    print(f"\n全部完成 {time.strftime('%H:%M:%S')}  {_load()}")


if __name__ == "__main__":
    main()

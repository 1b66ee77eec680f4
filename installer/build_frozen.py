"""Build the one-folder program with PyInstaller and run its --self-test offscreen.

    .venv/bin/python installer/build_frozen.py

Writes build/ and dist/dangzhengban/ (both gitignored); exits non-zero when the build or the
self-test fails; prints the time taken and the folder's size. Runs on Linux in CI; the same
spec builds the Windows program on Windows (which needs Windows to build).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist" / "dangzhengban"
EXE = DIST / ("dangzhengban.exe" if os.name == "nt" else "dangzhengban")
SELF_TEST_TIMEOUT_S = 180


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def build() -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(ROOT / "dist"), "--workpath", str(ROOT / "build"),
         str(ROOT / "installer" / "dangzhengban.spec")],
        cwd=ROOT, check=True,
    )  # fmt: skip
    return time.perf_counter() - started


def self_test() -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    env.pop("DZB_DATA_DIR", None)  # the self-test makes its own temporary data folder
    started = time.perf_counter()
    done = subprocess.run([str(EXE), "--self-test"], env=env, timeout=SELF_TEST_TIMEOUT_S,
                          cwd=ROOT / "dist")  # fmt: skip
    if done.returncode:
        raise SystemExit(f"打包后的程序自检失败（退出码 {done.returncode}）")
    return time.perf_counter() - started


def main() -> int:
    try:
        built = build()
    except subprocess.CalledProcessError as exc:
        print(f"打包失败（PyInstaller 退出码 {exc.returncode}）", file=sys.stderr)
        return 1
    tested = self_test()
    size_mb = folder_size(DIST) / 1e6
    print(f"打包用时 {built:.1f} 秒；自检用时 {tested:.1f} 秒；{DIST.name}/ 共 {size_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Set up and run, or set up and test: `python dev.py run` / `python dev.py test`.

Needs only Python 3.11+. Makes .venv, installs the pinned requirements (again only when
they change), on Debian as root installs the system libraries Qt needs when missing,
then opens the program or runs every check CI runs.
"""

from __future__ import annotations

import ctypes.util
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
WINDOWS = os.name == "nt"
PY = VENV / ("Scripts/python.exe" if WINDOWS else "bin/python")

# Qt's shared libraries (offscreen included) and what the checks use, by Debian package.
DEBIAN_LIBS = {
    "EGL": "libegl1",
    "GL": "libgl1",
    "xkbcommon": "libxkbcommon0",
    "fontconfig": "libfontconfig1",
    "dbus-1": "libdbus-1-3",
    "glib-2.0": "libglib2.0-0",
}
DEBIAN_TOOLS = {
    "objdump": "binutils",  # PyInstaller reads shared libraries with it
    "pdftotext": "poppler-utils",  # the PDF tests read the text back
    "faketime": "faketime",  # the suite runs again on a date whose holidays are unknown
    # the server tests start a throwaway cluster (tests/pg.py); Debian keeps initdb off PATH
    "/usr/lib/postgresql": "postgresql",
}
# The whole service suite runs again on PostgreSQL (~9 min on two cores; the tests of the
# SQLite file itself skip there, saying so).
SERVER_SUITE = "tests/services"
# The suite must hold on any date: once more, as if it were the first working day of 2027.
FAKE_DATE = "2027-01-04 10:00:00"


def run(*cmd: object, env: dict[str, str] | None = None) -> None:
    print("»", " ".join(str(c) for c in cmd), flush=True)
    done = subprocess.run([str(c) for c in cmd], cwd=ROOT, env=env)
    if done.returncode:
        sys.exit(done.returncode)


def ensure_system_libs() -> None:
    if not sys.platform.startswith("linux") or not shutil.which("apt-get"):
        return
    missing = [pkg for lib, pkg in DEBIAN_LIBS.items() if not ctypes.util.find_library(lib)]
    missing += [pkg for tool, pkg in DEBIAN_TOOLS.items() if not _has_tool(tool)]
    if not missing:
        return
    if os.geteuid() != 0:
        print("缺少系统库（请用 root 安装）：", " ".join(missing))
        return
    apt = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run("apt-get", "update", "-qq", env=apt)
    run("apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing, env=apt)


def _has_tool(tool: str) -> bool:
    return Path(tool).is_dir() if tool.startswith("/") else shutil.which(tool) is not None


def ensure_venv(requirements: str) -> None:
    if not PY.exists():
        run(sys.executable, "-m", "venv", VENV)
    wanted = _requirements_digest(requirements)
    stamp = VENV / f".installed-{requirements}"
    if stamp.exists() and stamp.read_text() == wanted:
        return
    run(PY, "-m", "pip", "install", "-q", "--disable-pip-version-check", "-r", requirements)
    stamp.write_text(wanted)


def _requirements_digest(requirements: str) -> str:
    digest = hashlib.sha256()
    for name in ("requirements.txt", requirements):
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def cmd_run(args: list[str]) -> None:
    ensure_system_libs()
    ensure_venv("requirements.txt")
    run(PY, "-m", "app", *args)


def cmd_test(args: list[str]) -> None:
    ensure_system_libs()
    ensure_venv("requirements-dev.txt")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONDONTWRITEBYTECODE": "1"}
    bin_dir = PY.parent
    run(bin_dir / "ruff", "check", ".", env=env)
    run(bin_dir / "ruff", "format", "--check", ".", env=env)
    run(bin_dir / "lint-imports", env=env)
    run(bin_dir / "mypy", env=env)
    run(PY, "-m", "pytest", "-p", "no:cacheprovider", *args, env=env)
    if not args:
        # The office server: the service tests again, on a throwaway PostgreSQL cluster
        # (tests/pg.py; tests/server ran above already, on the same kind of cluster).
        print("» 在 PostgreSQL 上再测服务层", flush=True)
        run(PY, "-m", "pytest", "-p", "no:cacheprovider", "-q", "--engine=postgresql",
            SERVER_SUITE, env=env)  # fmt: skip
    if shutil.which("faketime") and not args:
        print(f"» 在 {FAKE_DATE} 再测一遍", flush=True)
        run("faketime", FAKE_DATE, PY, "-m", "pytest", "-p", "no:cacheprovider", "-q", env=env)
    frozen = ROOT / "installer" / "build_frozen.py"
    # DZB_SKIP_FROZEN=1 skips the ~1 min frozen build while iterating; CI never sets it.
    if frozen.exists() and not os.environ.get("DZB_SKIP_FROZEN"):
        run(PY, frozen, env=env)


def main() -> None:
    command, *rest = sys.argv[1:] or ["run"]
    if command == "run":
        cmd_run(rest)
    elif command == "test":
        cmd_test(rest)
    else:
        sys.exit("用法：python dev.py run | python dev.py test")


if __name__ == "__main__":
    main()

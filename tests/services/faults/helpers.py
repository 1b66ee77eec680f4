"""Other processes for the fault tests: a holder of the data folder, a writer of 发文."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

HOLD = """
import sys, time
from app.db.lock import FolderLock
lock = FolderLock(__import__("pathlib").Path(sys.argv[1]))
lock.acquire_shared()
print("ready", flush=True)
sys.stdin.read()
"""


def python(code: str, *args: str, stdin: int | None = None) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen(
        [sys.executable, "-c", code, *args], cwd=ROOT, env=env, text=True,
        stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip


class Holder:
    """Another program with the data folder open (it holds the lock shared until closed)."""

    def __init__(self, root: Path) -> None:
        self.proc = python(HOLD, str(root), stdin=subprocess.PIPE)
        assert self.proc.stdout is not None
        assert self.proc.stdout.readline().strip() == "ready", self.proc.stderr

    def close(self) -> None:
        self.proc.communicate(timeout=30)

    def __enter__(self) -> Holder:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

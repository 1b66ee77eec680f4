"""Owner-only files and folders (0600/0700 on POSIX; LOCALAPPDATA is per-user on Windows)."""

from __future__ import annotations

import os
from pathlib import Path

FILE_MODE, DIR_MODE = 0o600, 0o700


def private_dir(path: Path) -> Path:
    """Make the folder (and its missing parents) readable by the owner only."""
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    _chmod(path, DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """Create the file empty, owner-only, before SQLite or a log handler opens it.

    SQLite gives its -wal and -shm the database file's mode, so they follow.
    """
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, FILE_MODE))
    _chmod(path, FILE_MODE)
    return path


def _chmod(path: Path, mode: int) -> None:
    if os.name == "posix":
        os.chmod(path, mode)

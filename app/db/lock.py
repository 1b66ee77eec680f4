"""The data folder's lock: every process holds it shared; restore and migration need it alone."""

from __future__ import annotations

import atexit
import getpass
import json
import os
import platform
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from app import clock
from app.db.errors import StorageError
from app.private import private_file

LOCK_FILE = "在用.lock"
HOLDERS = "在用"  # one small file per process: PC name, user and since when


def who_am_i() -> tuple[str, str]:
    """(operating-system user, PC name): the actor of a command-line run, and a lock's holder."""
    try:
        user = getpass.getuser()
    except (OSError, KeyError):  # no login name in the environment (a service account)
        user = "未知用户"
    return user, platform.node() or "未知计算机"


@dataclass(frozen=True)
class Holder:
    user: str
    pc: str
    since: str
    pid: int

    def describe(self) -> str:
        return f"{self.pc} 上的 {self.user}（自 {self.since} 起）"


class Busy(StorageError):
    """Another process holds the data folder; the message names it for the clerk."""

    def __init__(self, holders: list[Holder], doing: str, named: Sequence[str] = ()) -> None:
        """named: the holders already described (the office server's sessions)."""
        who = "；".join(named or [h.describe() for h in holders]) or "另一个程序"
        super().__init__(f"数据正在被使用：{who}。请先关闭那里的程序，再{doing}。")
        self.holders = holders


if sys.platform == "win32":  # pragma: no cover - exercised on the Windows build
    import ctypes
    import msvcrt
    from ctypes import wintypes

    class _Overlapped(ctypes.Structure):
        _fields_ = [("Internal", ctypes.c_void_p), ("InternalHigh", ctypes.c_void_p),
                    ("Offset", wintypes.DWORD), ("OffsetHigh", wintypes.DWORD),
                    ("hEvent", wintypes.HANDLE)]  # fmt: skip

    _EXCLUSIVE, _FAIL_NOW = 0x2, 0x1

    def _os_lock(handle: IO[bytes], exclusive: bool) -> bool:
        flags = _FAIL_NOW | (_EXCLUSIVE if exclusive else 0)
        os_handle = msvcrt.get_osfhandle(handle.fileno())
        done = ctypes.windll.kernel32.LockFileEx(  # type: ignore[attr-defined]
            os_handle, flags, 0, 1, 0, ctypes.byref(_Overlapped())
        )
        return bool(done)

    def _os_unlock(handle: IO[bytes]) -> None:
        os_handle = msvcrt.get_osfhandle(handle.fileno())
        ctypes.windll.kernel32.UnlockFileEx(  # type: ignore[attr-defined]
            os_handle, 0, 1, 0, ctypes.byref(_Overlapped())
        )

else:
    import fcntl

    def _os_lock(handle: IO[bytes], exclusive: bool) -> bool:
        mode = (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB
        try:
            fcntl.flock(handle.fileno(), mode)
        except BlockingIOError:
            return False
        return True

    def _os_unlock(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


class FolderLock:
    """One process's hold on one data folder (shared, or exclusive for whole-file work)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.handle: IO[bytes] | None = None
        self.exclusive = False
        user, pc = who_am_i()
        self.me = Holder(user, pc, clock.now().strftime("%Y-%m-%d %H:%M"), os.getpid())

    @property
    def _card(self) -> Path:
        return self.root / HOLDERS / f"{self.me.pc}-{self.me.pid}.json"

    def acquire_shared(self, doing: str = "打开数据") -> None:
        """Join the other users of the folder; refused only while one holds it alone."""
        self._open()
        if not self._set(exclusive=False):
            raise Busy(self.others(), doing)
        self._write_card()
        # The OS lets go of the lock when the process ends, but not of the card: take it away.
        atexit.register(self.release)

    def _open(self) -> None:
        if self.handle is None:
            path = self.root / LOCK_FILE
            private_file(path)
            self.handle = open(path, "rb+")  # noqa: SIM115 - held for the whole run

    def _set(self, exclusive: bool) -> bool:
        assert self.handle is not None
        if _os_lock(self.handle, exclusive):
            self.exclusive = exclusive
            return True
        return False

    def upgrade(self, doing: str) -> None:
        """Hold the folder alone (restore, migration); Busy, still shared, when others hold it."""
        self._open()
        assert self.handle is not None
        # flock may convert in place, but LockFileEx cannot: release, try, and rejoin on failure.
        _os_unlock(self.handle)
        if self._set(exclusive=True):
            return
        if not self._set(exclusive=False):  # pragma: no cover - someone took it alone meanwhile
            self.release()
        raise Busy(self.others(), doing)

    def downgrade(self) -> None:
        if self.handle is not None and self.exclusive:
            _os_unlock(self.handle)
            self._set(exclusive=False)

    def release(self) -> None:
        if self.handle is not None:
            _os_unlock(self.handle)
            self.handle.close()
            self.handle = None
        self._card.unlink(missing_ok=True)

    def _write_card(self) -> None:
        self._card.parent.mkdir(mode=0o700, exist_ok=True)
        private_file(self._card).write_text(json.dumps(self.me.__dict__, ensure_ascii=False))

    def others(self) -> list[Holder]:
        """The holders' cards but this process's own; a crashed process's card may linger."""
        found = []
        for card in sorted((self.root / HOLDERS).glob("*.json")):
            holder = _read_card(card)
            if holder is None or (holder.pid, holder.pc) == (self.me.pid, self.me.pc):
                continue
            if holder.pc == self.me.pc and not _alive(holder.pid):
                card.unlink(missing_ok=True)  # left by a run that crashed on this PC
                continue
            found.append(holder)
        return found


def _alive(pid: int) -> bool:
    if os.name != "posix":  # pragma: no cover - no cheap check there; keep the card
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


def _read_card(card: Path) -> Holder | None:
    try:
        data: dict[str, Any] = json.loads(card.read_text(encoding="utf-8"))
        return Holder(str(data["user"]), str(data["pc"]), str(data["since"]), int(data["pid"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None

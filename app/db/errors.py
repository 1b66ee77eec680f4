"""Storage failures (disk full, read-only, locked, corrupt) told apart from bugs."""

from __future__ import annotations

import sqlite3


class StorageError(Exception):
    """The disk or the database file failed; the message is for the clerk."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail


_KNOWN = (
    ("database or disk is full", "磁盘空间已满，本次操作未保存。请清理磁盘后重试。"),
    ("disk i/o error", "读写磁盘出错，本次操作未保存。请检查磁盘或U盘是否已拔出。"),
    ("readonly", "数据文件为只读，无法保存。请检查数据文件夹的权限。"),
    ("read-only", "数据文件为只读，无法保存。请检查数据文件夹的权限。"),
    ("database is locked", "数据库正被另一程序占用，请稍后重试。"),
    ("malformed", "数据库文件已损坏。请从备份恢复（设置 → 备份与恢复）。"),
    ("file is not a database", "这不是本程序的数据库文件，或文件已损坏。"),
    ("unable to open database", "无法打开数据库文件。请检查数据文件夹是否存在、是否可写。"),
)


def translate(exc: BaseException) -> StorageError | None:
    """Map a driver error to a StorageError, or None when it is not a storage failure."""
    from sqlalchemy.exc import DBAPIError  # here: the window's start imports this module early

    original = exc.orig if isinstance(exc, DBAPIError) else exc
    if original is not None and type(original).__module__.startswith("psycopg"):
        return _server(original)
    if not isinstance(original, sqlite3.OperationalError | sqlite3.DatabaseError):
        return None
    if isinstance(original, sqlite3.IntegrityError):
        return None
    text = str(original).lower()
    for needle, message in _KNOWN:
        if needle in text:
            return StorageError(message, str(original))
    return None


def _server(original: BaseException) -> StorageError | None:
    """The office server unreachable or refusing: a storage failure, not a bug."""
    state = str(getattr(original, "sqlstate", None) or "")
    if type(original).__name__ == "OperationalError" and (not state or state[:2] in ("08", "57")):
        return StorageError("无法连接办公室服务器，请检查网络和服务器是否开机；本次操作未保存。",
                            str(original))  # fmt: skip
    if state[:2] == "40":  # serialization failure or deadlock: nothing was saved
        return StorageError("另一台电脑正在修改同一数据，本次操作未保存，请重试。", str(original))
    return None

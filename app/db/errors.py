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


UNREACHABLE = "无法连接办公室服务器，请检查网络和服务器是否开机；本次操作未保存。"


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
    # psycopg's ConnectionTimeout is an OperationalError too: match the class or its bases
    operational = any(c.__name__ == "OperationalError" for c in type(original).__mro__)
    if operational and (not state or state[:2] in ("08", "57")):
        return StorageError(UNREACHABLE, str(original))
    if state[:2] == "40":  # serialization failure or deadlock: nothing was saved
        return StorageError("另一台电脑正在修改同一数据，本次操作未保存，请重试。", str(original))
    return None


# libpq's words (the server's messages in English: server-setup sets lc_messages to C).
_REASONS = (
    (("password authentication failed", "no password supplied", "role \""),
     "用户名或密码不对：服务器拒绝了用户 {user} 的登录。"),
    (("does not exist",), "服务器上没有名为 {database} 的数据库，请检查数据库名。"),
    (("no pg_hba.conf entry",),
     "服务器不接受本机的连接：请在服务器上用 server-setup --subnet 允许本办公室的网段。"),
)  # fmt: skip
_CHECK = "请检查服务器地址和端口、网络，以及服务器是否已开机。"


def why_not(error: str, url: str, timeout_s: int | None = None) -> str:
    """The clerk's reason for a refused connection, naming the server (never its password):
    unreachable, silent past the connect timeout, wrong password, no database."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    where = f"{parsed.host or parsed.query.get('host') or '本机'}:{parsed.port or 5432}"
    lowered = error.lower()
    for needles, message in _REASONS:
        if any(n in lowered for n in needles):
            return message.format(user=parsed.username, database=parsed.database)
    if "timeout expired" in lowered and timeout_s:
        return f"无法连接办公室服务器 {where}：{timeout_s} 秒内没有应答。{_CHECK}"
    return f"无法连接办公室服务器 {where}：{_CHECK}"

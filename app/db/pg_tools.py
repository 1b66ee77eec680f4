"""The office server's own tools (pg_dump, pg_restore), how to reach it, and who is on it."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection
from sqlalchemy.engine import URL, make_url

from app.db.errors import StorageError
from app.db.lock import who_am_i

APP_NAME = "dzb"  # application_name is printable ASCII: PC and user ride punycoded
# Debian and Ubuntu put the server's binaries beside its version, not on PATH.
_DEBIAN_BIN = Path("/usr/lib/postgresql")
_WINDOWS_BIN = Path(os.environ.get("PROGRAMFILES", "C:/Program Files")) / "PostgreSQL"


def application_name(pc: str | None = None, user: str | None = None) -> str:
    """What this PC's connections are called on the server (a refusal names them by it):
    `dzb:` and the punycode of PC and user, within the server's 63 bytes."""
    me_user, me_pc = who_am_i()
    pc, user = pc or me_pc, user or me_user
    while True:
        name = f"{APP_NAME}:" + f"{pc}/{user}".encode("punycode").decode("ascii")
        if len(name) <= 63 or not (pc or user):
            return name[:63]
        pc, user = (pc[:-1], user) if len(pc) >= len(user) else (pc, user[:-1])


def _named(application: str) -> tuple[str, str] | None:
    """(PC, user) from one of this program's connections; None for anyone else's."""
    if not application.startswith(f"{APP_NAME}:"):
        return None
    try:
        pc, _, user = (
            application[len(APP_NAME) + 1 :].encode("ascii").decode("punycode").partition("/")
        )
    except (UnicodeError, ValueError):
        return None
    return pc, user


def find_bin(name: str) -> str | None:
    """pg_dump / pg_restore on PATH, or the newest installed server's bin folder."""
    found = shutil.which(name)
    if found:
        return found
    for root in (_DEBIAN_BIN, _WINDOWS_BIN):
        versions = sorted(root.iterdir(), key=_version, reverse=True) if root.is_dir() else []
        for version in versions:
            for candidate in (version / "bin" / name, version / "bin" / f"{name}.exe"):
                if candidate.exists():
                    return str(candidate)
    return None


def _version(path: Path) -> float:
    try:
        return float(path.name)
    except ValueError:
        return 0.0


def with_database(url: str, database: str) -> str:
    return make_url(url).set(database=database).render_as_string(hide_password=False)


def run(tool: str, url: str, *args: str, timeout: float = 3600) -> str:
    """Run pg_dump or pg_restore against the URL's server; its refusal is a StorageError."""
    binary = find_bin(tool)
    if binary is None:
        why = "请在本机安装 PostgreSQL 客户端工具（与服务器同版本或更新）"
        raise StorageError(f"找不到 {tool}：{why}。")
    parsed = make_url(url)
    env = {**os.environ, "PGAPPNAME": application_name()}
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)  # never on the command line: ps shows it
    command = [binary, *_connection_args(parsed), *args]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=timeout)
    if done.returncode:
        raise StorageError(f"{tool} 失败：{_first_line(done.stderr)}", done.stderr)
    return done.stdout


def _connection_args(url: URL) -> list[str]:
    host = url.host or url.query.get("host")
    port = url.port or url.query.get("port")
    found = [("-h", host), ("-p", port), ("-U", url.username), ("-d", url.database)]
    return [part for flag, value in found if value for part in (flag, str(value))]


def _first_line(text: str) -> str:
    return next((line for line in text.splitlines() if line.strip()), "未知错误")


def others_on(conn: Connection, database: str, *, waiting: bool = True) -> list[str]:
    """Every other connection to the database, named by PC and user where it is ours;
    waiting=False leaves out those still waiting for an advisory lock (PCs starting up)."""
    queued = "" if waiting else _NOT_WAITING
    rows = conn.exec_driver_sql(
        "SELECT application_name, client_addr, backend_start FROM pg_stat_activity a "
        f"WHERE datname = %s AND pid <> pg_backend_pid(){queued} ORDER BY backend_start",
        (database,),
    ).all()
    return [describe(name, addr, since) for name, addr, since in rows]


_NOT_WAITING = (" AND NOT EXISTS (SELECT FROM pg_locks l WHERE l.pid = a.pid"
                " AND l.locktype = 'advisory' AND NOT l.granted)")  # fmt: skip


def describe(name: str | None, addr: object, since: datetime | None) -> str:
    """`办公室2 上的 张三（自 2026-11-30 10:00 起，192.168.1.11）`."""
    ours = _named(name or "")
    who = f"{ours[0]} 上的 {ours[1]}" if ours else name or "未知程序"
    when = f"自 {since.astimezone():%Y-%m-%d %H:%M} 起" if since else ""
    where = "，".join(str(x) for x in (when, addr) if x)
    return f"{who}（{where}）" if where else who

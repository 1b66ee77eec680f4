"""Backup and restore on the office server: pg_dump -Fc with the chain-head manifest, and a
restore into a new database that is checked and then swapped in by renaming."""

from __future__ import annotations

import re
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection, Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app import clock
from app.config import DataDir
from app.db import pg_tools
from app.db.engine import make_server_engine
from app.db.migrate import known_revisions, script_heads, server_revision, upgrade_server
from app.db.session import dispose
from app.services import anchors, attachments, audit, registry
from app.services.backup import ROUTINE, BackupInfo, free_name, prune_copies
from app.services.context import Actor, Perm
from app.services.errors import DomainError, PermissionDenied, StorageError
from app.services.session import current_data_dir, open_database, unit_of_work

SUFFIX = ".dump"
_DUMP_NAME = re.compile(r"^备份-(?P<stamp>\d{8}-\d{6})(?:-\d+)?\.dump$")
# pg_advisory_lock(RESTORE_LOCK, hashtext(database)) in the maintenance database: one
# restore of a database at a time; the server drops it if that PC dies.
RESTORE_LOCK = 0x445A4232
_OURS = ("TABLE public audit_entries", "TABLE public alembic_version", "TABLE public blobs")


def _require(actor: Actor, perm: Perm) -> None:
    if not actor.can(perm):
        raise PermissionDenied(f"{actor.role}无权{perm}。")


def target_of(out: Path, *, folder: bool) -> Path:
    """A named file, or 备份-YYYYMMDD-HHMMSS.dump in an existing folder (a USB stick)."""
    if not folder:
        if not out.parent.is_dir():
            raise DomainError(f"找不到文件夹：{out.parent}")
        return out
    if not out.is_dir():
        raise DomainError(f"找不到文件夹：{out}（U盘是否已插好？）")
    return free_name(out, ROUTINE, SUFFIX)


def backup(actor: Actor, target: Path) -> Path:
    """pg_dump -Fc of the server into target, its chain heads read in the same snapshot."""
    _require(actor, Perm.MANAGE_SETTINGS)
    url = str(current_data_dir().database_url)
    engine = make_server_engine(url)
    try:
        with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn:
            conn.begin()
            snapshot = str(conn.exec_driver_sql("SELECT pg_export_snapshot()").scalar())
            with Session(bind=conn) as session:
                heads = anchors.heads_of(session)
            # the snapshot lives while this transaction does: pg_dump copies exactly it
            pg_tools.run("pg_dump", url, "-Fc", f"--snapshot={snapshot}", "-f", str(target))
    finally:
        engine.dispose()
    anchors.write_heads(target, heads)
    _audit(actor, "备份", target.name, f"服务器备份到 {target}（pg_dump，含附件）")
    return target


def on_server() -> bool:
    """The open data lives on the office server (the window picks these services then)."""
    return current_data_dir().on_server


def backup_now(actor: Actor) -> Path:
    """立即备份 in the window: a dump into this PC's backups folder, whose old dumps are then
    pruned by the rule of the SQLite copies."""
    folder = current_data_dir().backups
    folder.mkdir(parents=True, exist_ok=True)
    made = backup(actor, target_of(folder, folder=True))
    prune_copies(list_dumps(folder))
    return made


def restore_open(actor: Actor, file: Path) -> ServerRestore:
    """恢复 in the window: the open server database."""
    return restore(actor, file, current_data_dir())


def list_dumps(folder: Path | None = None) -> list[BackupInfo]:
    """The server dumps in a folder (this PC's backups), newest first (names carry the time)."""
    folder = folder or current_data_dir().backups
    found = []
    for path in folder.glob(f"*{SUFFIX}") if folder.is_dir() else ():
        match = _DUMP_NAME.match(path.name)
        if match:
            taken = datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S")
            found.append(BackupInfo(path, "服务器备份", taken, path.stat().st_size))
    return sorted(found, key=lambda b: (b.taken_at, b.path.name), reverse=True)


def _audit(actor: Actor, action: str, name: str, summary: str) -> None:
    with unit_of_work(actor) as session:
        audit.record(session, action, "数据库", name, actor=actor, summary=summary)


@dataclass(frozen=True)
class ServerRestore:
    restored_from: Path
    safety_copy: str  # the database as it was, kept on the server under this name


def restore(actor: Actor, file: Path, data_dir: DataDir) -> ServerRestore:
    """Into a new database, migrated and checked, then renamed into place under the lock."""
    _require(actor, Perm.RESTORE)
    file = Path(file)
    _check_dump(file)
    dispose()  # this process's own connections would stand in the way of the rename
    try:
        kept = _restore_unbound(str(data_dir.database_url), file)
    except BaseException:
        with suppress(Exception):  # refused: carry on with the data as it was
            open_database(data_dir)
        raise
    open_database(data_dir)
    _audit(actor, "恢复", file.name, f"从 {file.name} 恢复服务器数据库；恢复前的库保留为 {kept}")
    return ServerRestore(file, kept)


def _restore_unbound(url: str, file: Path) -> str:
    live = str(make_url(url).database)
    admin = make_server_engine(pg_tools.with_database(url, "postgres"))
    try:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            _lock(conn, live)
            try:
                return _restore_locked(conn, url, live, file)
            finally:
                conn.exec_driver_sql("SELECT pg_advisory_unlock(%s, hashtext(%s))",
                                     (RESTORE_LOCK, live))  # fmt: skip
    finally:
        admin.dispose()


def _check_dump(file: Path) -> None:
    if not file.is_file():
        raise DomainError(f"找不到备份文件：{file.name}")
    try:
        listing = pg_tools.run("pg_restore", "postgresql://", "--list", str(file))
    except StorageError as exc:
        raise DomainError(f"“{file.name}”不是本程序的服务器备份文件（pg_dump -Fc）。") from exc
    if not all(name in listing for name in _OURS):
        raise DomainError(f"“{file.name}”不是本程序的服务器备份文件。")


def _lock(conn: Connection, live: str) -> None:
    """The exclusive lock, or a refusal naming the PC that holds it."""
    if conn.exec_driver_sql("SELECT pg_try_advisory_lock(%s, hashtext(%s))",
                            (RESTORE_LOCK, live)).scalar():  # fmt: skip
        return
    holder = conn.exec_driver_sql(
        "SELECT a.application_name, a.client_addr, a.backend_start FROM pg_locks l "
        "JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' "
        "AND l.granted AND l.classid = %s",
        (RESTORE_LOCK,),
    ).first()
    named = pg_tools.describe(*holder) if holder else "另一台电脑"
    raise DomainError(f"{named} 正在恢复或升级服务器数据，请等它完成后再恢复。")


def _restore_locked(conn: Connection, url: str, live: str, file: Path) -> str:
    stamp = clock.now().strftime("%Y%m%d_%H%M%S")
    candidate, kept = _name(live, f"_restore_{stamp}"), _name(live, f"_before_{stamp}")
    _create_like(conn, live, candidate)
    try:
        pg_tools.run("pg_restore", pg_tools.with_database(url, candidate), "--no-owner",
                     "--exit-on-error", str(file))  # fmt: skip
        _analyze(pg_tools.with_database(url, candidate))
        _check_candidate(pg_tools.with_database(url, candidate), file)
        _swap(conn, live, candidate, kept)
    except BaseException:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{candidate}" WITH (FORCE)')
        raise
    return kept


def _name(live: str, tail: str) -> str:
    """A database name within the server's 63 bytes."""
    room = 63 - len(tail.encode())
    return live.encode()[:room].decode(errors="ignore") + tail


def _create_like(conn: Connection, live: str, new: str) -> None:
    """A new database with the live one's encoding and locale (search depends on them)."""
    collate, ctype = conn.exec_driver_sql(
        "SELECT datcollate, datctype FROM pg_database WHERE datname = %s", (live,)
    ).one()
    conn.exec_driver_sql(f"CREATE DATABASE \"{new}\" TEMPLATE template0 ENCODING 'UTF8' "
                         f"LC_COLLATE '{collate}' LC_CTYPE '{ctype}'")  # fmt: skip


def _analyze(url: str) -> None:
    """Statistics for the restored tables: a dump carries none, and until autovacuum came
    the first searches after a restore were planned blind (as after move-to-server)."""
    engine = make_server_engine(url)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    finally:
        engine.dispose()


def _check_candidate(url: str, file: Path) -> None:
    """Migrated if older, refused if newer, then `check` as on the live database."""
    engine = make_server_engine(url)
    try:
        at = server_revision(engine)
        if at not in known_revisions():
            raise DomainError(f"备份文件“{file.name}”来自更新版本或未知版本的程序"
                              f"（结构版本 {at}），本程序不能恢复它。请先升级本程序。")  # fmt: skip
        if at not in script_heads():
            upgrade_server(engine)
        findings = candidate_findings(engine)
    finally:
        engine.dispose()
    if findings:
        raise DomainError(f"备份文件“{file.name}”检查未通过，未恢复：{'；'.join(findings[:3])}")


def candidate_findings(engine: Engine) -> list[str]:
    """`check` of a database that is not the open one: its attachments are in it too."""
    with Session(engine) as session:
        checks = [(n, c) for n, c in registry.CHECKS if n not in registry.FILE_CHECKS]
        checks.append(("附件校验", attachments.verify))
        return [f"{name}：{problem}" for name, check in checks for problem in check(session)]


def _swap(conn: Connection, live: str, candidate: str, kept: str) -> None:
    """Both renames in one transaction (ALTER DATABASE … RENAME may run in one, unlike CREATE
    or DROP): another PC sees the old database or the new, never none. Refused, naming them,
    while other PCs are on either: a rename cannot pass them."""
    others = pg_tools.others_on(conn, live)
    if others:
        raise DomainError(f"数据正在被使用：{'；'.join(others)}。请先关闭那里的程序，再恢复备份。")
    conn.exec_driver_sql("BEGIN")  # the connection is in autocommit: this one is the server's
    try:
        conn.exec_driver_sql(f'ALTER DATABASE "{live}" RENAME TO "{kept}"')
        conn.exec_driver_sql(f'ALTER DATABASE "{candidate}" RENAME TO "{live}"')
        conn.exec_driver_sql("COMMIT")
    except DBAPIError as exc:  # a PC connected between the look and the renames
        conn.exec_driver_sql("ROLLBACK")
        on_either = pg_tools.others_on(conn, live) + pg_tools.others_on(conn, candidate)
        named = "；".join(on_either) or "另一台电脑"
        raise DomainError(f"数据正在被使用：{named}。请先关闭那里的程序，再恢复备份。") from exc

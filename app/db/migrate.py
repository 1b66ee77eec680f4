"""Migrate on start: copy the database aside, then run alembic built in code."""

from __future__ import annotations

import re
import sqlite3
import time
from contextlib import closing
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

from app import clock
from app.config import DataDir, migrations_root
from app.db import engine as engines
from app.db import pg_tools
from app.db.engine import make_engine, make_server_engine
from app.db.errors import UNREACHABLE, StorageError, translate, why_not
from app.db.lock import Busy
from app.db.session import bind, hold
from app.private import private_dir, private_file

# PRAGMA application_id of this program's files ("DZB1"); set by migration 0009.
APPLICATION_ID = 0x445A4231
NEWER = "此数据由更新版本的程序创建（版本 {at}），请升级程序。"

_REVISION = re.compile(r'^revision(?:: str)?\s*=\s*["\']([^"\']+)["\']', re.M)
_DOWN = re.compile(r'^down_revision[^=]*=\s*["\']([^"\']+)["\']', re.M)


def _scripts() -> tuple[set[str], set[str]]:
    """(every revision, every parent), read cheaply from the version files (no alembic)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (migrations_root() / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        found = _REVISION.search(source)
        if found:
            revisions.add(found.group(1))
        parents.update(_DOWN.findall(source))
    return revisions, parents


def script_heads() -> set[str]:
    """The head revisions."""
    revisions, parents = _scripts()
    return revisions - parents


def known_revisions() -> set[str]:
    """Every revision this program ships."""
    return _scripts()[0]


def current_revision(path: Path) -> str | None:
    if not path.exists():
        return None
    with closing(sqlite3.connect(path)) as conn:
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.DatabaseError:
            return None
    return row[0] if row else None


def application_id(path: Path) -> int:
    """PRAGMA application_id of an existing file (0 when never set, or unreadable)."""
    try:
        with closing(sqlite3.connect(path)) as conn:
            return int(conn.execute("PRAGMA application_id").fetchone()[0])
    except sqlite3.DatabaseError:
        return 0


def backup_file(source: Path, target: Path) -> Path:
    """Online copy through SQLite's backup API (a plain file copy can miss the WAL)."""
    private_file(private_dir(target.parent) / target.name)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


def alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_root()))
    config.attributes["engine"] = engine
    return config


def upgrade(db_path: Path, revision: str = "head") -> None:
    """Run migrations on their own connection with foreign keys off, then check them."""
    from alembic import command

    engine = make_engine(db_path, foreign_keys=False)
    try:
        command.upgrade(alembic_config(engine), revision)
        with engine.connect() as conn:
            problems = conn.execute(text("PRAGMA foreign_key_check")).fetchall()
    finally:
        engine.dispose()
    if problems:
        raise StorageError("数据库升级后外键检查未通过，请从升级前的备份恢复。", str(problems[:5]))


def upgrade_server(engine: Engine, revision: str = "head") -> None:
    """Run migrations on the office server (PostgreSQL checks foreign keys as it goes)."""
    from alembic import command

    command.upgrade(alembic_config(engine), revision)


def server_revision(engine: Engine) -> str | None:
    """The server database's alembic revision; None when it is empty."""
    with engine.connect() as conn:
        return _revision_on(conn)


def _revision_on(conn: Connection) -> str | None:
    if conn.exec_driver_sql("SELECT to_regclass('alembic_version')").scalar() is None:
        return None
    return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def _refuse_if_used(conn: Connection) -> None:
    """A migration rewrites tables under older programs still open: they close first. PCs
    starting at the same moment wait for the lock and are not counted (they find the schema
    current once it is released).

    A PC that has just connected has not asked for the lock yet: it is given a few looks
    (SETTLE_LOOKS × SETTLE_PAUSE_S) to queue or leave before it counts as using the data."""
    for look in range(SETTLE_LOOKS):
        named = list(dict.fromkeys(pg_tools.others_on(conn, str(conn.engine.url.database),
                                                      waiting=False)))  # fmt: skip
        if not named:
            return
        if look < SETTLE_LOOKS - 1:
            time.sleep(SETTLE_PAUSE_S)
    raise Busy([], "升级数据", named)


SETTLE_LOOKS = 15
SETTLE_PAUSE_S = 0.2  # counted looks, not a deadline: the suite also runs under faketime


# pg_advisory_lock key of "one PC migrates at a time"; the server drops it if that PC dies.
MIGRATE_LOCK = 0x445A4231


def _open_server(data_dir: DataDir, url: str) -> Engine:
    """The first PC to start a newer program migrates, holding the server's session lock
    (the others wait on it, then find the schema current), unless another PC has the
    database open (refused, naming it); a newer schema is refused."""
    engine = make_server_engine(url)
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql(f"SELECT pg_advisory_lock({MIGRATE_LOCK})")
            try:
                at = _revision_on(conn)  # on this connection: the pool holds no other
                if at is not None and at not in known_revisions():
                    raise StorageError(NEWER.format(at=at), at)
                if at not in script_heads():
                    _refuse_if_used(conn)
                    upgrade_server(engine)
            finally:
                conn.exec_driver_sql(f"SELECT pg_advisory_unlock({MIGRATE_LOCK})")
    except BaseException:
        engine.dispose()
        raise
    bind(engine, data_dir)
    return engine


def open_database(data_dir: DataDir) -> Engine:
    """Make the folders, join the folder's lock, migrate if the schema is behind, and bind.

    A damaged or unreadable file is a StorageError with the clerk's message, not a traceback.
    """
    data_dir.ensure()
    try:
        return _open(data_dir)
    except (DBAPIError, sqlite3.DatabaseError) as exc:
        storage = translate(exc)
        if storage is None:
            raise
        raise _named(storage, data_dir, exc) from exc


def _named(storage: StorageError, data_dir: DataDir, exc: BaseException) -> StorageError:
    """At the start, a server that cannot be reached is named (host and port, never the
    password), with the connect timeout it did not answer within."""
    url = data_dir.database_url
    if url is None or not isinstance(exc, DBAPIError) or storage.message != UNREACHABLE:
        return storage
    return StorageError(why_not(str(exc.orig), url, engines.CONNECT_TIMEOUT_S), storage.detail)


def _open(data_dir: DataDir) -> Engine:
    lock = hold(data_dir)
    if data_dir.database_url is not None:
        return _open_server(data_dir, data_dir.database_url)
    _refuse_foreign(data_dir.database)
    if current_revision(data_dir.database) not in script_heads():
        lock.upgrade("升级数据")  # a migration rewrites tables: nobody else may be in them
        try:
            _migrate(data_dir)
        finally:
            lock.downgrade()
    engine = make_engine(data_dir.database)
    bind(engine, data_dir)
    return engine


def _refuse_foreign(db_path: Path) -> None:
    """Another program's file, or one from a newer version of this one: touch nothing."""
    found = application_id(db_path) if db_path.exists() else 0
    if found not in (0, APPLICATION_ID):
        raise StorageError("这不是本程序的数据库文件，或文件已损坏。", f"application_id={found}")
    at = current_revision(db_path)
    if at is not None and at not in known_revisions():
        raise StorageError(NEWER.format(at=at), at)


def _migrate(data_dir: DataDir) -> None:
    # Read again under the exclusive lock: another process may have migrated meanwhile.
    db_path = data_dir.database
    at = current_revision(db_path)
    if at in script_heads():
        return
    if at is None:
        private_file(db_path)
    else:
        stamp = clock.now().strftime("%Y%m%d-%H%M%S")
        backup_file(db_path, data_dir.backups / f"升级前-{at}-{stamp}.sqlite3")
    upgrade(db_path)

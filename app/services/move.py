"""move-to-server: this PC's SQLite data and attachments into an empty server database."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, Table, func, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.config import DataDir, save_database_url
from app.credentials import CredentialStoreError, store_password
from app.db.dialect import pg_drop_sql, pg_tables, pg_vector_index_sql
from app.db.engine import make_engine, make_server_engine
from app.db.lock import who_am_i
from app.db.migrate import MIGRATE_LOCK, script_heads, upgrade_server
from app.db.session import hold
from app.models.attachments import Blob
from app.models.base import Base
from app.services import audit, audit_chain
from app.services.context import Actor, Perm
from app.services.errors import DomainError, PermissionDenied
from app.services.seals import chain as seal_chain

BATCH = 5000
REFUSED = "未迁移，本机与服务器的数据都保持原样："
CHAINS = {"用印登记簿": ("seal_uses", seal_chain.check), "审计日志": ("audit_entries",
          audit_chain.verify)}  # fmt: skip


@dataclass(frozen=True)
class Moved:
    tables: int
    rows: int
    blobs: int
    settings: Path


def move_to_server(actor: Actor, data_dir: DataDir, url: str) -> Moved:
    """Copy, check and switch; any difference rolls the server back to empty."""
    if not actor.can(Perm.RESTORE):
        raise PermissionDenied(f"{actor.role}无权{Perm.RESTORE}。")
    if data_dir.on_server:
        raise DomainError("本机已在使用办公室服务器，无需迁移。")
    _keep_password(url)  # before copying: a PC that cannot keep it is refused untouched
    lock = hold(data_dir)
    lock.upgrade("迁移到服务器")  # nobody writes the local file while it is copied
    try:
        target = _engine(url)
        try:
            moved = _move_locked(actor, data_dir, target)
        finally:
            target.dispose()
    finally:
        lock.downgrade()
    return Moved(*moved, save_database_url(data_dir.root, url))


def _keep_password(url: str) -> None:
    """The URL's password goes to the system's credential store; the settings file keeps
    the URL without it."""
    if make_url(url).password is None:
        return
    try:
        store_password(url)
    except CredentialStoreError as exc:
        raise DomainError(REFUSED + exc.message) from exc


def _engine(url: str) -> Engine:
    try:
        return make_server_engine(url)
    except ValueError as exc:
        raise DomainError(f"{exc}。") from exc


def _move_locked(actor: Actor, data_dir: DataDir, target: Engine) -> tuple[int, int, int]:
    """Under the server's migration lock: no PC starts on it while it is filled."""
    with target.connect().execution_options(isolation_level="AUTOCOMMIT") as guard:
        guard.exec_driver_sql(f"SELECT pg_advisory_lock({MIGRATE_LOCK})")
        try:
            _refuse_unless_empty(guard)
            upgrade_server(target)
            try:
                moved = _copy_checked(actor, data_dir, target)
            except BaseException:
                _drop_schema(target)  # it was empty: leave it empty
                raise
            _settle(guard)
            return moved
        finally:
            guard.exec_driver_sql(f"SELECT pg_advisory_unlock({MIGRATE_LOCK})")


def _settle(conn: Connection) -> None:
    """VACUUM (ANALYZE) what was copied (~3 s for 700,000 rows). Until autovacuum came (not
    within 4 minutes of a move) the planner had no statistics, and the first reader of each
    page wrote its hint bits: the first searches and paints on the new server were slow."""
    conn.exec_driver_sql("VACUUM (ANALYZE) " + ", ".join(t.name for t in tables()))


def _refuse_unless_empty(conn: Connection) -> None:
    found = conn.exec_driver_sql(
        "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')"
    ).scalar()
    if found:
        name = conn.exec_driver_sql("SELECT current_database()").scalar()
        raise DomainError(f"{REFUSED}服务器上的数据库“{name}”不是空的（已有 {found} 个表或序列）。"
                          "请在服务器上新建一个空数据库再迁移。")  # fmt: skip


def _drop_schema(target: Engine) -> None:
    """Undo the migration of the empty database: its tables, version and search function."""
    with target.begin() as conn:
        Base.metadata.drop_all(conn)
        conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        for statement in pg_drop_sql():
            conn.exec_driver_sql(statement)


def tables() -> list[Table]:
    """Every table of the schema, parents before children."""
    return list(Base.metadata.sorted_tables)


def _copy_checked(actor: Actor, data_dir: DataDir, target: Engine) -> tuple[int, int, int]:
    source = make_engine(data_dir.database)
    try:
        with source.connect() as src, target.connect() as dst:
            src.begin()  # one snapshot of the local file for the copy and its checks
            _refuse_old_schema(src)
            with dst.begin():
                rows = _copy(src, dst)
                blobs = copy_blobs(src, dst, data_dir.attachments)
                _refuse_differences(src, dst)
                _record(dst, actor)
            return len(tables()), rows, blobs
    finally:
        source.dispose()


def _refuse_old_schema(src: Connection) -> None:
    at = src.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    if at not in script_heads():
        raise DomainError(f"{REFUSED}本机数据库的结构版本（{at}）不是最新，请先用本程序打开一次。")


def _copy(src: Connection, dst: Connection) -> int:
    """Every row, with the search indexes built once at the end instead of row by row."""
    for table in pg_tables():
        dst.exec_driver_sql(f"DROP INDEX ix_{table}_bigrams")
    rows = sum(copy_table(src, dst, table) for table in tables())
    for statement in (s for table in pg_tables() for s in pg_vector_index_sql(table)):
        dst.exec_driver_sql(statement)
    _continue_sequences(dst)
    return rows


def copy_table(src: Connection, dst: Connection, table: Table) -> int:
    """One table in batches, values through the column types (times, flags) as the ORM
    writes them; a row the server refuses (a text longer than its column) is named."""
    copied = 0
    result = src.execution_options(yield_per=BATCH).execute(select(table))
    for part in result.mappings().partitions(BATCH):
        try:
            dst.execute(table.insert(), [dict(row) for row in part])
        except DBAPIError as exc:
            why = str(exc.orig).splitlines()[0]
            raise DomainError(f"{REFUSED}表 {table.name} 的数据服务器不接受：{why}") from exc
        copied += len(part)
    return copied


def _continue_sequences(dst: Connection) -> None:
    """Each id sequence past the largest id copied: the next new row must not collide."""
    for table in tables():
        keys = list(table.primary_key.columns)
        if len(keys) != 1:  # a composite key (a counter's series and year) has no sequence
            continue
        pk = keys[0]
        sequence = dst.execute(
            text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": pk.name}
        ).scalar()
        if sequence is not None:
            dst.exec_driver_sql(
                f"SELECT setval('{sequence}', COALESCE(MAX({pk.name}), 0) + 1, false) "
                f"FROM {table.name}"
            )


def copy_blobs(src: Connection, dst: Connection, store: Path) -> int:
    """Each stored file into the blobs table, re-hashed on the way: a missing or changed file
    stops the move (check names it)."""
    pairs = src.exec_driver_sql("SELECT DISTINCT sha256, file_format FROM attachments").all()
    for sha, file_format in pairs:
        path = store / sha[:2] / f"{sha}.{file_format}"
        content = path.read_bytes() if path.is_file() else None
        if content is None or hashlib.sha256(content).hexdigest() != sha:
            where = f"attachments/{sha[:2]}/{path.name}"
            raise DomainError(f"{REFUSED}附件文件 {where} 缺失或已被改动，请先运行“检查”。")
        dst.execute(insert(Blob).values(sha256=sha, content=content).on_conflict_do_nothing())
    return len({sha for sha, _ in pairs})


def _refuse_differences(src: Connection, dst: Connection) -> None:
    differences = [*_count_differences(src, dst), *_chain_differences(src, dst)]
    if differences:
        raise DomainError(REFUSED + "；".join(differences[:5]))


def _count_differences(src: Connection, dst: Connection) -> list[str]:
    found = []
    for table in tables():
        if table.name == Blob.__tablename__:  # filled from the folder's files: counted below
            continue
        here, there = (c.scalar(select(func.count()).select_from(table)) for c in (src, dst))
        if here != there:
            found.append(f"表 {table.name} 本机 {here} 行，服务器 {there} 行")
    blobs = dst.scalar(select(func.count()).select_from(Blob))
    files = src.exec_driver_sql("SELECT count(DISTINCT sha256) FROM attachments").scalar()
    if blobs != files:
        found.append(f"附件内容本机 {files} 个，服务器 {blobs} 个")
    return found


def _chain_differences(src: Connection, dst: Connection) -> list[str]:
    """The same (序号, 校验值) on both sides, and each chain still verifying on the server."""
    found = []
    for name, (table, verify) in CHAINS.items():
        links = f"SELECT seq, hash FROM {table} WHERE seq IS NOT NULL ORDER BY seq"
        if src.exec_driver_sql(links).all() != dst.exec_driver_sql(links).all():
            found.append(f"{name}的链与本机不一致")
            continue
        problems = _on(dst, verify)
        if problems and problems != _on(src, verify):
            found.append(f"{name}的链在服务器上校验不通过：{problems[0]}")
    return found


def _on(conn: Connection, check: Callable[[Session], list[str]]) -> list[str]:
    with Session(bind=conn) as session:  # joins the connection's transaction, never commits
        return check(session)


def _record(dst: Connection, actor: Actor) -> None:
    """The move itself on the server's audit trail, after the checks."""
    user, pc = who_am_i()
    with Session(bind=dst) as session:
        audit.record(session, "迁移", "数据库", pc, actor=actor,
                     summary=f"{pc} 上的 {user} 把本机数据迁移到服务器")  # fmt: skip
        session.flush()

"""SQLite file work for backups: online copy, inspecting a candidate file, integrity checks."""

from __future__ import annotations

import os
import shutil
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, text

from app.db.migrate import known_revisions, upgrade
from app.private import private_dir, private_file


def copy_database(source: Path, target: Path, *, read_only: bool = False) -> Path:
    """Online copy through the backup API into target.part, then rename (power cuts).

    A plain file copy can miss what is still in the WAL; the backup API cannot.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")
    part.unlink(missing_ok=True)
    private_file(part)
    src_conn = (
        sqlite3.connect(_read_only_uri(source), uri=True) if read_only else sqlite3.connect(source)
    )
    with closing(src_conn) as src, closing(sqlite3.connect(part)) as dst:
        src.backup(dst)
        # A copy is one self-contained file: no -wal beside it to lose on a USB stick.
        dst.execute("PRAGMA journal_mode=DELETE")
    _fsync(part)
    os.replace(part, target)
    return target


def copy_for_rescue(source: Path, target: Path) -> Path:
    """An online copy; a byte copy (with its -wal) when SQLite cannot read the file."""
    try:
        return copy_database(source, target)
    except sqlite3.DatabaseError:
        target.with_name(target.name + ".part").unlink(missing_ok=True)
    shutil.copyfile(source, target)
    wal = _sidecar(source, "-wal")
    if wal.exists():
        shutil.copyfile(wal, _sidecar(target, "-wal"))
    return target


def restore_into(source: Path, live: Path) -> None:
    """Write source's pages into the live database through the backup API.

    The caller holds the data folder alone. The live file is never renamed and its -wal
    never deleted: a connection this process still pools sees the restored data at once.
    Only a live file SQLite cannot read at all (damaged) is replaced whole.
    """
    try:
        with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(live)) as dst:
            dst.execute("PRAGMA busy_timeout=5000")
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=WAL")
    except sqlite3.DatabaseError:
        if inspect_file(live).readable:
            raise
        _replace_damaged(source, live)


def _replace_damaged(source: Path, live: Path) -> None:
    staged = copy_database(source, live.with_name(live.name + ".restore"))
    for suffix in ("-wal", "-shm"):  # safe only because nobody else holds the folder
        _sidecar(live, suffix).unlink(missing_ok=True)
    os.replace(staged, live)


def _sidecar(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _fsync(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _read_only_uri(path: Path) -> str:
    return Path(path).resolve().as_uri() + "?mode=ro"


@dataclass(frozen=True)
class FileReport:
    """What a candidate backup file is: a readable database? ours? which schema?"""

    readable: bool
    integrity: str  # "ok" or SQLite's first complaint
    has_version_table: bool
    revision: str | None
    application_id: int = 0
    schema: dict[str, frozenset[str]] | None = None  # table -> its columns


def inspect_file(path: Path) -> FileReport:
    """Open read-only and look: integrity_check, application_id, alembic_version, schema."""
    try:
        with closing(sqlite3.connect(_read_only_uri(path), uri=True)) as conn:
            integrity = str(conn.execute("PRAGMA integrity_check").fetchone()[0])
            app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
            schema = _schema(conn)
            revision = None
            if "alembic_version" in schema:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
    except sqlite3.DatabaseError:
        return FileReport(False, "", False, None)
    return FileReport(True, integrity, "alembic_version" in schema, revision, app_id, schema)


def _schema(conn: sqlite3.Connection) -> dict[str, frozenset[str]]:
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    return {
        name: frozenset(r[1] for r in conn.execute(f'PRAGMA table_info("{name}")'))
        for name in names
        if not name.startswith("sqlite_")
    }


_SCHEMAS: dict[str, dict[str, frozenset[str]]] = {}


def schema_at(revision: str, scratch: Path) -> dict[str, frozenset[str]]:
    """The tables and columns this program makes at revision (an empty file migrated there)."""
    if revision not in _SCHEMAS:
        empty = private_dir(scratch) / f"schema-{revision}.sqlite3"
        empty.unlink(missing_ok=True)
        try:
            upgrade(empty, revision)
            with closing(sqlite3.connect(empty)) as conn:
                _SCHEMAS[revision] = _schema(conn)
        finally:
            for leftover in (empty, _sidecar(empty, "-wal"), _sidecar(empty, "-shm")):
                leftover.unlink(missing_ok=True)
    return _SCHEMAS[revision]


__all__ = ["known_revisions"]


def integrity_findings(conn: Connection) -> list[str]:
    """PRAGMA integrity_check and foreign_key_check, as plain-language findings."""
    findings = [
        f"完整性检查：{row[0]}"
        for row in conn.execute(text("PRAGMA integrity_check"))
        if row[0] != "ok"
    ]
    for table, rowid, parent, _fk in conn.execute(text("PRAGMA foreign_key_check")):
        findings.append(f"外键不一致：表 {table} 第 {rowid} 行引用的 {parent} 记录不存在")
    return findings


def chain_links(path: Path, table: str) -> list[tuple[int, str]]:
    """(seq, hash) of every entry of a hash-chained table in a file, read-only."""
    sql = f"SELECT seq, hash FROM {table} WHERE seq IS NOT NULL ORDER BY seq"
    with closing(sqlite3.connect(_read_only_uri(path), uri=True)) as conn:
        return [(int(seq), str(digest)) for seq, digest in conn.execute(sql)]

"""SQLite file work for backups: online copy, inspecting a candidate file, integrity checks."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, text

from app.config import migrations_root
from app.db.migrate import _REVISION


def copy_database(source: Path, target: Path) -> Path:
    """Online copy through the backup API into target.part, then rename (power cuts).

    A plain file copy can miss what is still in the WAL; the backup API cannot.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")
    part.unlink(missing_ok=True)
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(part)) as dst:
        src.backup(dst)
        # A copy is one self-contained file: no -wal beside it to lose on a USB stick.
        dst.execute("PRAGMA journal_mode=DELETE")
    _fsync(part)
    os.replace(part, target)
    return target


def copy_into_place(source: Path, target: Path) -> None:
    """Overwrite the live database file's content with source, in one transaction."""
    src_conn = sqlite3.connect(_read_only_uri(source), uri=True)
    with closing(src_conn) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=WAL")


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


def inspect_file(path: Path) -> FileReport:
    """Open read-only and look: integrity_check, then alembic_version."""
    try:
        with closing(sqlite3.connect(_read_only_uri(path), uri=True)) as conn:
            integrity = str(conn.execute("PRAGMA integrity_check").fetchone()[0])
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            revision = None
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
    except sqlite3.DatabaseError:
        return FileReport(False, "", False, None)
    return FileReport(True, integrity, "alembic_version" in tables, revision)


def known_revisions() -> set[str]:
    """Every revision this program ships (read from the version files, no alembic import)."""
    found: set[str] = set()
    for path in (migrations_root() / "versions").glob("*.py"):
        match = _REVISION.search(path.read_text(encoding="utf-8"))
        if match:
            found.add(match.group(1))
    return found


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

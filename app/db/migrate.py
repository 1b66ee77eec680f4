"""Migrate on start: copy the database aside, then run alembic built in code."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from app import clock
from app.config import DataDir, migrations_root
from app.db.engine import make_engine
from app.db.errors import StorageError, translate
from app.db.session import bind

_REVISION = re.compile(r'^revision(?:: str)?\s*=\s*["\']([^"\']+)["\']', re.M)
_DOWN = re.compile(r'^down_revision[^=]*=\s*["\']([^"\']+)["\']', re.M)


def script_heads() -> set[str]:
    """The head revisions, read cheaply from the version files (no alembic import)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (migrations_root() / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        found = _REVISION.search(source)
        if found:
            revisions.add(found.group(1))
        parents.update(_DOWN.findall(source))
    return revisions - parents


def current_revision(path: Path) -> str | None:
    if not path.exists():
        return None
    with sqlite3.connect(path) as conn:
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.DatabaseError:
            return None
    return row[0] if row else None


def backup_file(source: Path, target: Path) -> Path:
    """Online copy through SQLite's backup API (a plain file copy can miss the WAL)."""
    target.parent.mkdir(parents=True, exist_ok=True)
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


def open_database(data_dir: DataDir) -> Engine:
    """Make the folders, migrate if the schema is behind, and bind the unit of work.

    A damaged or unreadable file is a StorageError with the clerk's message, not a traceback.
    """
    data_dir.ensure()
    try:
        return _open(data_dir)
    except (DBAPIError, sqlite3.DatabaseError) as exc:
        storage = translate(exc)
        if storage is None:
            raise
        raise storage from exc


def _open(data_dir: DataDir) -> Engine:
    db_path = data_dir.database
    at = current_revision(db_path)
    if at is None or {at} != script_heads():
        if at is not None:
            stamp = clock.now().strftime("%Y%m%d-%H%M%S")
            backup_file(db_path, data_dir.backups / f"升级前-{at}-{stamp}.sqlite3")
        upgrade(db_path)
    engine = make_engine(db_path)
    bind(engine, data_dir)
    return engine

"""Upgrade paths: the released schema keeps its rows, a failed step rolls back whole,
and start-up copies the database aside before migrating."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

import app.db.migrate as migrate
from app.config import DataDir, migrations_root
from app.db import open_database, unit_of_work
from app.db.session import dispose
from app.services import settings, users
from app.services.context import SYSTEM
from tests.migrations.fixtures.build import FIXTURE_PASSWORD, ROWS_0005_CIRCULATION, fill
from tests.migrations.test_chain_rows import audit_row_follows_the_tail

FIXTURES = Path(__file__).parent / "fixtures"


def _rows(db: Path, sql: str) -> list[tuple]:
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute(sql).fetchall()


def test_released_0001_upgrades_to_head_and_keeps_rows(tmp_path):
    data_dir = DataDir(tmp_path / "data").ensure()
    shutil.copyfile(FIXTURES / "0001_foundation.db", data_dir.database)
    open_database(data_dir)
    try:
        assert {migrate.current_revision(data_dir.database)} == migrate.script_heads()
        with unit_of_work() as session:
            assert settings.org_name(session) == "某某镇人民政府"
            assert users.login(session, "wenshu", FIXTURE_PASSWORD).actor is not None
        with unit_of_work(SYSTEM) as session:  # reading the user list needs someone who may
            assert [u.username for u in users.list_users(session)] == ["admin", "wenshu"]
            audit_row_follows_the_tail(session)  # 0028 filled it, the logins moved it
    finally:
        dispose()
    assert _rows(data_dir.database, "SELECT original_name FROM attachments") == [("通知.pdf",)]
    assert _rows(data_dir.database, "SELECT name FROM calendar_days") == [("元旦",)]


def _scripts_with(tmp_path: Path, revision_body: str) -> Path:
    """A copy of the shipped migrations plus one more revision on top of the head."""
    root = tmp_path / "migrations"
    shutil.copytree(migrations_root(), root, ignore=shutil.ignore_patterns("__pycache__"))
    (head,) = migrate.script_heads()
    (root / "versions" / "9001_extra.py").write_text(
        '"""extra revision for a test"""\n'
        "import sqlalchemy as sa\nfrom alembic import op\n\n"
        f'revision = "9001_extra"\ndown_revision = "{head}"\n'
        "branch_labels = None\ndepends_on = None\n\n\n"
        f"def upgrade():\n{revision_body}\n\n\ndef downgrade():\n    pass\n",
        encoding="utf-8",
    )
    return root


BROKEN = """\
    op.create_table("half_done", sa.Column("id", sa.Integer(), primary_key=True))
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("nickname", sa.String(40), nullable=True))
    op.execute("UPDATE users SET nickname = 'x'")
    raise RuntimeError("step three of the migration failed")"""

GOOD = """\
    op.create_table("new_things", sa.Column("id", sa.Integer(), primary_key=True))"""


def test_failed_migration_rolls_back_whole(tmp_path, monkeypatch):
    db = tmp_path / "db.sqlite3"
    shutil.copyfile(FIXTURES / "0001_foundation.db", db)
    migrate.upgrade(db)
    before = _rows(db, "SELECT type, name, sql FROM sqlite_master ORDER BY name")
    scripts = _scripts_with(tmp_path, BROKEN)
    monkeypatch.setattr(migrate, "migrations_root", lambda: scripts)
    with pytest.raises(RuntimeError, match="step three"):
        migrate.upgrade(db)
    assert _rows(db, "SELECT type, name, sql FROM sqlite_master ORDER BY name") == before
    assert {migrate.current_revision(db)} != {"9001_extra"}
    assert _rows(db, "SELECT username FROM users ORDER BY id") == [("admin",), ("wenshu",)]


def test_start_up_copies_database_aside_before_migrating(tmp_path, monkeypatch):
    data_dir = DataDir(tmp_path / "data").ensure()
    shutil.copyfile(FIXTURES / "0001_foundation.db", data_dir.database)
    migrate.upgrade(data_dir.database)  # at today's head, which is now one behind
    at = migrate.current_revision(data_dir.database)
    scripts = _scripts_with(tmp_path, GOOD)
    monkeypatch.setattr(migrate, "migrations_root", lambda: scripts)
    open_database(data_dir)
    dispose()
    (copy,) = data_dir.backups.glob("升级前-*.sqlite3")
    assert copy.name.startswith(f"升级前-{at}-")
    assert migrate.current_revision(copy) == at
    assert _rows(copy, "SELECT username FROM users ORDER BY id") == [("admin",), ("wenshu",)]
    assert migrate.current_revision(data_dir.database) == "9001_extra"


def test_start_up_at_head_makes_no_copy(tmp_path):
    data_dir = DataDir(tmp_path / "data").ensure()
    open_database(data_dir)  # fresh: nothing to copy
    dispose()
    open_database(data_dir)  # at head: nothing to migrate
    dispose()
    assert not list(data_dir.backups.iterdir())


def test_0006_copies_the_open_circulation_onto_the_incoming_row(tmp_path):
    """传阅 made before 0006: the one still out names the holder, returned ones do not."""
    db = tmp_path / "old.sqlite3"
    migrate.upgrade(db, "0005_visits")
    with closing(sqlite3.connect(db)) as conn, conn:
        fill(conn, ROWS_0005_CIRCULATION)
    migrate.upgrade(db)
    assert _rows(db, "SELECT id, holder, held_since FROM incoming_docs ORDER BY id") == [
        (1, "张书记", "2026-03-04 01:00:00.000000"),
        (2, "", None),
    ]

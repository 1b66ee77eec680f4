"""Migrations: one head, models match them, upgrade from an empty database."""

from __future__ import annotations

import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from app.db.engine import make_engine
from app.db.fulltext import include_name
from app.db.migrate import alembic_config, current_revision, script_heads, upgrade
from app.models.base import Base
from app.services.modules import load_all


def test_one_head_and_cheap_reader_agrees(tmp_path):
    script = ScriptDirectory.from_config(alembic_config(make_engine(tmp_path / "x.db")))
    heads = script.get_heads()
    assert len(heads) == 1
    assert script_heads() == set(heads)


# SQLite's reflection cannot read an expression index (the 发文 list's order): alembic
# compares the plain ones, and test_outgoing_order checks that one serves the list
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based")
def test_upgrade_from_empty_matches_models(tmp_path):
    load_all()
    db = tmp_path / "empty.sqlite3"
    upgrade(db)
    assert {current_revision(db)} == script_heads()
    engine = make_engine(db)
    with engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"include_name": include_name}), Base.metadata
        )
    engine.dispose()
    assert diff == []


def test_upgrade_leaves_foreign_keys_consistent(tmp_path):
    db = tmp_path / "fk.sqlite3"
    upgrade(db)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

"""Each released schema, built on the server at its revision with the fixture's rows, upgrades
to head there and keeps them (the SQLite files of tests/migrations/fixtures, on PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from app.config import DataDir
from app.db import open_database, unit_of_work
from app.db.engine import make_server_engine
from app.db.migrate import script_heads, server_revision, upgrade_server
from app.db.session import dispose
from app.services import settings, users
from app.services.context import SYSTEM
from app.services.modules import load_all
from tests.migrations.fixtures import build
from tests.migrations.test_chain_rows import audit_row_follows_the_tail


def _released(pg_cluster, revision: str, rows: build.Rows | None = None) -> str:
    """A server database at `revision` holding that release's fixture rows (or `rows`)."""
    name = f"dzb_released_{revision.split('_')[0]}"
    pg_cluster.admin(f"DROP DATABASE IF EXISTS {name}")
    pg_cluster.admin(f"CREATE DATABASE {name}")
    url = pg_cluster.url(name)
    engine = make_server_engine(url)
    try:
        upgrade_server(engine, revision)
        raw = engine.raw_connection()
        try:
            build.fill(raw, rows or build.RELEASED[revision], paramstyle="format")
            raw.commit()
        finally:
            raw.close()
    finally:
        engine.dispose()
    return url


@pytest.mark.parametrize("revision", sorted(build.RELEASED))
def test_a_released_schema_upgrades_to_head_on_the_server_and_keeps_its_rows(
    pg_cluster, tmp_path, revision
):
    url = _released(pg_cluster, revision)
    load_all()
    open_database(DataDir(tmp_path / "pc", url))  # the start migrates, as on a PC
    try:
        with unit_of_work() as session:
            assert settings.org_name(session) == "某某镇人民政府"
            assert users.login(session, "wenshu", build.FIXTURE_PASSWORD).actor is not None
        with unit_of_work(SYSTEM) as session:
            assert [u.username for u in users.list_users(session)] == ["admin", "wenshu"]
            audit_row_follows_the_tail(session)  # 0028 filled it, the logins moved it
            names = session.execute(text("SELECT original_name FROM attachments")).all()
            days = session.execute(text("SELECT name FROM calendar_days")).all()
    finally:
        dispose()
    assert [tuple(r) for r in names] == [("通知.pdf",)]
    assert [tuple(r) for r in days] == [("元旦",)]
    engine = make_server_engine(url)
    assert {server_revision(engine)} == script_heads()
    engine.dispose()


def test_0006_copies_the_open_circulation_onto_the_incoming_row_on_the_server(pg_cluster):
    """The data step of 0006 on PostgreSQL: the 传阅 still out names the holder."""
    url = _released(pg_cluster, "0005_visits", build.ROWS_0005_CIRCULATION)
    engine = make_server_engine(url)
    try:
        upgrade_server(engine)
        with engine.connect() as conn:
            held = conn.execute(
                text("SELECT id, holder, to_char(held_since, 'YYYY-MM-DD HH24:MI') "
                     "FROM incoming_docs ORDER BY id")
            ).all()  # fmt: skip
    finally:
        engine.dispose()
    assert [tuple(r) for r in held] == [(1, "张书记", "2026-03-04 01:00"), (2, "", None)]

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


def _released(pg_cluster, revision: str) -> str:
    """A server database at `revision` holding that release's fixture rows."""
    name = f"dzb_released_{revision.split('_')[0]}"
    pg_cluster.admin(f"DROP DATABASE IF EXISTS {name}")
    pg_cluster.admin(f"CREATE DATABASE {name}")
    url = pg_cluster.url(name)
    engine = make_server_engine(url)
    try:
        upgrade_server(engine, revision)
        raw = engine.raw_connection()
        try:
            build.fill(raw, build.RELEASED[revision], paramstyle="format")
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
            names = session.execute(text("SELECT original_name FROM attachments")).all()
            days = session.execute(text("SELECT name FROM calendar_days")).all()
    finally:
        dispose()
    assert [tuple(r) for r in names] == [("通知.pdf",)]
    assert [tuple(r) for r in days] == [("元旦",)]
    engine = make_server_engine(url)
    assert {server_revision(engine)} == script_heads()
    engine.dispose()

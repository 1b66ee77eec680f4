"""Choosing the server: no SQLite file made, one alembic chain to head, newer schemas refused."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from app.config import DB_FILE, DataDir, resolve_data_dir
from app.db import StorageError, open_database
from app.db.engine import make_server_engine
from app.db.fulltext import include_name
from app.db.migrate import script_heads, server_revision, upgrade_server
from app.db.session import dispose
from app.models.base import Base
from app.services.modules import load_all


def test_an_empty_server_database_upgrades_to_head_and_matches_the_models(pg_cluster):
    load_all()
    pg_cluster.admin("CREATE DATABASE dzb_empty")
    engine = make_server_engine(pg_cluster.url("dzb_empty"))
    try:
        upgrade_server(engine)
        assert {server_revision(engine)} == script_heads()
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"include_name": include_name})
            assert compare_metadata(context, Base.metadata) == []
            # the search indexes only PostgreSQL has: one GIN expression index per register
            found = conn.execute(text(
                "SELECT indexname FROM pg_indexes WHERE indexname LIKE 'ix_%_bigrams'"
            )).scalars().all()  # fmt: skip
            fts5 = conn.execute(text("SELECT to_regclass('incoming_fts')")).scalar()
    finally:
        engine.dispose()
    assert sorted(found) == [
        "ix_archive_items_bigrams", "ix_incoming_docs_bigrams", "ix_outgoing_docs_bigrams",
        "ix_seal_uses_bigrams", "ix_supervision_tasks_bigrams", "ix_visit_cases_bigrams",
        "ix_visit_petitioners_bigrams",
    ]  # fmt: skip
    assert fts5 is None  # SQLite's FTS5 steps were skipped


def test_with_a_url_no_local_database_is_made_and_the_folder_keeps_logs(pg_cluster, tmp_path):
    pg_cluster.admin("CREATE DATABASE dzb_fresh")
    url = pg_cluster.url("dzb_fresh")
    folder = resolve_data_dir(tmp_path / "pc", url)
    assert folder.database_url == url
    load_all()
    open_database(folder)
    dispose()
    assert not (tmp_path / "pc" / DB_FILE).exists()
    assert (tmp_path / "pc" / "logs").is_dir()


def test_the_environment_names_the_server(monkeypatch, tmp_path):
    monkeypatch.setenv("DZB_DATABASE_URL", "postgresql+psycopg://dzb@192.168.1.10/dzb")
    assert resolve_data_dir(tmp_path).database_url == "postgresql+psycopg://dzb@192.168.1.10/dzb"
    # the command line wins
    assert resolve_data_dir(tmp_path, "postgresql+psycopg://x@h/y").database_url == (
        "postgresql+psycopg://x@h/y"
    )
    monkeypatch.delenv("DZB_DATABASE_URL")
    assert resolve_data_dir(tmp_path).database_url is None


def test_a_server_migrated_by_a_newer_program_is_refused(pg_cluster, tmp_path):
    pg_cluster.admin("CREATE DATABASE dzb_newer")
    url = pg_cluster.url("dzb_newer")
    load_all()
    open_database(DataDir(tmp_path / "a", url))
    dispose()
    engine = make_server_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0999_future'"))
    engine.dispose()
    with pytest.raises(StorageError, match="请升级程序"):
        open_database(DataDir(tmp_path / "b", url))
    assert not (tmp_path / "b" / DB_FILE).exists()


def test_an_unreachable_server_is_a_clear_message_not_a_traceback(pg_cluster, tmp_path):
    url = pg_cluster.url("dzb_fresh").replace(f"port={pg_cluster.port}", "port=1")
    with pytest.raises(StorageError, match="无法连接办公室服务器"):
        open_database(DataDir(tmp_path / "c", url))

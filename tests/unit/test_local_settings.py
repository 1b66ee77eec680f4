"""The per-user choice of database: saved in the data folder without its password."""

from __future__ import annotations

import json
import os

import pytest

from app.config import LOCAL_SETTINGS, resolve_data_dir, save_database_url, saved_database_url

# resolve_data_dir looks a saved server's password up: in a store of the test's own
pytestmark = pytest.mark.usefixtures("credential_store")


def test_a_saved_server_is_used_at_the_next_start_and_keeps_no_password(tmp_path, monkeypatch):
    monkeypatch.delenv("DZB_DATABASE_URL", raising=False)
    root = tmp_path / "pc"
    assert saved_database_url(root) is None
    path = save_database_url(root, "postgresql+psycopg://dzb:s3cret@192.168.1.10:5432/dzb")
    assert path.name == LOCAL_SETTINGS
    assert "s3cret" not in path.read_text(encoding="utf-8")
    assert json.loads(path.read_text(encoding="utf-8")) == {
        "database_url": "postgresql+psycopg://dzb@192.168.1.10:5432/dzb"
    }
    if os.name == "posix":
        assert path.stat().st_mode & 0o077 == 0
    assert resolve_data_dir(root).database_url == "postgresql+psycopg://dzb@192.168.1.10:5432/dzb"
    # the environment and the command line still win
    assert resolve_data_dir(root, "postgresql+psycopg://x@h/y").database_url == (
        "postgresql+psycopg://x@h/y"
    )


def test_switching_back_to_the_local_file(tmp_path, monkeypatch):
    monkeypatch.delenv("DZB_DATABASE_URL", raising=False)
    save_database_url(tmp_path, "postgresql+psycopg://dzb@h/dzb")
    save_database_url(tmp_path, None)
    assert saved_database_url(tmp_path) is None
    assert resolve_data_dir(tmp_path).database_url is None


def test_an_unreadable_settings_file_means_the_local_file(tmp_path, monkeypatch):
    monkeypatch.delenv("DZB_DATABASE_URL", raising=False)
    (tmp_path / LOCAL_SETTINGS).write_text("{not json", encoding="utf-8")
    assert resolve_data_dir(tmp_path).database_url is None

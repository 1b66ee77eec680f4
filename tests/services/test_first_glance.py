"""The login's first glance at a data folder, read with sqlite3 before the database opens."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from app.config import DataDir
from app.services import settings
from app.services.first_glance import org_if_set_up


def test_a_folder_set_up_before_gives_its_unit_name(data_dir, uow):
    if data_dir.on_server:
        pytest.skip("no glance at the office server: it is opened before its login")
    with uow() as s:
        settings.put(s, settings.ORG_NAME, "某某乡人民政府")
    assert org_if_set_up(data_dir) == "某某乡人民政府"


def test_the_full_opening_comes_first_where_the_glance_cannot_tell(tmp_path):
    """No file yet (the wizard), a file not set up, a file that is not a database, the
    office server: None, and the glance made or changed nothing."""
    folder = DataDir(tmp_path / "new")
    assert org_if_set_up(folder) is None
    assert not folder.root.exists()
    folder.root.mkdir()
    with closing(sqlite3.connect(folder.database)) as conn:
        conn.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value_json TEXT)")
        conn.execute("INSERT INTO settings VALUES ('org.name', '\"某某镇人民政府\"')")
        conn.commit()
    assert org_if_set_up(folder) is None  # setup.done not yet written
    garbage = DataDir(tmp_path / "garbage")
    garbage.root.mkdir()
    garbage.database.write_bytes(b"this is not sqlite at all" * 100)
    assert org_if_set_up(garbage) is None
    assert garbage.database.read_bytes() == b"this is not sqlite at all" * 100
    server = DataDir(tmp_path / "server", "postgresql+psycopg://dzb@127.0.0.1:1/dzb")
    assert org_if_set_up(server) is None

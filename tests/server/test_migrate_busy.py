"""A newer program does not migrate the server under another PC's open program: it refuses,
naming that PC, its user and since when (two processes)."""

from __future__ import annotations

import re
import subprocess

import pytest
from sqlalchemy import text

from app.config import DataDir
from app.db import StorageError, open_database
from app.db.engine import make_server_engine
from app.db.lock import who_am_i
from app.db.migrate import known_revisions, script_heads, server_revision
from app.db.session import dispose
from tests.services.faults.helpers import python

OTHER_PC = """
import sys
from pathlib import Path
from sqlalchemy import text
from app.config import DataDir
from app.services.modules import load_all
from app.services.session import open_database, unit_of_work

load_all()
open_database(DataDir(Path(sys.argv[1]), sys.argv[2]))
with unit_of_work() as session:
    session.execute(text("SELECT 1"))
print("ready", flush=True)
sys.stdin.readline()
"""


def _set_revision(url: str, revision: str) -> None:
    engine = make_server_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
    engine.dispose()


def test_a_migration_is_refused_while_another_pc_has_the_database_open(server_dir, tmp_path):
    dispose()
    url = server_dir.database_url
    assert url is not None
    other = python(OTHER_PC, str(tmp_path / "pc-a"), url, stdin=subprocess.PIPE)
    assert other.stdout is not None and other.stdin is not None
    try:
        assert other.stdout.readline().strip() == "ready", other.stderr
        older = sorted(known_revisions() - script_heads())[-1]
        _set_revision(url, older)  # this program is now the newer one: it would migrate
        with pytest.raises(StorageError) as refused:
            open_database(DataDir(tmp_path / "pc-b", url))
        user, pc = who_am_i()
        assert re.fullmatch(
            rf"数据正在被使用：{re.escape(pc)} 上的 {re.escape(user)}（自 \d{{4}}-\d\d-\d\d "
            r"\d\d:\d\d 起[^）]*）。请先关闭那里的程序，再升级数据。",
            refused.value.message,
        ), refused.value.message
        engine = make_server_engine(url)
        assert server_revision(engine) == older  # nothing was migrated
        engine.dispose()
    finally:
        other.communicate("\n", timeout=30)
    _set_revision(url, next(iter(script_heads())))

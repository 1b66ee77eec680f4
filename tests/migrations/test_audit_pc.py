"""0024: audit lines get a PC name; the lines written before it (none) still verify, and the
chain goes on over them with the name hashed in."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from app.config import DataDir
from app.db import open_database, unit_of_work
from app.db.session import dispose
from app.services import audit, audit_chain
from app.services.context import CLI
from app.services.hashchain import GENESIS, link
from tests.migrations.helpers import migrate

pytestmark = pytest.mark.sqlite_only

# What a database before 0024 hashed: the columns of HASHED, in order.
OLD_SELECT = f"SELECT id, json_array({', '.join(audit_chain.HASHED)}) FROM audit_entries"


def _as_before_0024(data_dir: DataDir) -> int:
    """The database at 0023 with its audit chain as 0023 wrote it; how many lines."""
    migrate(data_dir, "downgrade", "0023_server")
    db = data_dir.database
    prev = GENESIS
    with closing(sqlite3.connect(db)) as conn, conn:
        lines = conn.execute(OLD_SELECT + " ORDER BY id").fetchall()
        for entry_id, content in lines:
            prev = link(prev, content.encode())
            conn.execute("UPDATE audit_entries SET hash = ? WHERE id = ?", (prev, entry_id))
    return len(lines)


def test_lines_from_before_the_pc_name_verify_and_new_ones_carry_it(data_dir: DataDir) -> None:
    dispose()
    old = _as_before_0024(data_dir)
    assert old > 0
    migrate(data_dir, "upgrade", "head")
    open_database(data_dir)
    with unit_of_work(CLI) as session:
        assert audit_chain.verify(session) == []
        audit.record(session, "新增", "测试", 1)
    with unit_of_work(CLI) as session:
        assert audit_chain.verify(session) == []
        names = [r.pc for r in audit.query(session, audit.AuditFilter())]
    assert names == [audit.this_pc()] + [""] * old

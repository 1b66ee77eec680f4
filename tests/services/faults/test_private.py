"""Defects 9, 10 and 12 of issue 16: logs without contents, owner-only files, who acted."""

from __future__ import annotations

import getpass
import os
import platform
import stat
import traceback

import pytest
from sqlalchemy import select

from app import cli
from app.db import open_database
from app.db.session import dispose
from app.models.audit import AuditEntry
from app.services import backup
from app.services.session import unit_of_work

PHONE = "反映问题：电话13812345678"


@pytest.mark.sqlite_only
def test_a_failed_statement_carries_no_record_contents(data_dir):
    with pytest.raises(Exception) as failed, unit_of_work() as session:
        session.add(AuditEntry(username=None, action="新增", entity="来访", entity_id="1",
                               summary=PHONE))  # fmt: skip
        session.flush()
    logged = "".join(traceback.format_exception(failed.value))
    assert "NOT NULL constraint failed: audit_entries.username" in logged
    assert "13812345678" not in logged


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes; LOCALAPPDATA is per-user")
def test_a_new_data_folder_and_its_files_are_the_owners_alone(tmp_path, data_dir):
    dispose()
    fresh = type(data_dir)(tmp_path / "新数据")
    open_database(fresh)
    with unit_of_work() as session:  # a write, so the -wal exists
        session.add(AuditEntry(username="x", action="新增", entity="e", entity_id="1"))
    made = backup.backup_now()
    for folder in (fresh.root, fresh.attachments, fresh.backups, fresh.logs):
        assert _mode(folder) == 0o700, folder
    wal = fresh.database.with_name(fresh.database.name + "-wal")
    manifest = made.path.with_name(made.path.name + ".anchor.json")
    for path in (fresh.database, wal, made.path, manifest, fresh.root / "在用.lock"):
        assert _mode(path) == 0o600, path


@pytest.mark.sqlite_only  # through `backup`, which copies the SQLite file
def test_the_command_line_acts_as_the_os_user_on_this_pc(data_dir, tmp_path, capsys):
    code = cli.main(
        ["--data-dir", str(data_dir.root), "backup", "--out", str(tmp_path / "b.sqlite3")]
    )
    assert code == 0
    with unit_of_work() as session:
        who = session.scalars(select(AuditEntry.username).where(AuditEntry.action == "备份")).all()
    assert who == [f"{getpass.getuser()}@{platform.node()}"[:40]]
    assert "命令行" not in who[0]

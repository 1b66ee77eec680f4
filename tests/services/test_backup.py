"""Backups: online copies, retention, USB copies, and a restore that checks the file first."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app.db.migrate import current_revision, script_heads
from app.services import attachments, backup, users
from app.services.context import Role
from app.services.errors import DomainError, PermissionDenied

from .test_attachments import PDF, _file, _read_only

# Backups copy the SQLite file; the server is backed up by pg_dump (not done yet).
pytestmark = pytest.mark.sqlite_only


def _usernames(uow) -> set[str]:
    with uow() as s:
        return {u.username for u in users.list_users(s)}


def _add_user(uow, name: str) -> None:
    with uow() as s:
        users.add_user(s, name, name, Role.CLERK, "password-123")


def test_backup_now_names_file_and_copies_committed_data(uow, data_dir):
    _add_user(uow, "zhang")
    info = backup.backup_now(datetime(2026, 3, 5, 9, 30, 0))
    assert info.path == data_dir.backups / "备份-20260305-093000.sqlite3"
    assert info.kind == "常规备份" and info.size > 0
    with closing(sqlite3.connect(info.path)) as conn:
        assert ("zhang",) in conn.execute("SELECT username FROM users").fetchall()
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    again = backup.backup_now(datetime(2026, 3, 5, 9, 30, 0))
    assert again.path.name == "备份-20260305-093000-2.sqlite3"
    assert not list(data_dir.backups.glob("*.part"))


def test_retention_keeps_last_30_and_newest_of_each_month(data_dir):
    start = datetime(2025, 10, 1, 8)
    names = []
    for day in range(120):  # Oct 2025 .. Jan 2026, one a day
        path = data_dir.backups / f"备份-{(start + timedelta(days=day)):%Y%m%d-%H%M%S}.sqlite3"
        path.write_bytes(b"x")
        names.append(path.name)
    (data_dir.backups / "升级前-0001_foundation-20250101-000000.sqlite3").write_bytes(b"x")
    removed = backup.prune(data_dir)
    kept = {p.name for p in data_dir.backups.iterdir()}
    assert set(names[-30:]) <= kept
    for month_end in ("备份-20251031-080000.sqlite3", "备份-20251130-080000.sqlite3"):
        assert month_end in kept
    assert "升级前-0001_foundation-20250101-000000.sqlite3" in kept  # not routine
    assert len(kept) == 30 + 2 + 1  # December's newest is already among the last 30
    assert len(removed) == 120 - 32


def test_daily_backup_once_a_day(data_dir):
    day = datetime(2026, 3, 5, 8, 0, 0)
    assert backup.daily_backup_if_due(day) is not None
    assert backup.daily_backup_if_due(day + timedelta(hours=5)) is None
    assert backup.daily_backup_if_due(day + timedelta(days=1)) is not None


def test_backup_on_exit_only_when_something_was_written(uow, data_dir):
    first = backup.backup_on_exit()
    assert first is not None
    past = first.path.stat().st_mtime + 3600  # the copy is newer than any write so far
    os.utime(first.path, (past, past))
    assert backup.backup_on_exit() is None
    os.utime(first.path, (1, 1))  # an old copy: the database was written since
    _add_user(uow, "li")
    assert backup.backup_on_exit() is not None


def test_backup_to_usb_folder_copies_database_and_new_attachments(uow, admin, data_dir, tmp_path):
    with uow() as s:
        attachments.attach(s, "测试件", 1, _file(tmp_path, "a.pdf", PDF))
    usb = tmp_path / "usb"
    usb.mkdir()
    first = backup.backup_to(admin, usb)
    assert first.database.parent == usb and first.database.name.startswith("备份-")
    assert first.attachments_copied == 1
    assert len(list((usb / "附件").glob("??/*.pdf"))) == 1
    assert backup.backup_to(admin, usb).attachments_copied == 0  # only new files
    with uow() as s:
        from app.services import audit

        taken = audit.query(s, audit.AuditFilter(action="备份"))
    assert [e.entity_id for e in taken][-1] == first.database.name
    with pytest.raises(DomainError, match="找不到文件夹"):
        backup.backup_to(admin, tmp_path / "拔出的U盘")


def test_restore_brings_data_back_and_keeps_safety_copy(uow, admin, data_dir):
    saved = backup.backup_now()
    _add_user(uow, "wang")
    outcome = backup.restore(admin, saved.path)
    assert "wang" not in _usernames(uow)
    assert outcome.safety_copy.name.startswith("恢复前-")
    with closing(sqlite3.connect(outcome.safety_copy)) as conn:
        assert ("wang",) in conn.execute("SELECT username FROM users").fetchall()
    kinds = {b.kind for b in backup.list_backups()}
    assert kinds == {"常规备份", "恢复前安全副本"}
    with uow() as s:
        from app.services import audit

        assert audit.query(s, audit.AuditFilter(action="恢复"))[0].entity_id == saved.path.name


def test_restore_from_usb_brings_missing_attachment_files(uow, admin, data_dir, tmp_path):
    with uow() as s:
        row = attachments.attach(s, "测试件", 1, _file(tmp_path, "a.pdf", PDF))
    usb = tmp_path / "usb"
    usb.mkdir()
    made = backup.backup_to(admin, usb)
    assert not _read_only(next((usb / "附件").glob("??/*")))  # the stick stays easy to clear
    data_dir.attachments.rename(tmp_path / "old-disk")  # the PC's disk was replaced
    data_dir.attachments.mkdir()
    assert backup.restore(admin, made.database).attachments_copied == 1
    with uow() as s:
        restored = attachments.open_path(s, row.id)
        assert restored.read_bytes() == PDF and _read_only(restored)
        assert attachments.verify(s) == []


def test_restore_needs_permission(make_user, data_dir):
    saved = backup.backup_now()
    director = make_user(Role.DIRECTOR)
    with pytest.raises(PermissionDenied):
        backup.restore(director, saved.path)


def _refusals(data_dir, tmp_path) -> dict[str, Path]:
    text = tmp_path / "说明.sqlite3"
    text.write_text("这不是数据库" * 100, encoding="utf-8")
    foreign = tmp_path / "别的程序.sqlite3"
    with closing(sqlite3.connect(foreign)) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        conn.commit()
    future = backup.backup_now().path
    with closing(sqlite3.connect(future)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0999_future'")
        conn.commit()
    torn = backup.backup_now().path
    data = bytearray(torn.read_bytes())
    data[4096 + 8 : 4096 * 3] = b"\xff" * (4096 * 2 - 8)  # trash two b-tree pages
    torn.write_bytes(bytes(data))
    return {"不是本程序的备份": text, "不是本程序": foreign, "更新版本": future,
            "损坏|不是本程序": torn, "找不到": tmp_path / "没有.sqlite3"}  # fmt: skip


def test_restore_refuses_what_is_not_a_sound_backup(uow, admin, data_dir, tmp_path):
    _add_user(uow, "zhao")
    for reason, path in _refusals(data_dir, tmp_path).items():
        before = _usernames(uow)
        with pytest.raises(DomainError, match=reason):
            backup.restore(admin, path)
        assert _usernames(uow) == before
    assert not [b for b in backup.list_backups() if b.kind == "恢复前安全副本"]
    with pytest.raises(DomainError, match="正在使用"):
        backup.restore(admin, data_dir.database)


def test_restore_of_older_schema_migrates_to_head(admin, data_dir):
    fixture = Path(__file__).parent.parent / "migrations" / "fixtures" / "0001_foundation.db"
    backup.restore(admin, fixture)
    assert {current_revision(data_dir.database)} == script_heads()


def test_database_check_clean_then_finds_broken_foreign_key(uow, data_dir):
    with uow() as s:
        assert backup.check_database(s) == []
    with closing(sqlite3.connect(data_dir.database)) as conn:
        conn.execute("CREATE TABLE p (id INTEGER PRIMARY KEY)")
        conn.execute("CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id))")
        conn.execute("INSERT INTO c VALUES (1, 42)")
        conn.commit()
    with uow() as s:
        findings = backup.check_database(s)
    assert findings == ["外键不一致：表 c 第 1 行引用的 p 记录不存在"]

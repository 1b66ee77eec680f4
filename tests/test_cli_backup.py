"""The command line's backup, restore and check: output and exit codes."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from app import cli
from app.db.session import dispose
from app.services import attachments, users
from app.services.context import Role
from tests.services.test_attachments import PDF, _file

ROOT = Path(__file__).resolve().parent.parent


def _run(data_dir, *argv: str) -> int:
    return cli.main(["--data-dir", str(data_dir.root), *argv])


def _usernames(uow) -> set[str]:
    with uow() as s:
        return {u.username for u in users.list_users(s)}


def test_backup_to_file_then_restore_it(uow, data_dir, tmp_path, capsys):
    target = tmp_path / "今天.sqlite3"
    assert _run(data_dir, "backup", "--out", str(target)) == 0
    assert "仅数据库" in capsys.readouterr().out
    with closing(sqlite3.connect(target)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with uow() as s:
        users.add_user(s, "later", "后来的人", Role.CLERK, "password-123")
    assert _run(data_dir, "restore", str(target)) == 0
    out = capsys.readouterr().out
    assert "已从 今天.sqlite3 恢复" in out and "恢复前" in out
    assert "later" not in _usernames(uow)


def test_backup_to_folder_takes_attachments_too(uow, data_dir, tmp_path, capsys):
    with uow() as s:
        attachments.attach(s, "测试件", 1, _file(tmp_path, "a.pdf", PDF))
    usb = tmp_path / "U盘"
    usb.mkdir()
    assert _run(data_dir, "backup", "--out", str(usb)) == 0
    assert "新复制附件 1 个" in capsys.readouterr().out
    assert len(list(usb.glob("备份-*.sqlite3"))) == 1


@pytest.mark.parametrize("typed", ["U盘", "U盘/"])
def test_backup_to_a_folder_not_there_is_refused_not_written_as_a_file(
    data_dir, tmp_path, capsys, typed
):
    assert _run(data_dir, "backup", "--out", str(tmp_path / typed)) == 2
    assert "找不到文件夹" in capsys.readouterr().err
    assert not (tmp_path / "U盘").exists()


def test_restore_refuses_a_file_that_is_not_a_backup(uow, data_dir, tmp_path, capsys):
    bogus = tmp_path / "工作表.xlsx"
    bogus.write_bytes(b"PK\x03\x04" + b"\x00" * 2000)
    before = _usernames(uow)
    assert _run(data_dir, "restore", str(bogus)) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip() == "“工作表.xlsx”不是本程序的备份文件（无法作为数据库打开）。"
    assert _usernames(uow) == before
    assert not list(data_dir.backups.glob("恢复前-*"))
    assert _run(data_dir, "restore", str(tmp_path / "没有.sqlite3")) == 2
    assert "找不到备份文件" in capsys.readouterr().err


def test_check_clean_then_names_a_tampered_attachment(uow, data_dir, tmp_path, capsys):
    with uow() as s:
        row = attachments.attach(s, "测试件", 1, _file(tmp_path, "会议纪要.pdf", PDF))
    assert _run(data_dir, "check") == 0
    out = capsys.readouterr().out
    assert "数据库完整性：正常" in out and "附件校验：正常" in out
    stored = data_dir.attachments / row.sha256[:2] / f"{row.sha256}.pdf"
    stored.write_bytes(PDF.replace(b"1.7", b"1.4"))
    assert _run(data_dir, "check") == 1
    out = capsys.readouterr().out
    assert "附件校验：发现 1 处问题" in out
    assert "会议纪要.pdf" in out and row.sha256 in out


def test_restore_works_when_the_database_itself_is_damaged(data_dir, tmp_path):
    """A fresh process each step, as a clerk would run them (no connection of this test's
    process may keep the old file's pages alive)."""
    good = tmp_path / "好的备份.sqlite3"
    assert _run(data_dir, "backup", "--out", str(good)) == 0
    dispose()
    for sidecar in data_dir.root.glob("*.sqlite3-*"):
        sidecar.unlink()
    data_dir.database.write_bytes(b"\x00" * 8192)  # the disk trashed the file
    check = _process(data_dir, "check")
    assert check.returncode == 2  # cannot even open it: said plainly, no traceback
    assert check.stderr.strip() == "这不是本程序的数据库文件，或文件已损坏。"
    restore = _process(data_dir, "restore", str(good))
    assert restore.returncode == 0, restore.stderr
    assert _process(data_dir, "check").returncode == 0
    (rescued,) = data_dir.backups.glob("恢复前-*.sqlite3")
    assert rescued.read_bytes() == b"\x00" * 8192  # the damaged file is kept, byte for byte


def _process(data_dir, *argv: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "app.cli", "--data-dir", str(data_dir.root), *argv]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=120)

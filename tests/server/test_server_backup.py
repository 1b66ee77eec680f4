"""backup, restore and check on the office server: pg_dump -Fc with the chain-head manifest,
a restore checked in a new database and renamed into place, refused while another PC is on."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from app import cli
from app.db.pg_tools import application_name
from app.db.session import dispose, unit_of_work
from app.services import attachments, users
from app.services.context import CLI, Role
from app.services.server_backup import RESTORE_LOCK

PDF = b"%PDF-1.7\n%\xe4\xb8\xad\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
attachments.register_owner("备份测试件", lambda _s, _id: None)


def _run(server_dir, *argv: str) -> int:
    return cli.main(["--data-dir", str(server_dir.root), "--database-url",
                     str(server_dir.database_url), *argv])  # fmt: skip


def _usernames() -> set[str]:
    with unit_of_work(CLI) as s:
        return {u.username for u in users.list_users(s)}


def _connect(url: str, application_name: str) -> psycopg.Connection:
    """Another PC's connection, as the program names it (or a stranger's)."""
    parsed = make_url(url)
    return psycopg.connect(host=parsed.query["host"], port=parsed.query["port"],
                           user=parsed.username, dbname=parsed.database,
                           application_name=application_name, autocommit=True)  # fmt: skip


@pytest.fixture
def backed_up(server_dir, server_admin, tmp_path, capsys) -> Path:
    """A server with a scan on it, backed up into a folder, then one user added after."""
    scan = tmp_path / "扫描件.pdf"
    scan.write_bytes(PDF)
    with unit_of_work(server_admin) as s:
        attachments.attach(s, "备份测试件", 1, scan)
    usb = tmp_path / "U盘"
    usb.mkdir()
    assert _run(server_dir, "backup", "--out", str(usb)) == 0
    assert "pg_dump，含附件" in capsys.readouterr().out
    (dump,) = usb.glob("备份-*.dump")
    with unit_of_work(server_admin) as s:
        users.add_user(s, "later", "后来的人", Role.CLERK, "password-123")
    return dump


def test_a_server_backup_is_a_custom_dump_with_the_chain_heads_beside_it(backed_up):
    assert backed_up.read_bytes()[:5] == b"PGDMP"  # pg_dump -Fc
    manifest = json.loads(backed_up.with_name(backed_up.name + ".anchor.json").read_text())
    with unit_of_work() as s:
        audit_head = s.execute(text(
            "SELECT seq, hash FROM audit_entries WHERE seq IS NOT NULL ORDER BY seq LIMIT 1 "
            "OFFSET :n - 1"), {"n": manifest["heads"]["审计日志"][0]}).one()  # fmt: skip
    assert manifest["heads"]["审计日志"] == [audit_head[0], audit_head[1]]
    assert manifest["heads"]["用印登记簿"] == [0, ""]


def test_restore_checks_a_new_database_and_swaps_it_in(server_dir, backed_up, capsys):
    dispose()
    assert _run(server_dir, "restore", str(backed_up)) == 0
    out = capsys.readouterr().out
    assert f"已从 {backed_up.name} 恢复" in out and "_before_" in out
    assert "later" not in _usernames()  # back to the backup
    with unit_of_work() as s:
        (row_id,) = s.execute(text("SELECT id FROM attachments")).scalars()
        assert attachments.open_copy(s, row_id).read_bytes() == PDF  # the file came back too
    assert _run(server_dir, "check") == 0
    assert "检查完毕：未发现问题" in capsys.readouterr().out


def test_a_restored_database_has_its_statistics_before_the_first_search(server_dir, backed_up):
    dispose()
    assert _run(server_dir, "restore", str(backed_up)) == 0
    with unit_of_work() as s:
        never = s.execute(text("SELECT relname FROM pg_stat_user_tables WHERE relname IN "
                               "('users', 'audit_entries', 'attachments') AND last_analyze IS NULL"
                               " AND last_autoanalyze IS NULL")).scalars().all()  # fmt: skip
    assert never == []


def test_restore_is_refused_naming_the_pc_still_connected(server_dir, backed_up, capsys):
    dispose()
    with _connect(str(server_dir.database_url), application_name("办公室2", "张三")):
        assert _run(server_dir, "restore", str(backed_up)) == 2
    said = capsys.readouterr().err
    assert "办公室2 上的 张三" in said and "请先关闭那里的程序" in said
    assert "later" in _usernames()  # nothing restored
    with unit_of_work() as s:
        left = s.execute(text("SELECT datname FROM pg_database WHERE datname LIKE '%restore%'"))
        assert left.all() == []  # the candidate went


def test_restore_is_refused_naming_the_pc_holding_the_exclusive_lock(server_dir, backed_up,
                                                                    capsys):  # fmt: skip
    dispose()
    maintenance = make_url(str(server_dir.database_url)).set(database="postgres")
    live = make_url(str(server_dir.database_url)).database
    with _connect(maintenance.render_as_string(False), application_name("档案室", "李四")) as other:
        other.execute("SELECT pg_advisory_lock(%s, hashtext(%s))", (RESTORE_LOCK, live))
        assert _run(server_dir, "restore", str(backed_up)) == 2
    assert "档案室 上的 李四" in capsys.readouterr().err
    assert "later" in _usernames()


def test_a_file_that_is_not_a_server_backup_is_refused(server_dir, server_admin, tmp_path,
                                                       capsys):  # fmt: skip
    fake = tmp_path / "备份.dump"
    fake.write_bytes(b"not a dump at all")
    dispose()
    assert _run(server_dir, "restore", str(fake)) == 2
    assert "不是本程序的服务器备份文件" in capsys.readouterr().err


def test_check_on_the_server_names_audit_entries_deleted_since_the_backup(
    server_dir, backed_up, capsys
):
    manifest = json.loads(backed_up.with_name(backed_up.name + ".anchor.json").read_text())
    head = manifest["heads"]["审计日志"][0]
    with unit_of_work() as s:  # the tail cut off: the chain itself still verifies
        s.execute(text("DELETE FROM audit_entries WHERE seq >= :n"), {"n": head})
    assert _run(server_dir, "check", "--anchors", str(backed_up.parent)) == 1
    out = capsys.readouterr().out
    assert f"审计日志第 {head} 条缺失（被删除）；锚点：{backed_up.name}.anchor.json" in out


def test_the_windows_dumps_are_pruned_by_the_rule_of_the_sqlite_copies(server_dir, server_admin):
    """The last 30 and the newest of each month stay; 立即备份 prunes after each dump."""
    from datetime import datetime, timedelta

    from app.services import server_backup

    server_dir.backups.mkdir(parents=True, exist_ok=True)
    start, names = datetime(2025, 10, 1, 8), []
    for day in range(120):  # Oct 2025 .. Jan 2026, one a day
        path = server_dir.backups / f"备份-{(start + timedelta(days=day)):%Y%m%d-%H%M%S}.dump"
        path.write_bytes(b"x")
        names.append(path.name)
    made = server_backup.backup_now(server_admin)
    kept = {p.name for p in server_dir.backups.glob("*.dump")}
    assert made.name in kept and set(names[-29:]) <= kept
    assert {"备份-20251031-080000.dump", "备份-20251130-080000.dump"} <= kept
    assert len(kept) == 30 + 2  # December's newest is among the last 30


def test_a_swap_that_cannot_finish_leaves_the_live_database_in_place(
    server_dir, backed_up, capsys, monkeypatch
):
    """Both renames are one transaction: when the second fails (here someone is on the
    checked candidate), the first is undone and the server never lacks its database."""
    from app.services import server_backup

    checked, held = server_backup._check_candidate, []

    def check_then_connect(url: str, file: Path) -> None:
        checked(url, file)
        held.append(_connect(url, application_name("办公室3", "王五")))

    monkeypatch.setattr(server_backup, "_check_candidate", check_then_connect)
    dispose()
    assert _run(server_dir, "restore", str(backed_up)) == 2
    assert "办公室3 上的 王五" in capsys.readouterr().err
    assert "later" in _usernames()  # nothing restored, and the live database is there
    live = make_url(str(server_dir.database_url)).database
    with unit_of_work() as s:
        left = s.execute(text("SELECT datname FROM pg_database WHERE datname LIKE :like"),
                         {"like": f"{live}\\_%"})  # fmt: skip
        assert left.all() == []  # neither the candidate nor a copy of the old one stayed
    for conn in held:
        conn.close()

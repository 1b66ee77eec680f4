"""Defect 8 of issue 16: a ledger rewritten with fresh hashes is caught by the anchors."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import timedelta

import pytest

from app import cli
from app.db import open_database
from app.db.bigrams import register_function
from app.db.session import dispose
from app.services import anchors, audit, audit_chain, backup
from app.services.context import CLI
from app.services.hashchain import GENESIS, link
from app.services.seals import chain, exchange, ledger
from app.services.seals.dto import UseFilter
from tests.services.seals.conftest import T0, use_form

# Anchors are written beside SQLite backup copies.
pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def three(uow, party_seal, data_dir) -> None:
    with uow() as s:
        for i in range(3):
            ledger.register_use(s, use_form(party_seal, at=T0 + timedelta(days=i)))


def _rechain(conn: sqlite3.Connection, table: str, fields: tuple[str, ...]) -> None:
    """What a careful forger does: recompute every hash after the edit (and the head)."""
    prev = GENESIS
    rows = conn.execute(f"SELECT id, seq FROM {table} ORDER BY seq").fetchall()
    for row_id, _seq in rows:
        sql = f"SELECT json_array({', '.join(fields)}) FROM {table} WHERE id = ?"
        content = conn.execute(sql, (row_id,)).fetchone()[0]
        digest = link(prev, content.encode())
        if table == "seal_uses":
            conn.execute("UPDATE seal_uses SET prev_hash = ? WHERE id = ?", (prev, row_id))
        conn.execute(f"UPDATE {table} SET hash = ? WHERE id = ?", (digest, row_id))
        prev = digest
    if table == "seal_uses":
        conn.execute("UPDATE seal_chain_head SET count = ?, last_hash = ?", (len(rows), prev))


def _forge(data_dir, *statements: str, table: str = "seal_uses") -> None:
    dispose()
    fields = chain.HASHED if table == "seal_uses" else audit_chain.HASHED
    with closing(sqlite3.connect(data_dir.database)) as conn:
        register_function(conn)  # the search index's triggers call it
        for sql in statements:
            conn.execute(sql)
        _rechain(conn, table, fields)
        conn.commit()
    open_database(data_dir)


def _check(data_dir, capsys, *extra: str) -> tuple[int, str]:
    code = cli.main(["--data-dir", str(data_dir.root), "check", *extra])
    return code, capsys.readouterr().out


def test_every_backup_leaves_a_manifest_of_both_heads(three, data_dir, uow):
    made = backup.backup_now()
    body = json.loads(anchors.manifest_of(made.path).read_text(encoding="utf-8"))
    assert body["heads"]["用印登记簿"][0] == 3
    with uow() as s:
        assert body["heads"]["用印登记簿"][1] == chain.verify_chain(s).last_hash
    assert body["heads"]["审计日志"][0] >= 4


def test_an_edited_and_rehashed_use_is_named_with_its_anchor(three, data_dir, capsys):
    made = backup.backup_now()
    _forge(data_dir, "UPDATE seal_uses SET copies = 30 WHERE seq = 2")
    code, out = _check(data_dir, capsys)
    assert code == 1
    assert (
        f"用印登记簿第 2 条与锚点不符（已被改动或重算）；锚点：{made.path.name}.anchor.json" in out
    )


def test_a_deleted_last_use_with_the_head_fixed_is_named(three, data_dir, capsys):
    backup.backup_now()
    _forge(data_dir, "DELETE FROM seal_uses WHERE seq = 3")
    code, out = _check(data_dir, capsys)
    assert code == 1 and "用印登记簿第 3 条缺失（被删除）" in out


def test_without_the_backup_file_the_anchor_head_is_named(three, data_dir, capsys):
    made = backup.backup_now()
    made.path.unlink()
    _forge(data_dir, "UPDATE seal_uses SET copies = 30 WHERE seq = 1")
    code, out = _check(data_dir, capsys)
    assert code == 1 and "用印登记簿第 3 条与锚点不符" in out and "记有 3 条" in out


def test_anchors_on_a_usb_stick_are_compared_when_given(three, data_dir, tmp_path, capsys):
    usb = tmp_path / "U盘"
    usb.mkdir()
    backup.backup_to(CLI, usb)
    _forge(data_dir, "UPDATE seal_uses SET copies = 30 WHERE seq = 2")
    assert _check(data_dir, capsys)[0] == 0  # backups/ holds no anchor
    code, out = _check(data_dir, capsys, "--anchors", str(usb))
    assert code == 1 and "用印登记簿第 2 条" in out


def test_an_edited_audit_entry_is_found_even_without_anchors(data_dir, uow, capsys):
    with uow() as s:
        audit.record(s, "修改", "收文", 1, summary="原样")
    dispose()
    with closing(sqlite3.connect(data_dir.database)) as conn:
        conn.execute("UPDATE audit_entries SET summary = '改过' WHERE summary = '原样'")
        conn.commit()
    open_database(data_dir)
    code, out = _check(data_dir, capsys)
    assert code == 1 and "审计日志链" in out and "已被改动" in out


def test_a_rehashed_audit_trail_is_named_by_its_anchor(data_dir, uow, capsys):
    with uow() as s:
        audit.record(s, "作废", "发文", 7, summary="作废 镇政〔2026〕7号")
    backup.backup_now()
    _forge(data_dir, "DELETE FROM audit_entries WHERE summary LIKE '作废%'",
           table="audit_entries")  # fmt: skip
    code, out = _check(data_dir, capsys)
    assert code == 1 and "审计日志第" in out and "锚点：备份-" in out


def test_anchors_before_a_restore_are_not_held_against_it(three, data_dir, uow, capsys):
    early = backup.backup_file(CLI, data_dir.root.parent / "早先.sqlite3")
    with uow() as s:
        ledger.register_use(s, use_form(1, at=T0 + timedelta(days=9)))
    backup.backup_now()  # anchors 4 uses
    backup.restore(CLI, early)  # back to 3, on purpose
    assert _check(data_dir, capsys)[0] == 0


def test_the_printed_register_carries_the_heads_code_and_number(three, uow):
    with uow() as s:
        table = exchange.register_table(s, UseFilter(), "全部")
        head = chain.verify_chain(s).last_hash
    assert f"第 3 条校验码：{head[:16].upper()}" in table.footer_lines[-1]


def test_a_printed_registers_code_is_compared_when_given(three, uow, data_dir, capsys):
    """The paper's 第 N 条校验码 was printed but nothing could compare it with the file."""
    with uow() as s:
        footer = exchange.register_table(s, UseFilter(), "全部").footer_lines[-1]
    printed = footer.split("：")[1][:16]  # 第 3 条校验码：XXXXXXXXXXXXXXXX（SHA-256 前 16 位）
    assert _check(data_dir, capsys, "--printed", f"3:{printed}")[0] == 0
    _forge(data_dir, "UPDATE seal_uses SET copies = 30 WHERE seq = 1")  # no backup anchors it
    assert _check(data_dir, capsys)[0] == 0
    code, out = _check(data_dir, capsys, "--printed", f"3：{printed.lower()}")
    assert code == 1
    assert "用印登记簿第 3 条或其前的登记与打印的登记簿不符（已被改动或重算）" in out
    assert f"；锚点：打印的登记簿（第 3 条校验码 {printed}）" in out
    _forge(data_dir, "DELETE FROM seal_uses WHERE seq = 3")
    code, out = _check(data_dir, capsys, "--printed", f"3:{printed}")
    assert code == 1 and "用印登记簿第 3 条缺失（被删除）；锚点：打印的登记簿" in out


@pytest.mark.parametrize("given", ["3", "x:ABCD", "3:ABC", "0:ABCDEF0123456789", "3:XYZ"])
def test_a_mistyped_printed_code_is_refused(data_dir, capsys, given):
    with pytest.raises(SystemExit) as refused:  # argparse refuses it before anything opens
        cli.main(["--data-dir", str(data_dir.root), "check", "--printed", given])
    assert refused.value.code == 2
    assert "应写作 条号:校验码，如 31:2CD0737B24B8A2A6" in capsys.readouterr().err

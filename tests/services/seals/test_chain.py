"""The ledger's hash chain: append, void, verify, and tampering through plain sqlite3."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from app import cli
from app.db import open_database
from app.db.bigrams import register_function
from app.db.engine import engine_for
from app.db.session import dispose
from app.services.errors import DomainError
from app.services.seals import chain, ledger
from tests.services.seals.conftest import T0, use_form


@pytest.fixture
def five(uow, party_seal, data_dir) -> list[int]:
    with uow() as s:
        ids = [ledger.register_use(s, use_form(party_seal, at=T0 + timedelta(days=i)))
               for i in range(4)]  # fmt: skip
        ids.append(ledger.void_use(s, ids[1], "份数填错"))
    return ids


def _verify(uow):
    with uow() as s:
        return chain.verify_chain(s)


def _tamper(data_dir, *statements: str) -> None:
    dispose()  # close the app's connections, as a stranger editing the file would find it
    if data_dir.on_server:  # a stranger's SQL on the office server
        engine = engine_for(data_dir)
        try:
            with engine.begin() as conn:
                for sql in statements:
                    conn.exec_driver_sql(sql)
        finally:
            engine.dispose()
    else:
        with sqlite3.connect(data_dir.database) as conn:
            # a stranger's tool with the program's tokeniser: the bigram triggers call it
            register_function(conn)
            for sql in statements:
                conn.execute(sql)
        conn.close()
    open_database(data_dir)


def _check(data_dir, capsys) -> tuple[int, str]:
    code = cli.main(["--data-dir", str(data_dir.root), "check"])
    return code, capsys.readouterr().out


def test_empty_chain_is_fine(uow):
    status = _verify(uow)
    assert status.ok and status.count == 0


def test_append_links_each_entry_to_the_previous(uow, five):
    status = _verify(uow)
    assert status.ok and status.count == 5 and status.last_seq == 5
    assert status.message().startswith("登记簿未被改动（校验至第 5 条，")
    with uow() as s:
        rows = ledger.list_uses(s, ledger.UseFilter())
    assert len({r.hash for r in rows}) == 5


def test_clean_chain_check_exits_0(five, data_dir, capsys):
    code, out = _check(data_dir, capsys)
    assert code == 0 and "用印台账链：正常" in out


def test_content_change_is_named(uow, five, data_dir, capsys):
    _tamper(data_dir, "UPDATE seal_uses SET copies = 30 WHERE seq = 3")
    code, out = _check(data_dir, capsys)
    assert code == 1 and "用印台账链：发现 1 处问题" in out
    assert "第 3 条（2026-0003）的内容与登记时不符" in out
    status = _verify(uow)
    assert not status.ok and status.bad_seq == 3 and status.count == 2


def test_order_swap_is_named(uow, five, data_dir, capsys):
    _tamper(data_dir, "UPDATE seal_uses SET seq = -2 WHERE seq = 2",
            "UPDATE seal_uses SET seq = 2 WHERE seq = 3",
            "UPDATE seal_uses SET seq = 3 WHERE seq = -2")  # fmt: skip
    code, out = _check(data_dir, capsys)
    assert code == 1 and "第 2 条" in out
    assert _verify(uow).bad_seq == 2


def test_deleted_middle_row_is_named(uow, five, data_dir, capsys):
    _tamper(data_dir, "DELETE FROM seal_uses WHERE seq = 3")
    code, out = _check(data_dir, capsys)
    assert code == 1 and "第 3 条缺失" in out
    assert _verify(uow).bad_seq == 3


def test_deleted_last_row_is_named(uow, five, data_dir, capsys):
    _tamper(data_dir, "DELETE FROM seal_uses WHERE seq = 5")
    code, out = _check(data_dir, capsys)
    assert code == 1 and "第 5 条至第 5 条缺失" in out and "末尾条目被删除" in out
    status = _verify(uow)
    assert status.bad_seq == 5 and status.count == 4


@pytest.mark.sqlite_only  # printf() is SQLite's
def test_rehashed_row_still_breaks_the_next_link(uow, five, data_dir, capsys):
    _tamper(data_dir, "UPDATE seal_uses SET hash = printf('%064d', 7) WHERE seq = 2")
    assert _verify(uow).bad_seq == 2
    _tamper(data_dir, "UPDATE seal_uses SET prev_hash = 'x' WHERE seq = 4")
    assert _verify(uow).bad_seq == 2  # still the FIRST bad one


def test_appends_after_a_void_keep_verifying(uow, five, party_seal):
    with uow() as s:
        ledger.register_use(s, use_form(party_seal, at=T0 + timedelta(days=9)))
    status = _verify(uow)
    assert status.ok and status.count == 6


def test_failed_append_leaves_no_gap(uow, five, party_seal):
    with pytest.raises(ledger.ValidationError), uow() as s:
        ledger.register_use(s, use_form(party_seal, copies=0))
    with uow() as s:
        ledger.register_use(s, use_form(party_seal, at=T0 + timedelta(days=9)))
    assert _verify(uow).count == 6


@pytest.mark.sqlite_only
def test_sqlite_fast_path_matches_the_portable_canonical_form(uow, party_seal):
    tricky = '引号" 反斜杠\\ 换行\n 制表\t 控制\x01\x1f 退格\b 换页\f 😀 \u2028 </script>'
    with uow() as s:
        ledger.register_use(s, use_form(party_seal, note=tricky, doc_title=tricky, copies=7))
        ledger.register_use(s, use_form(party_seal, supervisor="", copy_kept=True))
    with uow() as s:
        fast = [r for batch in chain.sqlite_batches(s, 0) for r in batch]
        portable = [r for batch in chain.portable_batches(s, 0) for r in batch]
        assert chain.verify_chain(s).ok
    assert [r[5] for r in fast] == [r[5] for r in portable] and len(fast) == 2
    assert [r[:2] + r[3:5] for r in fast] == [r[:2] + r[3:5] for r in portable]


def test_concurrent_appends_never_share_a_position(uow, party_seal):
    """Two clerks' PCs (threads here) appending at once: the head row serialises them."""
    import threading

    errors: list[BaseException] = []

    def clerk(offset: int) -> None:
        try:
            for i in range(15):
                with uow() as s:
                    at = T0 + timedelta(hours=offset * 100 + i)
                    ledger.register_use(s, use_form(party_seal, at=at))
        except BaseException as exc:  # reported below, on the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=clerk, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with uow() as s:
        rows = ledger.list_uses(s, ledger.UseFilter())
        status = chain.verify_chain(s)
    assert status.ok and status.count == 30
    assert sorted(r.number for r in rows) == [f"2026-{n:04d}" for n in range(1, 31)]


def test_missing_head_is_found_and_blocks_appends(uow, five, data_dir, party_seal):
    _tamper(data_dir, "DELETE FROM seal_chain_head")
    status = _verify(uow)
    assert not status.ok and "链头记录缺失" in status.problem
    with pytest.raises(DomainError, match="链头记录缺失，不能继续登记"), uow() as s:
        ledger.register_use(s, use_form(party_seal, at=T0 + timedelta(days=9)))


def _walked_entries(uow, monkeypatch, since=None) -> tuple[int, chain.ChainStatus]:
    """(entries walked, status): give_way runs before each CHUNK, here one entry."""
    monkeypatch.setattr(chain, "CHUNK", 1)
    steps: list[None] = []
    with uow() as s:
        status = chain.verify_chain(s, give_way=lambda: steps.append(None), since=since)
    return len(steps), status


def test_a_walk_since_a_sound_status_reads_only_the_entries_added_after_it(
    uow, five, party_seal, monkeypatch
):
    walked, sound = _walked_entries(uow, monkeypatch)
    assert (walked, sound.ok, sound.count) == (5, True, 5)
    with uow() as s:
        for day in (20, 21):
            ledger.register_use(s, use_form(party_seal, at=T0 + timedelta(days=day)))
    walked, status = _walked_entries(uow, monkeypatch, since=sound)
    assert (walked, status.ok, status.count, status.last_seq) == (2, True, 7, 7)
    assert status.last_hash == _verify(uow).last_hash  # as the whole walk finds it


def test_a_walk_since_names_a_break_among_the_new_entries(
    uow, five, party_seal, data_dir, monkeypatch
):
    _, sound = _walked_entries(uow, monkeypatch)
    with uow() as s:
        for day in (20, 21):
            ledger.register_use(s, use_form(party_seal, at=T0 + timedelta(days=day)))
    _tamper(data_dir, "UPDATE seal_uses SET copies = 30 WHERE seq = 7")
    walked, status = _walked_entries(uow, monkeypatch, since=sound)
    assert (walked, status.ok, status.bad_seq, status.count) == (2, False, 7, 6)
    assert "的内容与登记时不符" in status.problem


def test_a_walk_since_an_entry_changed_since_walks_the_whole_chain(
    uow, five, data_dir, monkeypatch
):
    """The last entry seen is not as it was: nothing before it can be taken as verified."""
    _, sound = _walked_entries(uow, monkeypatch)
    _tamper(data_dir, f"UPDATE seal_uses SET hash = '{'7' * 64}' WHERE seq = 5")
    walked, status = _walked_entries(uow, monkeypatch, since=sound)
    assert (walked, status.ok, status.bad_seq) == (5, False, 5)
    _tamper(data_dir, "DELETE FROM seal_uses WHERE seq = 5")
    walked, status = _walked_entries(uow, monkeypatch, since=sound)
    assert (walked, status.ok) == (4, False) and "末尾条目被删除" in status.problem

"""用印 search through the bigram index, exact for words with punctuation too."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from app.services.seals import ledger
from app.services.seals.dto import UseFilter
from tests.services.seals.conftest import use_form


@pytest.mark.sqlite_only
def test_use_search_by_two_characters_and_by_a_doc_number(uow, party_seal):
    with uow() as s:
        first = ledger.register_use(
            s, use_form(party_seal, applicant="张伟", doc_number="镇委〔2026〕3号")
        )
        ledger.register_use(s, use_form(party_seal, applicant="李强"))
        hits = s.execute(
            text("SELECT rowid FROM seal_uses_bi_fts WHERE seal_uses_bi_fts MATCH '张伟'")
        )
        assert [r[0] for r in hits] == [first]
        assert [u.id for u in ledger.list_uses(s, UseFilter(text="张伟"))] == [first]
        assert ledger.count_uses(s, UseFilter(text="〔2026〕3")) == 1
        assert ledger.count_uses(s, UseFilter(text="〔2026〕4")) == 0
        assert ledger.count_uses(s, UseFilter(text="年度")) == 2


def test_pages_read_from_either_end_match_the_whole_ledger(uow, party_seal, monkeypatch):
    """A page past the middle is read from the end, and a word with many hits is read along
    the seq index: every page is still the same slice of the chain-ordered ledger."""
    from datetime import timedelta

    from app.services.seals import ledger_list
    from tests.services.seals.conftest import T0

    with uow() as s:
        for n in range(23):
            who = "张伟" if n % 3 else "李强"
            ledger.register_use(s, use_form(party_seal, T0 + timedelta(minutes=n), applicant=who))
        ledger.void_use(s, ledger.list_uses(s, UseFilter())[4].id, "份数登记错误")
    monkeypatch.setattr(ledger_list, "MANY", 3)  # words with more hits than this go along
    with uow() as s:
        for flt in (UseFilter(), UseFilter(text="张伟"), UseFilter(text="李强"),
                    UseFilter(text="县"), UseFilter(seal_id=party_seal, text="张伟")):  # fmt: skip
            whole = ledger.list_uses(s, flt)
            assert ledger.count_uses(s, flt) == len(whole) > 0
            for offset in range(0, len(whole) + 2):
                for limit in (1, 5, 200):
                    page = ledger.list_uses(s, flt, offset, limit)
                    assert page == whole[offset : offset + limit], (flt, offset, limit)
        seqs = [u.seq for u in ledger.list_uses(s, UseFilter())]
        assert seqs == sorted(seqs) and len(seqs) == 24
        voided = ledger.list_uses(s, UseFilter())[4]
        assert voided.voided_by_id == ledger.list_uses(s, UseFilter())[-1].id


@pytest.mark.sqlite_only  # it reads SQLite's own statement trace
def test_the_first_page_of_a_one_character_search_is_read_without_counting(uow, party_seal):
    """No index can count one character: the page stops at its limit along the seq index,
    and 共 N 件 is counted after it (off the GUI thread), not before it."""
    from datetime import timedelta

    from tests.services.seals.conftest import T0

    with uow() as s:
        for n in range(5):
            who = "张伟" if n % 2 else "李强"
            ledger.register_use(s, use_form(party_seal, T0 + timedelta(minutes=n), applicant=who))
    with uow() as s:
        driver = s.connection().connection.driver_connection
        seen: list[str] = []
        driver.set_trace_callback(seen.append)
        page = ledger.list_uses(s, UseFilter(text="伟"), 0, 2)
        driver.set_trace_callback(None)
        assert [u.applicant for u in page] == ["张伟", "张伟"]
        assert not [sql for sql in seen if "count(" in sql.lower()]

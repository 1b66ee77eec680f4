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

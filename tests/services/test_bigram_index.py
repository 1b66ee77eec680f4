"""Two-character words go through the bigram index of each register, kept in step by triggers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from app.services.filing import incoming, queries
from app.services.filing.queries import FilingFilter
from app.services.visits import cases
from app.services.visits import queries as visit_queries
from tests.services.visits.helpers import person, walk_in


def _receive(session, title, number=""):
    at = datetime(2026, 3, 5, 2, tzinfo=UTC)
    return incoming.receive(
        session,
        incoming.ReceiveForm("县政府办公室", title, sender_doc_number=number, received_at=at),
    )


def _indexed(session, fts: str, word: str) -> set[int]:
    sql = text(f"SELECT rowid FROM {fts} WHERE {fts} MATCH :q")
    return {r[0] for r in session.execute(sql, {"q": f'"{word}"'})}


@pytest.mark.sqlite_only  # reads the FTS5 table itself
def test_incoming_index_follows_insert_update_and_delete(uow):
    with uow() as s:
        doc_id = _receive(s, "关于报送值班表的通知")
        other = _receive(s, "关于防汛工作的通知")
        assert _indexed(s, "incoming_bi_fts", "值班") == {doc_id}
        s.execute(text("UPDATE incoming_docs SET handler = '张伟' WHERE id = :i"), {"i": doc_id})
        assert _indexed(s, "incoming_bi_fts", "张伟") == {doc_id}
        assert [r.id for r in queries.list_incoming(s, FilingFilter(text="张伟"))] == [doc_id]
        assert queries.count_incoming(s, FilingFilter(text="张伟")) == 1
        assert queries.count_incoming(s, FilingFilter(text="通知 防汛")) == 1
        s.execute(text("DELETE FROM incoming_docs WHERE id = :i"), {"i": other})
        assert _indexed(s, "incoming_bi_fts", "防汛") == set()


def test_two_character_words_mix_with_long_and_one_character_ones(uow):
    with uow() as s:
        wanted = _receive(s, "关于报送值班表的通知", number="县政办发〔2026〕7号")
        _receive(s, "关于值班的请示")
        found = queries.list_incoming(s, FilingFilter(text="值班 报送值班 县"))
        assert [r.id for r in found] == [wanted]
        assert queries.count_incoming(s, FilingFilter(text="值班 〔2026〕7", year=2026)) == 1


@pytest.mark.sqlite_only  # reads the FTS5 table itself
def test_visit_search_finds_a_petitioner_by_a_two_character_name(uow):
    with uow() as s:
        ref = cases.register_case(s, walk_in(persons=[person("张伟")]))
        cases.register_case(s, walk_in(persons=[person("李强")], issue="道路积水"))
        assert _indexed(s, "visit_people_bi_fts", "张伟")
        found = visit_queries.list_cases(s, visit_queries.CaseFilter(text="张伟"))
        assert [c.reg_no for c in found] == [ref.reg_no]
        assert visit_queries.count_cases(s, visit_queries.CaseFilter(text="积水")) == 1
        assert visit_queries.count_cases(s, visit_queries.CaseFilter(text="路积")) == 1

"""Search on the server: the same bigram text as SQLite's index, in a GIN index."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.db import raw
from app.db.bigrams import bigram_text
from app.db.session import unit_of_work
from app.services.context import CLI
from app.services.filing import incoming, incoming_list, queries
from app.services.filing.queries import FilingFilter

SAMPLES = [
    "关于做好2026年防汛抗旱工作的通知",
    "县政办发〔2026〕7号",
    "关于推广ETC应用的通知 ABC_def",
    "１２月份值班表，张伟、李强",
    "",
    "a",
    "Ünïcode Straße",
]


def test_the_servers_bigram_function_makes_the_programs_text(server_dir):
    with unit_of_work() as session:
        for sample in SAMPLES:
            made = session.execute(text("SELECT dzb_bigrams(:t)"), {"t": sample}).scalar()
            assert made == bigram_text(sample), sample
        both = session.execute(text("SELECT dzb_bigrams(:a, NULL, :b)"),
                               {"a": SAMPLES[0], "b": SAMPLES[1]}).scalar()  # fmt: skip
        assert both == bigram_text(SAMPLES[0], None, SAMPLES[1])


def _receive(session, title, number=""):
    at = datetime(2026, 3, 5, 2, tzinfo=UTC)
    return incoming.receive(session, incoming.ReceiveForm("县政府办公室", title,
                                                          sender_doc_number=number,
                                                          received_at=at))  # fmt: skip


@pytest.mark.parametrize("words", ["值班", "防汛抗旱"])
def test_a_search_is_answered_by_the_gin_index_over_a_stored_vector(server_dir, words):
    """The rows the index finds are rechecked against a stored tsvector: recomputing the
    PL/pgSQL bigram function row by row took 1.5 s for 防汛抗旱 over 200,000 收文."""
    with unit_of_work(CLI) as session:
        _receive(session, "关于报送值班表的通知")
        session.execute(text("SET LOCAL enable_seqscan = off"))
        sql, args = incoming_list._select(FilingFilter(text=words), "postgresql")
        plan = "\n".join(str(r[0]) for r in raw.execute(session, "EXPLAIN " + sql, args))
    assert "ix_incoming_docs_bigrams" in plan
    assert "dzb_bigrams" not in plan


def test_two_character_words_long_words_and_doc_numbers_are_found(server_dir):
    with unit_of_work(CLI) as session:
        _receive(session, "关于做好2026年防汛抗旱工作的通知", "县政办发〔2026〕7号")
        _receive(session, "关于报送值班表的通知")
        _receive(session, "关于防汛值班的通知")

        def titles(words: str) -> set[str]:
            flt = FilingFilter(text=words)
            found = {r.title for r in queries.list_incoming(session, flt)}
            assert queries.count_incoming(session, flt) == len(found)
            return found

        assert titles("值班") == {"关于报送值班表的通知", "关于防汛值班的通知"}
        assert titles("防汛抗旱") == {"关于做好2026年防汛抗旱工作的通知"}
        assert titles("〔2026〕7") == {"关于做好2026年防汛抗旱工作的通知"}
        assert titles("〔2026〕8") == set()
        assert titles("汛值") == {"关于防汛值班的通知"}
        assert titles("防汛 值班") == {"关于防汛值班的通知"}
        assert titles("值班表 报送") == {"关于报送值班表的通知"}


def _statements(monkeypatch) -> list[tuple[str, list]]:
    """The hand-written statements (app/db/raw.py) sent from now on, with their arguments."""
    sent: list[tuple[str, list]] = []
    run = raw.execute

    def keep(session, sql, args=()):
        sent.append((sql, list(args)))
        return run(session, sql, args)

    monkeypatch.setattr(raw, "execute", keep)
    return sent


def test_a_common_words_page_walks_the_newest_rows_instead_of_sorting_every_hit(
    server_dir, monkeypatch
):
    """GIN finds every hit of 关于做好 (33,237 of 200,000 收文), and the page read and sorted
    them all (~100 ms); walking the primary key back over the newest rows stops at a page."""
    with unit_of_work(CLI) as session:
        for i in range(5):
            _receive(session, f"关于做好第{i}批档案移交工作的通知")
        flt = FilingFilter(text="关于做好")
        sent = _statements(monkeypatch)
        assert len(queries.list_incoming(session, flt, limit=3)) == 3
        assert len(sent) == 1, "the page was found among the newest rows: nothing more read"
        statement, args = sent[0]
        session.execute(text("SET LOCAL enable_seqscan = off"))  # a few rows: as at scale
        plan = "\n".join(str(r[0]) for r in raw.execute(session, "EXPLAIN " + statement, args))
    assert "Index Scan Backward using pk_incoming_docs" in plan, plan
    assert "Bitmap" not in plan and "Sort" not in plan, plan


def test_a_search_run_again_and_again_is_planned_for_its_own_word(server_dir):
    """psycopg prepares a statement run five times, and the server may then plan it once for
    any word: to_tsquery('simple', $1) was parsed again for every row a search tested."""
    with unit_of_work(CLI) as session:
        _receive(session, "关于报送值班表的通知")
        for _ in range(7):
            queries.list_incoming(session, FilingFilter(text="值班"))
        prepared = session.execute(text("SELECT count(*) FROM pg_prepared_statements")).scalar()
    assert prepared == 0


def _vectors_off(session) -> int:
    """Stored search vectors that differ from what the server's function makes now."""
    from app.db import dialect

    return session.execute(text(
        f"SELECT count(*) FROM incoming_docs WHERE search_vec IS DISTINCT FROM"
        f" {dialect.pg_vector('', 'incoming_docs')}"
    )).scalar()  # fmt: skip


def _body(session) -> str:
    return session.execute(
        text("SELECT prosrc FROM pg_proc WHERE proname = 'dzb_bigrams'")
    ).scalar()


def test_the_faster_bigram_function_leaves_the_stored_vectors_right(server_dir):
    """0029 builds the bigram text as one string (twice as fast to store a row: an import,
    a move). The text is the same, so vectors stored by the old function stay right."""
    from alembic import command

    from app.db.engine import engine_for
    from app.db.migrate import alembic_config
    from app.db.session import dispose
    from app.services.session import open_database

    with unit_of_work(CLI) as session:
        for sample in SAMPLES[:4]:
            _receive(session, sample or "空", sample)
        assert "regexp_split_to_array" in _body(session)
    dispose()
    engine = engine_for(server_dir)
    try:
        command.downgrade(alembic_config(engine), "0028_chain_rows")
        with Session(engine) as session, session.begin():  # the old function, unmigrated
            assert "regexp_split_to_array" not in _body(session) and _vectors_off(session) == 0
            session.execute(text("UPDATE incoming_docs SET title = 'Ünïcode Straße __a__b'"
                                 " WHERE id = (SELECT min(id) FROM incoming_docs)"))  # fmt: skip
    finally:
        engine.dispose()
    open_database(server_dir)  # the start upgrades to 0029
    with unit_of_work(CLI) as session:
        assert "regexp_split_to_array" in _body(session) and _vectors_off(session) == 0
        found = queries.list_incoming(session, FilingFilter(text="ünïcode"))
    assert [r.title for r in found] == ["Ünïcode Straße __a__b"]

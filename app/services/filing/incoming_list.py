"""The 收文 list and search as hand-written SQL on the session's own connection.

A search answers on every keystroke over 200,000 收文, so this path skips statement building,
the SQL compiler and the ORM's result processing: the SQL for each shape of filter is plain
text with bound parameters, rows come back as tuples, and a page of 200 costs little more
than the bare FTS5 query (bench/filing.py measures both in one run).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, overload

from sqlalchemy.orm import Session

from app.common.dates import local_midnight
from app.db import bigrams, dialect, raw
from app.db.fulltext import MIN_MATCH, phrase_query
from app.db.raw import utc_text
from app.services.filing import flow
from app.services.filing.filters import NO_SECRECY, FilingFilter
from app.services.filing.incoming import IncomingRow
from app.services.filing.vocab import secrecy_marking

# The list's columns, shaped in SQL as far as SQL can (defaults, flags, UTC offsets): each
# Python step saved is saved 200 times per keystroke. Who holds the paper is the copy on the
# row (kept by the 传阅 services), so no join.
_COLUMNS = (
    "d.id, coalesce(d.receipt_no, '（未登记）'), d.received_at || '+00:00', d.sender,"
    " d.sender_doc_number, d.title, coalesce(d.doc_type, ''), d.secrecy, d.secrecy_years,"
    " coalesce(d.urgency, ''), d.state, d.deadline, d.answered_by_id IS NOT NULL,"
    " d.instructed_by != '', d.holder, d.held_since || '+00:00', d.archive_code, d.version,"
    " d.historical"
)
_TEXT_COLUMNS = ("title", "sender_doc_number", "sender", "lead_dept", "handler", "receipt_no")


def _where(flt: FilingFilter, engine: str) -> tuple[list[str], list[Any]]:
    """Every filter but the indexed words, as `d.`-qualified SQL and its parameters, in the
    engine's words for instr and case-blind LIKE (app/db/dialect.py)."""
    sql: list[str] = []
    args: list[Any] = []
    if flt.record_id is not None:
        sql.append("d.id = ?")
        args.append(flt.record_id)
    for column, value in (("doc_type", flt.doc_type), ("state", flt.state)):
        if value:
            sql.append(f"d.{column} = ?")
            args.append(value)
    for column, value in (("secrecy", flt.secrecy), ("urgency", flt.urgency)):
        if value == NO_SECRECY:
            sql.append(f"d.{column} IS NULL")
        elif value:
            sql.append(f"d.{column} = ?")
            args.append(value)
    if flt.overdue_on:
        marks = ", ".join("?" * len(flow.OPEN_STATES))
        # 历史补录 is a record of a past year, never late today (as on 首页)
        sql.append(f"d.deadline < ? AND d.state IN ({marks}) AND NOT d.historical")
        args.extend([flt.overdue_on.isoformat(), *flow.OPEN_STATES])
    if flt.year:
        sql.append("d.year = ?")
        args.append(flt.year)
    if flt.date_from:
        sql.append("d.received_at >= ?")
        args.append(utc_text(local_midnight(flt.date_from)))
    if flt.date_to:
        sql.append("d.received_at < ?")
        args.append(utc_text(local_midnight(flt.date_to + timedelta(days=1))))
    for word in _scanned_words(flt):
        sql.append(_short_word_test(word, engine))
        args.extend([word if _is_cjk(word) else dialect.like_pattern(word)] * len(_TEXT_COLUMNS))
    return sql, args


def _is_cjk(word: str) -> bool:
    return not any(ch.isascii() for ch in word)


def _short_word_test(word: str, engine: str) -> str:
    """A word too short for the trigram index, tested on every text column of each row.

    Chinese words use instr() (a third faster than LIKE over 200,000 rows; LIKE only adds
    case folding, and only for ASCII); words with Latin letters keep LIKE, case-insensitive.
    """
    if _is_cjk(word):
        instr = dialect.RAW_INSTR[engine]
        return "(" + " OR ".join(f"{instr}(d.{c}, ?) > 0" for c in _TEXT_COLUMNS) + ")"
    like = dialect.RAW_LIKE[engine]
    return "(" + " OR ".join(f"d.{c} {like} ? ESCAPE '\\'" for c in _TEXT_COLUMNS) + ")"


def _scanned_words(flt: FilingFilter) -> list[str]:
    """Words no index answers: one character, or two with punctuation (〔2)."""
    return [w for w in flt.text.split() if len(w) < MIN_MATCH and not bigrams.is_exact(w)]


def _indexed(flt: FilingFilter) -> list[tuple[str, str]]:
    """(FTS5 table, MATCH text) for the words an index answers exactly.

    Three characters or more: the trigram index; two letters or digits (值班): one bigram.
    """
    words = flt.text.split()
    found: list[tuple[str, str]] = []
    if long := [w for w in words if len(w) >= MIN_MATCH]:
        found.append(("incoming_fts", phrase_query(long)))
    pairs = [w for w in words if len(w) < MIN_MATCH and bigrams.is_exact(w)]
    if pairs and (query := bigrams.match_expression(pairs)):
        found.append(("incoming_bi_fts", query))
    return found


def _with_index(flt: FilingFilter) -> tuple[str, list[str], list[Any]]:
    """FROM and WHERE for a text search: the first index drives, the others narrow by id."""
    where, args = _where(flt, "sqlite")
    (fts, query), *others = _indexed(flt)
    for other, other_query in others:
        where.insert(0, f"d.id IN (SELECT rowid FROM {other} WHERE {other} MATCH ?)")
        args.insert(0, other_query)
    where.insert(0, f"{fts} MATCH ?")
    args.insert(0, query)
    return f"{fts} f JOIN incoming_docs d ON d.id = f.rowid", where, args


def _server_search(flt: FilingFilter) -> tuple[list[str], list[Any]]:
    """WHERE on the office server: every indexed word against the row's bigram tsvector
    (one GIN index; app/db/dialect.py), words with punctuation also as substrings."""
    where, args = _where(flt, dialect.POSTGRES)
    words = [w for w in flt.text.split() if len(w) >= MIN_MATCH or bigrams.is_exact(w)]
    test, test_args = dialect.raw_match("d.", "incoming_docs", words)
    return [test, *where], [*test_args, *args]


def _select(flt: FilingFilter, engine: str, rows: str = "incoming_docs") -> tuple[str, list[Any]]:
    """The list's SELECT: newest 签收 first, or newest registered first for a text search.

    A text search reads the FTS5 index newest rowid first: with LIMIT it stops after one
    page instead of sorting every match (~1 ms instead of ~40 ms on 200,000). On the server
    rows may be the newest rows alone (dialect.newest_rows).
    """
    if _indexed(flt) and engine == dialect.POSTGRES:
        (where, args), source, order = _server_search(flt), f"{rows} d", "d.id DESC"
    elif _indexed(flt):
        source, where, args = _with_index(flt)
        order = "f.rowid DESC"
    else:
        where, args = _where(flt, engine)
        source = "incoming_docs d"
        order = "d.received_at DESC, d.id DESC"
    condition = " WHERE " + " AND ".join(where) if where else ""
    return f"SELECT {_COLUMNS} FROM {source}{condition} ORDER BY {order}", args


_new_row = tuple.__new__  # IncomingRow's own __new__ is a Python function of 15 arguments
_from_iso = datetime.fromisoformat


def _row(r: tuple[Any, ...]) -> IncomingRow:
    (doc_id, receipt_no, received_at, sender, number, title, doc_type, secrecy, years, urgency,
     state, deadline, answered, instructed, holder, held_since, archive_code,
     version, historical) = r  # fmt: skip
    return _new_row(IncomingRow, (
        doc_id, receipt_no, _from_iso(received_at), sender, number, title, doc_type,
        secrecy_marking(secrecy, years) if secrecy else "", urgency, state,
        _day(deadline) if deadline else None, holder,
        _from_iso(held_since) if held_since else None,
        flow.incoming_actions(state, holder != "", answered == 1, historical == 1),
        instructed == 1,
        archive_code, version, historical == 1,
    ))  # fmt: skip


def _day(value: str | date) -> date:
    """SQLite hands a date back as its ISO text, PostgreSQL as a date."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def _fetch(session: Session, sql: str, args: list[Any]) -> list[tuple[Any, ...]]:
    return raw.execute(session, sql, args).fetchall()


def list_incoming(session: Session, /, flt: FilingFilter, offset: int = 0,
                  limit: int = 200) -> list[IncomingRow]:  # fmt: skip
    """A page of the 收文 list, newest first, with who holds each paper now.

    A search on the server looks among the newest rows first (dialect.newest_rows): a page
    found there is the page; a rarer word is then looked up in the whole register.
    """
    engine, page = dialect.engine_name(session), [limit, offset]
    newest = dialect.newest_rows(session, "incoming_docs") if _indexed(flt) else None
    if newest is not None:
        sql, args = _select(flt, engine, newest)
        found = _fetch(session, sql + " LIMIT ? OFFSET ?", [*args, *page])
        if len(found) == limit:
            return [_row(r) for r in found]
    sql, args = _select(flt, engine)
    return [_row(r) for r in _fetch(session, sql + " LIMIT ? OFFSET ?", [*args, *page])]


@overload
def count_incoming(session: Session, /, flt: FilingFilter) -> int: ...
@overload
def count_incoming(session: Session, /, flt: FilingFilter, at_most: int | None) -> int | None: ...
def count_incoming(session: Session, /, flt: FilingFilter, at_most: int | None = None,
                   ) -> int | None:  # fmt: skip
    """How many 收文 the filter finds (the list's 共 N 件).

    Words of two characters or more are counted through an FTS5 index; one character (or
    two with punctuation) has no index to use and scans the register (~0.15 s on 200,000).
    at_most: on the server, None when more than at_most match (dialect.count_limit), for
    the list to show 余件 and count in full after it.
    """
    indexed = _indexed(flt)
    where, args = _where(flt, dialect.engine_name(session))
    source = "incoming_docs d"
    if indexed and dialect.is_postgres(session):
        where, args = _server_search(flt)
    elif len(indexed) == 1 and not where:
        # Words alone: the index counts its own hits (10,000 hits: 1 ms; joined: 16 ms).
        fts, query = indexed[0]
        source, where, args = fts, [f"{fts} MATCH ?"], [query]
    elif indexed:
        source, where, args = _with_index(flt)
    condition = " WHERE " + " AND ".join(where) if where else ""
    limit = dialect.count_limit(session, at_most)
    if limit is None:
        return int(_fetch(session, f"SELECT count(*) FROM {source}{condition}", args)[0][0])
    sql = f"SELECT count(*) FROM (SELECT 1 FROM {source}{condition} LIMIT ?) c"
    return dialect.capped(int(_fetch(session, sql, [*args, limit])[0][0]), limit)


def get_incoming(session: Session, /, incoming_id: int) -> IncomingRow | None:
    found = list_incoming(session, FilingFilter(record_id=incoming_id), limit=1)
    return found[0] if found else None

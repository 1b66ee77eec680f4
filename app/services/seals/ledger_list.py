"""The 用印登记簿 list and count as hand-written SQL on the session's own connection.

The window lists 200,000 entries and opens at the newest (the bottom of a ledger): the ORM
path built each row as an object with three joins, and reading the last page walked every
entry before it. Here the page's ids come first from the seq index alone (OFFSET over an
index is a walk of integers in C), then only those rows are read and joined, as plain tuples.
Same rows, same order, same filters as ledger.list_uses (tests/services/seals pin both).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from app.common.dates import local_midnight
from app.db import bigrams, dialect, raw
from app.db.raw import utc_text
from app.services.seals.dto import UseFilter, UseRow

_FTS = "seal_uses_bi_fts"
_TEXT = ("doc_title", "doc_number", "applicant", "number", "purpose", "unit")
_COLUMNS = (
    "u.id, u.seq, u.kind, coalesce(u.number, ''), u.used_at, u.seal_id, s.name, u.unit,"
    " u.applicant, u.purpose, u.doc_title, u.doc_number, u.copies, u.approver,"
    " u.approver_title, u.approved_at, u.supervisor, u.copy_kept, u.note, u.attested,"
    " u.outgoing_id, u.voids_id, u.void_reason,"
    " (SELECT v.id FROM seal_uses v WHERE v.voids_id = u.id LIMIT 1),"
    " u.recorded_by, u.hash, coalesce(o.number, ''), o.used_at, u.historical"
)


def _within(column: str, flt: UseFilter) -> tuple[list[str], list[Any]]:
    sql, args = [], []
    if flt.date_from:
        sql.append(f"{column} >= ?")
        args.append(utc_text(local_midnight(flt.date_from)))
    if flt.date_to:
        sql.append(f"{column} < ?")
        end = local_midnight(flt.date_to) + timedelta(days=1)
        args.append(utc_text(end))
    return sql, args


def _where(flt: UseFilter) -> tuple[list[str], list[Any]]:
    """The filter but its words, as `u.`-qualified SQL: a 作废 is in a period also by the
    time of the entry it voids (a January void of a December use is December's)."""
    sql: list[str] = []
    args: list[Any] = []
    if flt.date_from or flt.date_to:
        own, own_args = _within("u.used_at", flt)
        theirs, their_args = _within("w.used_at", flt)
        voided = f"SELECT w.id FROM seal_uses w WHERE {' AND '.join(theirs)}"
        sql.append(f"(({' AND '.join(own)}) OR u.voids_id IN ({voided}))")
        args += own_args + their_args
    for column, value in (("seal_id", flt.seal_id), ("outgoing_id", flt.outgoing_id)):
        if value:
            sql.append(f"u.{column} = ?")
            args.append(value)
    return sql, args


def _text_test(session: Session, text: str, sql: list[str], args: list[Any],
               along: bool = False) -> None:  # fmt: skip
    """bigrams.narrowed in SQL: the index alone for a word of letters and digits, the index
    then LIKE for one with punctuation, LIKE alone for a single character. along: `+u.id`
    keeps SQLite from driving by the hits (and sorting them): it reads in seq order."""
    word = dialect.RAW_LIKE[dialect.engine_name(session)]
    like = "(" + " OR ".join(f"u.{c} {word} ? ESCAPE '\\'" for c in _TEXT) + ")"
    query = bigrams.match_expression([text])
    if query is not None:
        key = "+u.id" if along else "u.id"
        test, test_args = dialect.raw_indexed(session, _FTS, key, "u.", [text])
        sql.append(test)
        args += test_args
    if query is None or not bigrams.is_exact(text):
        sql.append(like)
        args += [dialect.like_pattern(text)] * len(_TEXT)


def _where_along(session: Session, flt: UseFilter, along: bool) -> tuple[str, list[Any]]:
    where, args = _where(flt)
    if text := flt.text.strip():
        _text_test(session, text, where, args, along)
    return (" WHERE " + " AND ".join(where) if where else ""), args


def count_uses(session: Session, /, flt: UseFilter) -> int:
    text = flt.text.strip()
    alone = bigrams.is_exact(text) and replace(flt, text="") == UseFilter()
    if alone and dialect.has_fts(session):
        # the word alone: the index counts its own hits (20,000 hits: ~2 ms; joined: ~90)
        query = bigrams.match_expression([text])
        sql = f"SELECT count(*) FROM {_FTS} WHERE {_FTS} MATCH ?"
        return int(raw.execute(session, sql, [query]).fetchone()[0])
    condition, args = _where_along(session, flt, False)
    sql = f"SELECT count(*) FROM seal_uses u{condition}"
    return int(raw.execute(session, sql, args).fetchone()[0])


MANY = 2000  # more hits than this: read along the seq index rather than sort every hit


def list_uses(
    session: Session, /, flt: UseFilter, offset: int = 0, limit: int | None = None
) -> list[UseRow]:
    """Entries in chain order (oldest first), each with the 作废 entry that voids it.

    A page past the middle is read from the end (the window opens at the newest, the
    bottom): OFFSET walks every entry it skips.
    """
    if limit is not None and offset == 0 and bigrams.match_expression([flt.text]) is None:
        # no index to count by (no word, or one character): the first page is read along
        # the seq index and stops at the limit; counting first scanned every entry (~0.8 s)
        return _page(session, flt, 0, limit, "", True)
    total = count_uses(session, flt) if limit is not None else 0
    if limit is None or (total <= MANY and flt.text.strip()):
        every = dialect.no_limit(session) if limit is None else limit
        return _page(session, flt, offset, every, "", False)
    if offset >= total:
        return []
    if offset > total // 2:
        back = max(total - offset - limit, 0)
        rows = _page(session, flt, back, min(limit, total - offset), " DESC", True)
        return rows[::-1]
    return _page(session, flt, offset, limit, "", True)


def _page(
    session: Session, flt: UseFilter, offset: int, limit: int | None, order: str, along: bool
) -> list[UseRow]:
    condition, args = _where_along(session, flt, along)
    page = f"SELECT u.id FROM seal_uses u{condition} ORDER BY u.seq{order} LIMIT ? OFFSET ?"
    sql = (
        f"SELECT {_COLUMNS} FROM ({page}) p JOIN seal_uses u ON u.id = p.id"
        " JOIN seals s ON s.id = u.seal_id LEFT JOIN seal_uses o ON o.id = u.voids_id"
        f" ORDER BY u.seq{order}"
    )
    found = raw.execute(session, sql, [*args, limit, offset])
    return [_row(r) for r in found.fetchall()]


def _moment(value: str | datetime | None) -> datetime | None:
    """SQLite hands a UtcDateTime back as its text, PostgreSQL as a naive UTC datetime."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC)
    return None if value is None else datetime.fromisoformat(value + "+00:00")


def _row(r: tuple[Any, ...]) -> UseRow:
    values = list(r)
    for at in (4, 15, 27):  # used_at, approved_at, the voided entry's used_at
        values[at] = _moment(values[at])
    for flag in (17, 19, 28):  # copy_kept, attested, historical
        values[flag] = bool(values[flag])
    return UseRow(*values)

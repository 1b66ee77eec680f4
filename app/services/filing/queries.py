"""Lists and search over 收文, 发文 and 督办: FTS5 for words of 3+ characters, LIKE below."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, extract, func, or_, select
from sqlalchemy.orm import Session

from app import clock
from app.db import bigrams, dialect
from app.db.fulltext import MIN_MATCH, match_clause
from app.models.filing import OUTGOING_ORDER, IncomingDoc, OutgoingDoc, SupervisionTask
from app.services.filing import flow, tasks
from app.services.filing.docnumber import normalize_lenient
from app.services.filing.filters import NO_SECRECY, FilingFilter
from app.services.filing.incoming import IncomingRow
from app.services.filing.incoming_list import count_incoming, get_incoming, list_incoming
from app.services.filing.vocab import secrecy_marking

# The 收文 list lives in incoming_list (hand-written SQL); callers find every list here.
__all__ = ["NO_SECRECY", "FilingFilter", "IncomingRow", "count_incoming", "get_incoming",
           "list_incoming"]  # fmt: skip


def _text_clause(
    fts: str, model: Any, columns: list[Any], text: str, along: bool = False
) -> ColumnElement[bool] | None:
    """Words of 3+ characters through the trigram index, two-character ones through the
    bigram index (`x_bi_fts`), one character by LIKE on every text column.

    along (a list page): `id + 0` keeps SQLite from driving the query by the index hits
    and sorting them all (7,000 hits of 安全: ~170 ms); the list's own order index is read
    and each row looked up in the hits, which stops after a page (~10 ms on 50,000).
    """
    words = text.split()
    if not words:
        return None
    key = (model.id + 0) if along else model.id
    long = [w for w in words if len(w) >= MIN_MATCH]
    parts: list[ColumnElement[bool]] = []
    if long:
        parts.append(match_clause(key, fts, long))
    for word in (w for w in words if len(w) < MIN_MATCH):
        scan = or_(*(dialect.contains(c, word) for c in columns))
        parts.append(bigrams.narrowed(fts.replace("_fts", "_bi_fts"), key, word, scan))
    return and_(*parts) if parts else None


def _vocab_clauses(model: Any, flt: FilingFilter) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if flt.doc_type:
        found.append(model.doc_type == flt.doc_type)
    for value, column in ((flt.secrecy, model.secrecy), (flt.urgency, model.urgency)):
        if value == NO_SECRECY:
            found.append(column.is_(None))
        elif value:
            found.append(column == value)
    if flt.state:
        found.append(model.state == flt.state)
    return found


@dataclass(frozen=True)
class OutgoingRow:
    id: int
    doc_number: str
    issuer_code: str
    year: int
    title: str
    doc_type: str
    drafter: str
    signer: str
    signed_on: date | None
    main_to: str
    secrecy: str
    urgency: str
    state: str
    registered_on: date | None
    void_reason: str
    actions: tuple[str, ...]
    archive_code: str = ""  # 档号, once the archive module filed it
    main_to_level: str = ""  # 上级/平级/下级
    version: int = 0  # what a move sends back (versions.Seen), so a stale one is refused
    historical: bool = False  # 历史补录: typed from a past year's paper register

    @property
    def state_shown(self) -> str:
        return self.state + ("（历史补录）" if self.historical else "")


_OUTGOING_TEXT = [OutgoingDoc.title, OutgoingDoc.doc_number, OutgoingDoc.main_to,
                  OutgoingDoc.draft_dept, OutgoingDoc.drafter, OutgoingDoc.signer]  # fmt: skip


def _outgoing_where(flt: FilingFilter, along: bool = False) -> list[ColumnElement[bool]]:
    where = _vocab_clauses(OutgoingDoc, flt)
    if flt.record_id is not None:
        where.append(OutgoingDoc.id == flt.record_id)
    if flt.year:
        where.append(OutgoingDoc.year == flt.year)
    if flt.date_from:
        where.append(OutgoingDoc.registered_on >= flt.date_from)
    if flt.date_to:
        where.append(OutgoingDoc.registered_on <= flt.date_to)
    clause = _text_clause("outgoing_fts", OutgoingDoc, _OUTGOING_TEXT, flt.text, along)
    return where if clause is None else [*where, clause]


def outgoing_row(d: Any) -> OutgoingRow:
    """An OutgoingDoc, or a row of its table's columns (the list reads plain rows)."""
    return OutgoingRow(
        d.id, d.doc_number or "", d.issuer_code, d.year, d.title, d.doc_type, d.drafter,
        d.signer, d.signed_on, d.main_to, secrecy_marking(d.secrecy, d.secrecy_years),
        d.urgency or "", d.state, d.registered_on, d.void_reason, flow.outgoing_actions(d.state),
        d.archive_code, d.main_to_level, d.version, d.historical,
    )  # fmt: skip


def list_outgoing(session: Session, /, flt: FilingFilter, offset: int = 0,
                  limit: int = 200) -> list[OutgoingRow]:  # fmt: skip
    """A page of the 发文 list, newest 成文日期 first (OUTGOING_ORDER, read along its index)."""
    return [outgoing_row(d) for d in session.execute(outgoing_page(flt, offset, limit))]


def outgoing_page(flt: FilingFilter, offset: int = 0, limit: int = 200) -> Select[Any]:
    # plain rows of the table's columns, not OutgoingDoc objects: the ORM's objects were
    # most of a page's read
    stmt = select(*_columns(OutgoingDoc)).where(*_outgoing_where(flt, along=True))
    return stmt.order_by(*(key.desc() for key in OUTGOING_ORDER)).offset(offset).limit(limit)


def _columns(model: Any) -> list[Any]:
    """A mapped class's columns, each under its attribute's name (they are the same)."""
    return list(model.__table__.columns)


def count_outgoing(session: Session, /, flt: FilingFilter) -> int:
    stmt = select(func.count()).select_from(OutgoingDoc).where(*_outgoing_where(flt))
    return int(session.scalar(stmt) or 0)


def get_outgoing(session: Session, /, outgoing_id: int) -> OutgoingRow | None:
    doc = session.get(OutgoingDoc, outgoing_id)
    return None if doc is None else outgoing_row(doc)


def numbered_outgoing(session: Session, /, text: str = "", limit: int = 50,
                      ) -> list[tuple[int, str, str]]:  # fmt: skip
    """(id, 标题, 发文字号) of numbered, not voided 发文 matching text, newest first.

    用印 picks its 发文 from these.
    """
    stmt = select(OutgoingDoc.id, OutgoingDoc.title, OutgoingDoc.doc_number)
    stmt = stmt.where(OutgoingDoc.doc_number.is_not(None), OutgoingDoc.state != flow.VOID)
    if text.strip():
        word = text.strip()
        stmt = stmt.where(or_(dialect.contains(OutgoingDoc.title, word),
                              dialect.contains(OutgoingDoc.doc_number, word)))  # fmt: skip
    stmt = stmt.order_by(OutgoingDoc.id.desc()).limit(limit)
    return [(i, t, n or "") for i, t, n in session.execute(stmt)]


_TASK_TEXT = [SupervisionTask.matter, SupervisionTask.source_text, SupervisionTask.dept,
              SupervisionTask.person]  # fmt: skip


def _task_state_clause(state: str, today: date) -> ColumnElement[bool]:
    """The derived states as SQL, so filtering pages works without loading every task."""
    t = SupervisionTask
    return {
        tasks.IN_PROGRESS: and_(t.done_on.is_(None), t.deadline >= today),
        tasks.OVERDUE: and_(t.done_on.is_(None), t.deadline < today),
        tasks.DONE: and_(t.done_on.is_not(None), t.done_on <= t.deadline),
        tasks.DONE_LATE: and_(t.done_on.is_not(None), t.done_on > t.deadline),
    }[state]


def _task_where(flt: FilingFilter, today: date, along: bool = False) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if flt.record_id is not None:
        where.append(SupervisionTask.id == flt.record_id)
    if flt.state:
        where.append(_task_state_clause(flt.state, today))
    if flt.overdue_on:
        where.append(_task_state_clause(tasks.OVERDUE, flt.overdue_on))
    if flt.year:
        where.append(extract("year", SupervisionTask.assigned_on) == flt.year)
    if flt.date_from:
        where.append(SupervisionTask.assigned_on >= flt.date_from)
    if flt.date_to:
        where.append(SupervisionTask.assigned_on <= flt.date_to)
    clause = _text_clause("tasks_fts", SupervisionTask, _TASK_TEXT, flt.text, along)
    return where if clause is None else [*where, clause]


def list_tasks(session: Session, /, flt: FilingFilter, today: date | None = None,
               offset: int = 0, limit: int = 200) -> list[tasks.TaskRow]:  # fmt: skip
    day = today or clock.today()
    return [tasks.to_row(t, day) for t in session.execute(task_page(flt, day, offset, limit))]


def task_page(flt: FilingFilter, today: date, offset: int = 0, limit: int = 200) -> Select[Any]:
    stmt = select(*_columns(SupervisionTask)).where(*_task_where(flt, today, along=True))
    # newest 交办日期 first, as every register (by 办理时限 the first page was of tasks done
    # months ago); 逾期 ones are marked red and found by the state filter
    stmt = stmt.order_by(SupervisionTask.assigned_on.desc(), SupervisionTask.id.desc())
    return stmt.offset(offset).limit(limit)


def count_tasks(session: Session, /, flt: FilingFilter, today: date | None = None) -> int:
    where = _task_where(flt, today or clock.today())
    return int(session.scalar(select(func.count()).select_from(SupervisionTask).where(*where)) or 0)


def known_senders(session: Session, /, limit: int = 500) -> list[str]:
    """来文机关 learned from earlier entries, most used first (for completion)."""
    stmt = (
        select(IncomingDoc.sender)
        .group_by(IncomingDoc.sender)
        .order_by(func.count().desc())
        .limit(limit)
    )
    return list(session.scalars(stmt))


def outgoing_id_by_number(session: Session, /, doc_number: str) -> int | None:
    """The 发文 with this 发文字号 (typed in any usual form), for the 复文 link."""
    stmt = select(OutgoingDoc.id).where(OutgoingDoc.doc_number == normalize_lenient(doc_number))
    return session.scalar(stmt)


@dataclass(frozen=True)
class SearchHit:
    """One line of a search over 收文, 发文 and 督办 together; page is the navigation key."""

    page: str  # incoming | outgoing | tasks
    id: int
    number: str  # 收文编号 / 发文字号 / — for 督办
    title: str
    party: str  # 来文机关 / 主送机关 / 责任单位
    day: date | None  # 签收 / 登记 / 交办 date
    state: str


@dataclass(frozen=True)
class SearchResult:
    hits: list[SearchHit]
    counts: dict[str, int]  # page -> how many records match (hits shows the newest `limit`)


SEARCH_PAGES = ("incoming", "outgoing", "tasks")


def _incoming_hits(session: Session, flt: FilingFilter, limit: int) -> list[SearchHit]:
    return [SearchHit("incoming", r.id, r.receipt_no, r.title, r.sender,
                      r.received_at.astimezone().date(), r.state)
            for r in list_incoming(session, flt, limit=limit)]  # fmt: skip


def _outgoing_hits(session: Session, flt: FilingFilter, limit: int) -> list[SearchHit]:
    return [SearchHit("outgoing", r.id, r.doc_number or "（未编号）", r.title, r.main_to,
                      r.registered_on or r.signed_on, r.state)
            for r in list_outgoing(session, flt, limit=limit)]  # fmt: skip


def _task_hits(session: Session, flt: FilingFilter, limit: int) -> list[SearchHit]:
    return [SearchHit("tasks", r.id, "", r.matter, r.dept, r.assigned_on, r.state)
            for r in list_tasks(session, flt, limit=limit)]  # fmt: skip


def search_all(session: Session, /, flt: FilingFilter, pages: tuple[str, ...] = SEARCH_PAGES,
               limit: int = 50) -> SearchResult:  # fmt: skip
    """The same words and filters over the chosen registers, each newest first.

    督办 has no 文种, 密级 or 紧急程度 and states of its own: a search narrowed by any of
    those finds no 督办.
    """
    hits: list[SearchHit] = []
    counts: dict[str, int] = {}
    if "incoming" in pages:
        hits += _incoming_hits(session, flt, limit)
        counts["incoming"] = count_incoming(session, flt)
    if "outgoing" in pages:
        hits += _outgoing_hits(session, flt, limit)
        counts["outgoing"] = count_outgoing(session, flt)
    task_state_ok = not flt.state or flt.state in tasks.TASK_STATES
    if "tasks" in pages and task_state_ok and not (flt.doc_type or flt.secrecy or flt.urgency):
        hits += _task_hits(session, flt, limit)
        counts["tasks"] = count_tasks(session, flt)
    return SearchResult(hits, counts)

"""年度归档 and filing one 收文/发文: suggestions from the 保管期限表, then numbering."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.models.archives import ArchiveItem, ArchiveSkip
from app.models.filing import IncomingDoc, OutgoingDoc
from app.services import audit, settings
from app.services.archives import numbering, rules, scheme
from app.services.archives.codes import PERIODS, SKIP, Category, check_category
from app.services.context import Perm, actor_of, require
from app.services.errors import NotFoundError, ValidationError
from app.services.filing import flow

INCOMING = "收文"
OUTGOING = "发文"
ISSUED = "已核发"
SKIP_REASONS = ("重份", "事务性", "临时性", "无查考价值", "其他")


@dataclass(frozen=True)
class Candidate:
    """One finished 收文 or issued 发文 of the year, not yet filed, with its suggestion."""

    kind: str  # 收文 / 发文
    doc_id: int
    doc_no: str
    author: str
    title: str
    doc_date: date | None
    doc_type: str
    secrecy: str
    pages: int
    direction: str
    period: str  # suggested: Y / D30 / D10 / 不归档
    org_code: str
    rule: str  # the 保管期限表 rule that matched


@dataclass(frozen=True)
class Decision:
    kind: str
    doc_id: int
    period: str  # Y / D30 / D10 / 不归档
    org_code: str = ""
    reason: str = ""  # for 不归档


@dataclass(frozen=True)
class YearFiled:
    year: int
    per_period: dict[str, int]
    skipped: int

    @property
    def filed(self) -> int:
        return sum(self.per_period.values())


# Only what the suggestion and the 件 need: a year is 5,000 rows, not 5,000 ORM objects.
_IN_COLS = (IncomingDoc.id, IncomingDoc.sender, IncomingDoc.doc_type, IncomingDoc.title,
            IncomingDoc.lead_dept, IncomingDoc.issued_on, IncomingDoc.received_at,
            IncomingDoc.sender_doc_number, IncomingDoc.secrecy, IncomingDoc.pages)  # fmt: skip
_OUT_COLS = (OutgoingDoc.id, OutgoingDoc.doc_type, OutgoingDoc.title, OutgoingDoc.draft_dept,
             OutgoingDoc.doc_number, OutgoingDoc.printed_by, OutgoingDoc.signed_on,
             OutgoingDoc.registered_on, OutgoingDoc.secrecy)  # fmt: skip


def _incoming_stmt(year: int):
    filed = select(ArchiveItem.incoming_id).where(ArchiveItem.incoming_id.is_not(None))
    skipped = select(ArchiveSkip.incoming_id).where(ArchiveSkip.incoming_id.is_not(None))
    return select(*_IN_COLS).where(
        IncomingDoc.year == year, IncomingDoc.state == flow.DONE,
        IncomingDoc.id.not_in(filed), IncomingDoc.id.not_in(skipped),
    ).order_by(IncomingDoc.id)  # fmt: skip


def _outgoing_stmt(year: int):
    filed = select(ArchiveItem.outgoing_id).where(ArchiveItem.outgoing_id.is_not(None))
    skipped = select(ArchiveSkip.outgoing_id).where(ArchiveSkip.outgoing_id.is_not(None))
    return select(*_OUT_COLS).where(
        OutgoingDoc.year == year, OutgoingDoc.state == ISSUED,
        OutgoingDoc.id.not_in(filed), OutgoingDoc.id.not_in(skipped),
    ).order_by(OutgoingDoc.id)  # fmt: skip


class _Suggester:
    """The 保管期限表 and the 机构 names, read once for a whole year."""

    def __init__(self, session: Session) -> None:
        self.rules = rules.table(session)
        self.orgs = {o.name: o.code for o in scheme.orgs(session, active_only=True)}
        self.default_org = scheme.default_org(session)
        self.upper = settings.get(session, rules.UPPER_WORDS, rules.DEFAULT_UPPER) or []
        self.lower = settings.get(session, rules.LOWER_WORDS, rules.DEFAULT_LOWER) or []
        self.own = settings.org_name(session)
        self.directions: dict[str, str] = {}  # per 来文机关: a year has a few dozen senders
        self.offsets: dict[int, Any] = {}  # per UTC hour: its local offset (astimezone is slow)

    def _local_day(self, at: Any) -> Any:
        """The local date of an aware UTC time, the zone looked up once per hour of the year."""
        hour = int(at.timestamp()) // 3600
        offset = self.offsets.get(hour)
        if offset is None:
            offset = self.offsets[hour] = at.astimezone().utcoffset()
        return (at + offset).date()

    def incoming(self, d: Any) -> Candidate:
        """d: an IncomingDoc or a row of _IN_COLS."""
        direction = self.directions.get(d.sender)
        if direction is None:
            direction = rules.direction_of(d.sender, self.upper, self.lower)
            self.directions[d.sender] = direction
        facts = rules.Facts(direction, d.doc_type or "", d.title, d.lead_dept)
        s = rules.suggest(self.rules, facts, self.orgs, self.default_org)
        when = d.issued_on or self._local_day(d.received_at)
        return Candidate(INCOMING, d.id, d.sender_doc_number, d.sender, d.title, when,
                         d.doc_type or "", d.secrecy or "", d.pages or 0, direction, s.period,
                         s.org_code, s.rule)  # fmt: skip

    def outgoing(self, d: Any) -> Candidate:
        """d: an OutgoingDoc or a row of _OUT_COLS."""
        facts = rules.Facts(rules.OWN, d.doc_type, d.title, d.draft_dept)
        s = rules.suggest(self.rules, facts, self.orgs, self.default_org)
        return Candidate(OUTGOING, d.id, d.doc_number or "", d.printed_by or self.own, d.title,
                         d.signed_on or d.registered_on, d.doc_type, d.secrecy or "", 0,
                         rules.OWN, s.period, s.org_code, s.rule)  # fmt: skip


def candidates(session: Session, /, year: int) -> list[Candidate]:
    """The year's 办结 收文 and 核发 发文 that are neither filed nor marked 不归档."""
    s = _Suggester(session)
    found = [s.incoming(d) for d in session.execute(_incoming_stmt(year))]
    found += [s.outgoing(d) for d in session.execute(_outgoing_stmt(year))]
    return found


def suggestion(session: Session, /, kind: str, doc_id: int) -> Candidate:
    """The suggestion for one document (the register's 归档 dialog)."""
    doc = session.get(IncomingDoc if kind == INCOMING else OutgoingDoc, doc_id)
    if doc is None:
        raise NotFoundError(f"找不到这份{kind}。")
    s = _Suggester(session)
    if isinstance(doc, IncomingDoc):
        return s.incoming(doc)
    assert isinstance(doc, OutgoingDoc)
    return s.outgoing(doc)


def file_year(session: Session, /, year: int, decisions: list[Decision] | None = None) -> YearFiled:
    """File the year: the given decisions (default: every suggestion), then number.
    A document already filed or marked 不归档 is passed over, so twice files nothing twice."""
    actor = require(session, Perm.EDIT_ARCHIVES)
    open_now = {(c.kind, c.doc_id): c for c in candidates(session, year)}
    chosen = decisions if decisions is not None else [_default(c) for c in open_now.values()]
    todo = [(open_now[(d.kind, d.doc_id)], d) for d in chosen if (d.kind, d.doc_id) in open_now]
    sch = scheme.load(session)
    skips = [(c, d) for c, d in todo if d.period == SKIP]
    files = [(c, d) for c, d in todo if d.period != SKIP]
    for c, d in todo:
        _check_decision(sch, year, c, d)
    _skip(session, year, skips, actor.display_name)
    slots: dict[Category, list[numbering.Slot]] = defaultdict(list)
    for c, d in files:
        slots[Category(year, d.period, d.org_code)].append(_slot(c, d, actor.display_name))
    numbering.place(session, sch, slots)
    _mark_archived(session, year)
    per = dict(Counter(d.period for _, d in files))
    result = YearFiled(year, {p: per.get(p, 0) for p in PERIODS}, len(skips))
    audit.record(session, "归档", "档案", year, summary=_summary(result))
    return result


def plan_year(session: Session, /, year: int) -> YearFiled:
    """What file_year would do with the suggestions, without writing (--dry-run)."""
    found = candidates(session, year)
    per = Counter(c.period for c in found if c.period != SKIP)
    return YearFiled(year, {p: per.get(p, 0) for p in PERIODS}, len(found) - sum(per.values()))


def _default(c: Candidate) -> Decision:
    reason = f"保管期限表：{c.rule}" if c.period == SKIP else ""
    return Decision(c.kind, c.doc_id, c.period, c.org_code, reason)


def _check_decision(sch: scheme.Scheme, year: int, c: Candidate, d: Decision) -> None:
    where = f"{c.kind}“{c.title[:20]}”"
    if d.period == SKIP:
        if not d.reason.strip():
            raise ValidationError(f"{where}标为不归档，须写明原因（如 重份、事务性）。", "reason")
        return
    try:
        check_category(sch, Category(year, d.period, d.org_code))
    except ValidationError as exc:
        raise ValidationError(f"{where}：{exc.message}", exc.field) from exc


def _slot(c: Candidate, d: Decision, who: str) -> numbering.Slot:
    values = {"author": c.author[:100], "title": c.title, "secrecy": c.secrecy, "pages": c.pages,
              "rule_name": c.rule if d.period == c.period else "", "filed_by": who}  # fmt: skip
    incoming = c.doc_id if c.kind == INCOMING else None
    outgoing = c.doc_id if c.kind == OUTGOING else None
    return numbering.Slot(None, c.doc_date, c.doc_no, incoming_id=incoming,
                          outgoing_id=outgoing, values=values)  # fmt: skip


def _skip(session: Session, year: int, skips: list[tuple[Candidate, Decision]], who: str) -> None:
    for c, d in skips:
        session.add(
            ArchiveSkip(
                incoming_id=c.doc_id if c.kind == INCOMING else None,
                outgoing_id=c.doc_id if c.kind == OUTGOING else None,
                year=year,
                reason=d.reason.strip()[:100],
                decided_by=who,
            )
        )
    session.flush()


def _mark_archived(session: Session, year: int) -> None:
    """The registers' documents filed into this year move to 已归档: one statement each."""
    for model, link, done, archived in (
        (IncomingDoc, ArchiveItem.incoming_id, flow.DONE, flow.ARCHIVED),
        (OutgoingDoc, ArchiveItem.outgoing_id, ISSUED, "已归档"),
    ):
        filed = select(link).where(ArchiveItem.year == year, link.is_not(None))
        table = numbering.table_of(model)
        stmt = update(table).where(table.c.id.in_(filed), table.c.state == done)
        session.execute(stmt.values(state=archived, version=table.c.version + 1))
    session.expire_all()


def _summary(r: YearFiled) -> str:
    parts = "，".join(f"{p} {n} 件" for p, n in r.per_period.items())
    return f"{r.year}年度归档：{parts}；不归档 {r.skipped} 件"


def file_one(session: Session, /, kind: str, doc_id: int, period: str, org_code: str = "") -> str:
    """File one 收文/发文 from its register; returns the 档号 it got."""
    require(session, Perm.EDIT_ARCHIVES)
    c = suggestion(session, kind, doc_id)
    year = _doc_year(session, kind, doc_id)
    if (kind, doc_id) not in {(x.kind, x.doc_id) for x in candidates(session, year)}:
        raise ValidationError(f"这份{kind}现在不能归档：须已办结（发文须已核发）且尚未归档。")
    if period == SKIP or period not in PERIODS:
        raise ValidationError("请选择保管期限：永久 Y、定期30年 D30 或 定期10年 D10。", "period")
    sch = scheme.load(session)
    _check_decision(sch, year, c, Decision(kind, doc_id, period, org_code))
    slot = _slot(c, Decision(kind, doc_id, period, org_code), actor_of(session).display_name)
    numbering.place(session, sch, {Category(year, period, org_code): [slot]})
    code = _code_of(session, kind, doc_id)
    _move_register(session, kind, doc_id, code)
    return code


def _doc_year(session: Session, kind: str, doc_id: int) -> int:
    model = IncomingDoc if kind == INCOMING else OutgoingDoc
    return int(session.scalar(select(model.year).where(model.id == doc_id)) or 0)


def _code_of(session: Session, kind: str, doc_id: int) -> str:
    column = ArchiveItem.incoming_id if kind == INCOMING else ArchiveItem.outgoing_id
    return str(session.scalar(select(ArchiveItem.archive_code).where(column == doc_id)))


def _move_register(session: Session, kind: str, doc_id: int, code: str) -> None:
    from app.services.filing import handling, outgoing  # the register's own 归档 step

    if kind == INCOMING:
        handling.archive(session, doc_id, code)
    else:
        outgoing.archive(session, doc_id, code)

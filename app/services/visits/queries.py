"""Reading the register: list rows with their clocks, earlier cases, one case, 待办."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, selectinload

from app.models.calendar import CalendarDay
from app.models.visits import VisitAccused, VisitCase, VisitPetitioner
from app.services import calendar
from app.services.context import Perm, actor_of, require
from app.services.registry import TodoItem
from app.services.visits import clocks, rules
from app.services.visits.cases import PersonForm, dates_of, load_case
from app.services.visits.people import find_earlier_ids, visible

# a person as read back: the form's own shape, with personal data masked as the role needs
PersonRow = PersonForm


@dataclass(frozen=True)
class CaseRow:
    """One line of the 来访登记簿; personal data already masked for the acting role."""

    id: int
    reg_no: str
    received_on: date
    form: str
    names: str
    id_number: str
    phone: str
    address: str
    headcount: int
    village: str
    issue: str
    category: str
    repeat_of_id: int | None
    handling: str
    handler_unit: str
    accepted_on: date | None
    notify_due: date | None
    conclude_due: date | None
    state: str
    next_clock: str  # the open duty clock running out first, e.g. 办结
    days_left: int | None  # negative: days late
    outcome: str
    in_national_system: bool

    @property
    def is_repeat(self) -> bool:
        return self.repeat_of_id is not None

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0


@dataclass(frozen=True)
class CaseFilter:
    year: int | None = None
    month: int | None = None
    text: str = ""
    category: str = ""
    open_only: bool = False


@dataclass(frozen=True)
class ClockRow:
    name: str
    start: date
    due: date
    done_on: date | None
    duty: bool
    status: str
    days_left: int | None
    days_late: int


def workday_adder(session: Session) -> clocks.WorkdayAdder:
    """add_workdays over the calendar, seeding a year from chinesecalendar when it is missing."""

    def add(start: date, count: int) -> date:
        for year in {start.year, (start + timedelta(days=count * 3 + 30)).year}:
            _ensure_year(session, year)
        return calendar.add_workdays(session, start, count)

    return add


def _ensure_year(session: Session, year: int) -> None:
    seeded: set[int] = session.info.setdefault("visits_seeded_years", set())
    if year in seeded:
        return
    bounds = (date(year, 1, 1), date(year, 12, 31))
    if not session.scalar(select(func.count()).where(CalendarDay.day.between(*bounds))):
        calendar.seed_year(session, year)
    seeded.add(year)


def _reveal(session: Session, reveal: bool | None) -> bool:
    """None: as the role allows; True: unmasked (only for roles allowed); False: masked."""
    if reveal:
        require(session, Perm.VIEW_PERSONAL)
    return actor_of(session).can(Perm.VIEW_PERSONAL) if reveal is None else reveal


def _mask(p: VisitPetitioner, reveal: bool) -> PersonRow:
    if reveal:
        return PersonRow(p.name, p.gender, p.id_number, p.address, p.phone, p.representative)
    return PersonRow(p.name, p.gender, rules.mask_id(p.id_number), rules.mask_address(p.address),
                     rules.mask_phone(p.phone), p.representative)  # fmt: skip


def to_row(session: Session, case: VisitCase, today: date, reveal: bool) -> CaseRow:
    d = dates_of(case)
    found = clocks.clocks(d, workday_adder(session))
    by_name = {c.name: c for c in found}
    worst = clocks.worst_open(found, today)
    first = _mask(case.petitioners[0], reveal) if case.petitioners else None
    return CaseRow(
        case.id, case.reg_no, case.received_on, case.form,
        "、".join(p.name for p in case.petitioners),
        first.id_number if first else "", first.phone if first else "",
        first.address if first else "", case.headcount, case.village, case.issue,
        case.category, case.repeat_of_id, case.handling, case.handler_unit, case.accepted_on,
        by_name["告知"].due if "告知" in by_name else None,
        by_name["办结"].due if "办结" in by_name else None,
        clocks.state(d), worst.name if worst else "",
        worst.days_left(today) if worst else None, case.outcome, case.in_national_system,
    )  # fmt: skip


def _filtered(session: Session, flt: CaseFilter) -> Select[Any]:
    stmt = visible(session, select(VisitCase))
    if flt.year:
        stmt = stmt.where(VisitCase.year == flt.year)
    if flt.year and flt.month:
        start = date(flt.year, flt.month, 1)
        end = (start + timedelta(days=32)).replace(day=1)
        stmt = stmt.where(VisitCase.received_on >= start, VisitCase.received_on < end)
    if flt.category:
        stmt = stmt.where(VisitCase.category == flt.category)
    if flt.open_only:
        stmt = stmt.where(VisitCase.concluded_on.is_(None))
    if text := flt.text.strip():
        people = select(VisitPetitioner.case_id).where(VisitPetitioner.name.contains(text))
        found = (VisitCase.reg_no.contains(text), VisitCase.issue.contains(text),
                 VisitCase.village.contains(text), VisitCase.id.in_(people))  # fmt: skip
        stmt = stmt.where(or_(*found))
    return stmt


SORT_KEYS = {"reg_no": VisitCase.reg_no, "received_on": VisitCase.received_on,
             "village": VisitCase.village, "category": VisitCase.category,
             "accepted_on": VisitCase.accepted_on}  # fmt: skip


def list_cases(
    session: Session, /, flt: CaseFilter, today: date | None = None, offset: int = 0,
    limit: int | None = None, reveal: bool | None = None, sort: tuple[str, bool] | None = None,
) -> list[CaseRow]:  # fmt: skip
    """The register, newest first (or by sort), without 检举控告类 for roles not allowed."""
    stmt = _filtered(session, flt).options(selectinload(VisitCase.petitioners))
    if sort is not None and sort[0] in SORT_KEYS:
        column = SORT_KEYS[sort[0]]
        stmt = stmt.order_by(column.desc() if sort[1] else column.asc())
    stmt = stmt.order_by(VisitCase.received_on.desc(), VisitCase.id.desc()).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    day, show = today or date.today(), _reveal(session, reveal)
    return [to_row(session, c, day, show) for c in session.scalars(stmt)]


def count_cases(session: Session, /, flt: CaseFilter) -> int:
    sub = _filtered(session, flt).with_only_columns(VisitCase.id).subquery()
    return session.scalar(select(func.count()).select_from(sub)) or 0


def earlier_cases(
    session: Session, /, id_number: str = "", phone: str = "", name: str = "", village: str = "",
    today: date | None = None,
) -> list[CaseRow]:  # fmt: skip
    """A person's earlier cases, by 证件号, 电话 or 姓名 + 村/社区 (as the clerk types)."""
    ids = find_earlier_ids(session, rules.normalise_id(id_number), phone.strip(), name.strip(),
                           village.strip())  # fmt: skip
    if not ids:
        return []
    stmt = select(VisitCase).where(VisitCase.id.in_(ids)).order_by(VisitCase.received_on.desc())
    day, show = today or date.today(), _reveal(session, None)
    return [to_row(session, c, day, show) for c in session.scalars(stmt)]


def clock_rows(session: Session, /, case_id: int, today: date | None = None) -> list[ClockRow]:
    case = load_case(session, case_id)
    day = today or date.today()
    found = clocks.clocks(dates_of(case), workday_adder(session))
    return [_clock_row(c, day) for c in found]


def _clock_row(c: clocks.Clock, day: date) -> ClockRow:
    return ClockRow(c.name, c.start, c.due, c.done_on, c.duty, c.status(day), c.days_left(day),
                    c.days_late(day))  # fmt: skip


def people_of(session: Session, /, case_id: int) -> list[PersonRow]:
    show = _reveal(session, None)
    return [_mask(p, show) for p in load_case(session, case_id).petitioners]


def todo_items(session: Session, today: date) -> list[TodoItem]:
    """Duty clocks running out within 7 days, and those already late, for 首页."""
    stmt = visible(session, select(VisitCase)).where(
        or_(VisitCase.concluded_on.is_(None), VisitCase.review_requested_on.is_not(None))
    )
    items = []
    for case in session.scalars(stmt.options(selectinload(VisitCase.petitioners))):
        for c in clocks.clocks(dates_of(case), workday_adder(session)):
            left = c.days_left(today)
            if c.duty and left is not None and left <= rules.DUE_SOON_DAYS:
                items.append(_todo(case, c, left))
    return sorted(items, key=lambda t: t.days_left or 0)


def _todo(case: VisitCase, c: clocks.Clock, left: int) -> TodoItem:
    severity = "逾期" if left < 0 else "今日" if left == 0 else "临期"
    when = f"已逾期{-left}天" if left < 0 else "今日到期" if left == 0 else f"剩{left}天"
    return TodoItem(
        module="来访", title=f"{case.reg_no} {c.name}期限 {when}",
        detail=f"{case.village} {case.issue[:30]}", due=c.due, days_left=left,
        severity=severity, page="visits", ref_id=case.id,
    )  # fmt: skip


def accused_of(session: Session, /, case_id: int) -> tuple[str, str] | None:
    """The person a 检举控告 names, for the roles allowed to see accusations only."""
    require(session, Perm.VIEW_ACCUSATIONS)
    load_case(session, case_id)
    row = session.get(VisitAccused, case_id)
    return None if row is None else (row.name, row.position)


@dataclass(frozen=True)
class MonthCount:
    month: int
    total: int
    overdue: int


def monthly_counts(session: Session, /, year: int, today: date | None = None) -> list[MonthCount]:
    """Cases registered in each month of the year, and how many of them are late now."""
    rows = list_cases(session, CaseFilter(year=year), today=today, reveal=False)
    return [
        MonthCount(
            m,
            sum(r.received_on.month == m for r in rows),
            sum(r.received_on.month == m and r.overdue for r in rows),
        )
        for m in range(1, 13)
    ]


_LEARNED = {"village": VisitCase.village, "handler_unit": VisitCase.handler_unit,
            "receiving_leader": VisitCase.receiving_leader}  # fmt: skip


def known_values(session: Session, /, field: str) -> list[str]:
    """Distinct 村/社区, 承办单位 or 接待领导 typed before, most used first (for completion)."""
    column = _LEARNED[field]
    stmt = (
        select(column).where(column != "").group_by(column)
        .order_by(func.count().desc()).limit(200)
    )  # fmt: skip
    return list(session.scalars(stmt))


def repeat_of_no(session: Session, /, case_id: int) -> str:
    """The 登记编号 of the earlier case this one repeats ("" if none or not visible)."""
    earlier = load_case(session, case_id).repeat_of_id
    if earlier is None:
        return ""
    stmt = visible(session, select(VisitCase.reg_no).where(VisitCase.id == earlier))
    return session.scalar(stmt) or ""

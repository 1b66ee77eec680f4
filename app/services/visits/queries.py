"""Reading the register: list rows with their clocks, earlier cases, one case, 待办."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, extract, func, or_, select
from sqlalchemy.orm import Session

from app import clock
from app.db import bigrams, dialect
from app.models.visits import VisitAccused, VisitCase, VisitPetitioner
from app.services import calendar, settings
from app.services.context import Perm, actor_of, require
from app.services.registry import TODO_LIMIT, TodoItem, more_line
from app.services.visits import clocks, rules
from app.services.visits.cases import PersonForm, dates_of, load_case
from app.services.visits.people import find_earlier_ids, visible

# 民法典 art. 203: a period whose last day is a 法定节假日 ends on the next working day
ROLL_KEY = "visits.roll_holiday_deadlines"

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
    version: int = 0  # what a step sends back (versions.Seen), so a stale one is refused
    historical: bool = False  # 历史补录: no clock runs

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
    note: str = ""  # "2027年节假日安排未录入" beside a count of 工作日 in such a year


class _Days:
    """The calendar's special days, read a whole year at a time and kept for one reading of
    the register: a list of 200 cases asked the database for them hundreds of times."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.special: dict[date, Any] = {}
        self.read: set[tuple[int, bool]] = set()

    def cover(self, first: date, last: date) -> dict[date, Any]:
        seeded = self.session.info.get("visits_seeded_years", ())
        for year in range(first.year, last.year + 1):
            key = (year, year in seeded)  # a year seeded since it was read is read again
            if key not in self.read:
                self.read.add(key)
                days = calendar.days_in(self.session, date(year, 1, 1), date(year, 12, 31))
                self.special.update(days)
        return self.special


def workday_adder(session: Session, days: _Days | None = None) -> clocks.WorkdayAdder:
    """add_workdays over the calendar, seeding a year from chinesecalendar when it is missing."""
    known = days or _Days(session)

    def add(start: date, count: int) -> date:
        end = start + timedelta(days=count * 3 + 30)
        for year in {start.year, end.year}:
            _ensure_year(session, year)
        return calendar.workdays_after(known.cover(start, end), start, count)

    return add


def rolls_holiday_deadlines(session: Session, /) -> bool:
    """Whether a deadline ending on a 法定节假日 moves to the next working day (on by default)."""
    return bool(settings.get(session, ROLL_KEY, True))


def set_rolls_holiday_deadlines(session: Session, /, on: bool) -> bool:
    """Turn the move on or off (roles that may change settings; audited); returns it."""
    settings.put(session, ROLL_KEY, bool(on))
    return bool(on)


def deadline_roll(session: Session, days: _Days | None = None) -> clocks.Roll:
    """Moves a last day off a 法定节假日 (setting ROLL_KEY, on unless turned off)."""
    if not rolls_holiday_deadlines(session):
        return lambda day: day

    known: dict[date, date] = {}  # a list of 50,000 cases asks for the same few days
    special = days or _Days(session)

    def roll(day: date) -> date:
        if day not in known:
            _ensure_year(session, day.year)
            known[day] = calendar.rolled(special.cover(day, day + timedelta(days=30)), day)
        return known[day]

    return roll


def calendar_clocks(session: Session) -> tuple[clocks.WorkdayAdder, clocks.Roll]:
    """The adder and the roll for one reading of many cases, over one read of the calendar."""
    days = _Days(session)
    return workday_adder(session, days), deadline_roll(session, days)


def _ensure_year(session: Session, year: int) -> None:
    # Only the State Council's (or the statutory) days count as "loaded": a clerk's one local
    # correction in a year once stopped the year's notice from ever loading.
    seeded: set[int] = session.info.setdefault("visits_seeded_years", set())
    if year not in seeded:
        calendar.ensure_seeded(session, year)
        seeded.add(year)


def _reveal(session: Session, reveal: bool | None) -> bool:
    """None: as the role allows; True: unmasked (only for roles allowed); False: masked."""
    if reveal:
        require(session, Perm.VIEW_PERSONAL)
    return actor_of(session).can(Perm.VIEW_PERSONAL) if reveal is None else reveal


def _mask(p: Any, reveal: bool) -> PersonRow:
    if reveal:
        return PersonRow(p.name, p.gender, p.id_number, p.address, p.phone, p.representative)
    return PersonRow(p.name, p.gender, rules.mask_id(p.id_number), rules.mask_address(p.address),
                     rules.mask_phone(p.phone), p.representative)  # fmt: skip


def to_row(
    session: Session, case: Any, today: date, reveal: bool,
    timing: tuple[clocks.WorkdayAdder, clocks.Roll] | None = None,
    people: list[Any] | None = None,
) -> CaseRow:  # fmt: skip
    """One list line; timing (calendar_clocks) shared by the lines of one list. case: a
    VisitCase, or a row of _CASE_COLUMNS with its petitioners' rows as people."""
    d = dates_of(case)
    found = clocks.clocks(d, *(timing or calendar_clocks(session)))
    by_name = {c.name: c for c in found}
    worst = None if case.historical else clocks.worst_open(found, today)
    persons = case.petitioners if people is None else people
    first = _mask(persons[0], reveal) if persons else None
    return CaseRow(
        case.id, case.reg_no, case.received_on, case.form,
        "、".join(p.name for p in persons),
        first.id_number if first else "", first.phone if first else "",
        first.address if first else "", case.headcount, case.village, case.issue,
        case.category, case.repeat_of_id, case.handling, case.handler_unit, case.accepted_on,
        by_name["告知"].due if "告知" in by_name else None,
        by_name["办结"].due if "办结" in by_name else None,
        clocks.state(d), worst.name if worst else "",
        worst.days_left(today) if worst else None, case.outcome, case.in_national_system,
        case.version, case.historical,
    )  # fmt: skip


def _filtered(session: Session, flt: CaseFilter, by_date: bool = False) -> Select[Any]:
    """The cases the filter finds; by_date: a word with many hits is tested row by row
    along the date index (a list page stops after 200) instead of sorting every hit."""
    stmt = visible(session, select(VisitCase))
    if flt.year and not flt.month:
        # a case of an earlier year still open belongs on this year's desk: 1 January must
        # not hide it
        earlier_open = (
            (VisitCase.year < flt.year)
            & VisitCase.concluded_on.is_(None)
            & VisitCase.historical.is_(False)
        )
        stmt = stmt.where(or_(VisitCase.year == flt.year, earlier_open))
    if flt.year and flt.month:
        stmt = stmt.where(VisitCase.year == flt.year)
        start = date(flt.year, flt.month, 1)
        end = (start + timedelta(days=32)).replace(day=1)
        stmt = stmt.where(VisitCase.received_on >= start, VisitCase.received_on < end)
    if flt.category:
        stmt = stmt.where(VisitCase.category == flt.category)
    if flt.open_only:
        stmt = stmt.where(VisitCase.concluded_on.is_(None))
    if text := flt.text.strip():
        stmt = stmt.where(_text_test(text, by_date and _many_hits(session, text)))
    return stmt


def _text_test(text: str, along_dates: bool = False) -> ColumnElement[bool]:
    """登记号, 信访事项, 村 or a petitioner's name holds the text: through the bigram index.

    along_dates: `id + 0` keeps SQLite from driving the query by the index hits (then
    sorting them all by date): the rows are read newest first and each is looked up.
    """
    named = dialect.contains(VisitPetitioner.name, text)
    people = select(VisitPetitioner.case_id).where(
        bigrams.narrowed("visit_people_bi_fts", VisitPetitioner.id, text, named)
    )
    columns = (VisitCase.reg_no, VisitCase.issue, VisitCase.village)
    scan = or_(*(dialect.contains(c, text) for c in columns))
    key = (VisitCase.id + 0) if along_dates else VisitCase.id
    own = bigrams.narrowed("visit_cases_bi_fts", key, text, scan)
    return or_(own, key.in_(people))


MANY_HITS = 1000  # past this many, reading newest first finds a page sooner than sorting


def _many_hits(session: Session, text: str) -> bool:
    ids = bigrams.bigram_ids("visit_cases_bi_fts", [text])
    if ids is None or not dialect.has_fts(session):  # the server plans without the hint
        return False
    hits = select(func.count()).select_from(ids.subquery())
    return int(session.scalar(hits) or 0) > MANY_HITS


SORT_KEYS = {"reg_no": VisitCase.reg_no, "received_on": VisitCase.received_on,
             "village": VisitCase.village, "category": VisitCase.category,
             "accepted_on": VisitCase.accepted_on}  # fmt: skip


def list_cases(
    session: Session, /, flt: CaseFilter, today: date | None = None, offset: int = 0,
    limit: int | None = None, reveal: bool | None = None, sort: tuple[str, bool] | None = None,
) -> list[CaseRow]:  # fmt: skip
    """The register, newest first (or by sort), without 检举控告类 for roles not allowed."""
    stmt = _filtered(session, flt, by_date=sort is None).with_only_columns(*_CASE_COLUMNS)
    if sort is not None and sort[0] in SORT_KEYS:
        column = SORT_KEYS[sort[0]]
        stmt = stmt.order_by(column.desc() if sort[1] else column.asc())
    stmt = stmt.order_by(VisitCase.received_on.desc(), VisitCase.id.desc()).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    # Plain rows, not objects: building 200 VisitCase and their petitioners through the ORM
    # was most of a page's read.
    found = session.execute(stmt).all()
    people = _people_of(session, [c.id for c in found])
    day, show, timing = today or clock.today(), _reveal(session, reveal), calendar_clocks(session)
    return [to_row(session, c, day, show, timing, people.get(c.id, [])) for c in found]


# what a list line reads of a case: CaseRow's own fields and the clocks' dates
_CASE_COLUMNS = tuple(
    getattr(VisitCase, name)
    for name in ("id", "reg_no", "form", "headcount", "village", "issue", "category",
                 "repeat_of_id", "handler_unit", "outcome", "in_national_system", "version",
                 "historical", *(f.name for f in fields(clocks.CaseDates)))
)  # fmt: skip
_PERSON_COLUMNS = (VisitPetitioner.case_id, VisitPetitioner.name, VisitPetitioner.gender,
                   VisitPetitioner.id_number, VisitPetitioner.address, VisitPetitioner.phone,
                   VisitPetitioner.representative)  # fmt: skip


def _people_of(session: Session, case_ids: list[int]) -> dict[int, list[Any]]:
    """The petitioners of these cases as rows, in each case's own order (position)."""
    people: dict[int, list[Any]] = {}
    if not case_ids:
        return people
    stmt = (
        select(*_PERSON_COLUMNS)
        .where(VisitPetitioner.case_id.in_(case_ids))
        .order_by(VisitPetitioner.case_id, VisitPetitioner.position)
    )
    for person in session.execute(stmt):
        people.setdefault(person.case_id, []).append(person)
    return people


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
    return _earlier_rows(session, ids, today)


def _earlier_rows(session: Session, ids: set[int], today: date | None = None) -> list[CaseRow]:
    if not ids:
        return []
    stmt = select(VisitCase).where(VisitCase.id.in_(ids)).order_by(VisitCase.received_on.desc())
    day, show, timing = today or clock.today(), _reveal(session, None), calendar_clocks(session)
    return [to_row(session, c, day, show, timing) for c in session.scalars(visible(session, stmt))]


@dataclass(frozen=True)
class Earlier:
    """What the registration form shows while the clerk types, and what registering needs."""

    rows: list[CaseRow]  # the cases this clerk may see, newest first
    newest_id: int | None  # the newest of all (an unseen 检举控告 too): the repeat link


def look_up_earlier(
    session: Session, /, id_number: str = "", phone: str = "", name: str = "", village: str = ""
) -> Earlier:
    """earlier_cases, plus the case register_case would link to (hand it back in the form)."""
    every = find_earlier_ids(session, rules.normalise_id(id_number), phone.strip(), name.strip(),
                             village.strip(), visible_only=False)  # fmt: skip
    return Earlier(_earlier_rows(session, every), max(every) if every else None)


def clock_rows(session: Session, /, case_id: int, today: date | None = None) -> list[ClockRow]:
    case = load_case(session, case_id)
    day = today or clock.today()
    found = clocks.clocks(dates_of(case), workday_adder(session), deadline_roll(session))
    return [_clock_row(c, day, _note(session, c)) for c in found]


def _note(session: Session, c: clocks.Clock) -> str:
    """A clock counted in 工作日 over a year whose 调休 are unknown says so."""
    if c.name not in clocks.WORKDAY_CLOCKS:
        return ""
    return calendar.unknown_note(session, set(range(c.start.year, c.due.year + 1)))


def _clock_row(c: clocks.Clock, day: date, note: str = "") -> ClockRow:
    return ClockRow(c.name, c.start, c.due, c.done_on, c.duty, c.status(day), c.days_left(day),
                    c.days_late(day), note)  # fmt: skip


def people_of(session: Session, /, case_id: int) -> list[PersonRow]:
    show = _reveal(session, None)
    return [_mask(p, show) for p in load_case(session, case_id).petitioners]


# The columns the statutory clocks read, in CaseDates order: lists of clocks over a whole
# year (首页, the monthly chart) read these alone, not 50,000 cases with their people.
_CLOCK_COLUMNS = tuple(getattr(VisitCase, f.name) for f in fields(clocks.CaseDates))


# Cases whose clocks may still run: not concluded, or concluded with a 复查 asked for; a
# 历史补录 case records what happened then, its clocks are not run again.
_OPEN = and_(
    VisitCase.historical.is_(False),
    or_(VisitCase.concluded_on.is_(None), VisitCase.review_requested_on.is_not(None)),
)


def _clocked(session: Session, stmt: Select[Any]) -> Iterator[tuple[Any, list[clocks.Clock]]]:
    """Each row of stmt (extra columns first, then _CLOCK_COLUMNS) with its clocks."""
    add, roll = calendar_clocks(session)
    extra = len(stmt.selected_columns) - len(_CLOCK_COLUMNS)
    for row in session.execute(stmt):
        yield row[:extra], clocks.clocks(clocks.CaseDates(*row[extra:]), add, roll)


def todo_items(session: Session, today: date) -> list[TodoItem]:
    """Duty clocks running out within 7 days, and those already late, for 首页: the most
    urgent TODO_LIMIT, then one line for the rest."""
    heads = (VisitCase.id, VisitCase.reg_no, VisitCase.village, VisitCase.issue)
    stmt = visible(session, select(*heads, *_CLOCK_COLUMNS)).where(_OPEN)
    items = []
    for case, found in _clocked(session, stmt):
        for c in found:
            left = c.days_left(today)
            if c.duty and left is not None and left <= rules.DUE_SOON_DAYS:
                items.append(_todo(case, c, left))
    items.sort(key=lambda t: t.days_left or 0)
    hidden = more_line("来访", len(items) - TODO_LIMIT, "来访期限临近或已逾期", "visits")
    return items[:TODO_LIMIT] + hidden


_ACTIONS = {"告知": "书面告知信访人是否受理", "办结": "出具处理意见，答复信访人"}


def _todo(case: Any, c: clocks.Clock, left: int) -> TodoItem:
    case_id, reg_no, village, issue = case
    severity = "逾期" if left < 0 else "今日" if left == 0 else "临期"
    when = f"已逾期{-left}天" if left < 0 else "今日到期" if left == 0 else f"剩{left}天"
    return TodoItem(
        module="来访", title=f"{reg_no} {c.name}期限 {when}",
        detail=f"{village} {issue[:30]}", due=c.due, days_left=left,
        severity=severity, page="visits", ref_id=case_id,
        action=_ACTIONS.get(c.name, f"办理{c.name}，回复信访人"),
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


GIVE_WAY = 200  # cases between two give_way() calls: a few ms of clocks


def monthly_counts(
    session: Session, /, year: int, today: date | None = None,
    give_way: Callable[[], None] | None = None,
) -> list[MonthCount]:  # fmt: skip
    """Cases registered in each month of the year, and how many of them are late now.

    Totals are counted by SQL; the clocks run only for cases still open (or under review),
    the only ones with a clock that can be late, as for 首页. give_way (the window's): called
    every GIVE_WAY cases, so this read (~0.5 s at 50,000) steps aside while the clerk searches.
    """
    day = today or clock.today()
    # extract() is CAST(STRFTIME('%m', …)) on SQLite, EXTRACT on the office server
    month: ColumnElement[Any] = extract("month", VisitCase.received_on)
    counted = visible(session, select(month, func.count()).where(VisitCase.year == year))
    totals: dict[int, int] = {m: n for m, n in session.execute(counted.group_by(month))}
    stmt = visible(session, select(VisitCase.received_on, *_CLOCK_COLUMNS))
    late = [0] * 13
    still_open = _clocked(session, stmt.where(VisitCase.year == year, _OPEN))
    for n, ((received,), found) in enumerate(still_open):
        if give_way is not None and n % GIVE_WAY == 0:
            give_way()
        worst = clocks.worst_open(found, day)
        left = worst.days_left(day) if worst else None
        late[received.month] += left is not None and left < 0  # as CaseRow.overdue
    return [MonthCount(m, totals.get(m, 0), late[m]) for m in range(1, 13)]


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

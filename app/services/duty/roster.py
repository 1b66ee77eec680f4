"""Rosters: generate and save a date range, read it back with each person's tally."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session, selectinload

from app.models.duty import DutyPerson, DutySwap, RosterDay, RosterStaff
from app.services import audit
from app.services import calendar as cal
from app.services.context import Perm, require
from app.services.duty import planner
from app.services.duty.config import HOLIDAY, WEEKEND, WORKDAY, ShiftRule, rules
from app.services.duty.staff import DutyPersonRow, people, person_row, unavailable_days
from app.services.errors import ValidationError

MAX_DAYS = 800


@dataclass(frozen=True)
class RosterDayRow:
    day: date
    weekday: str
    kind: str
    holiday: str
    shift: str  # "17:30—次日08:30"
    leader: DutyPersonRow
    staff: tuple[DutyPersonRow, ...]
    note: str
    version: int = 0  # what a day's edit sends back (versions.Seen), so a stale one is refused


@dataclass(frozen=True)
class TallyRow:
    """One person's duties in the range, plus holiday duties this year outside it."""

    person_id: int
    name: str
    role: str
    workday: int
    weekend: int
    holiday: int
    points: int
    year_holiday: int  # holiday duties this year, earlier saved rosters included


@dataclass(frozen=True)
class RosterResult:
    days: list[RosterDayRow]
    tallies: list[TallyRow]
    warnings: list[str]


def day_kind(info: cal.DayInfo) -> str:
    if info.kind == cal.HOLIDAY:
        return HOLIDAY
    return WEEKEND if info.kind == "周末" else WORKDAY


def ensure_calendar(session: Session, start: date, end: date) -> list[str]:
    """Seed each year of the range once; say clearly which years' 调休 are not entered."""
    return [
        f"{year}年节假日安排未录入：已按法定节假日排班，调休上班日尚不知道。请在“日历”页"
        f"按国务院办公厅的通知录入{year}年的放假和调休上班日（设置 → 节假日 可粘贴通知全文）。"
        for year in range(start.year, end.year + 1)
        if cal.shifts_unknown(session, year)
    ]


def _slots(
    session: Session, start: date, end: date
) -> tuple[list[planner.DaySlot], dict[date, str]]:
    special = cal.days_in(session, start, end)
    rule = rules(session)
    slots, names = [], {}
    day = start
    while day <= end:
        info = cal.day_info(special, day)
        kind = day_kind(info)
        slots.append(planner.DaySlot(day, kind, rule[kind].staff, rule[kind].weight))
        names[day] = day_label(info)
        day += timedelta(days=1)
    return slots, names


def day_label(info: cal.DayInfo) -> str:
    """What the roster's 节日 column says: the holiday, or 调休上班 with its holiday."""
    if info.kind == cal.HOLIDAY:
        return info.name
    if info.kind == cal.SHIFTED_WORKDAY:
        return f"调休上班（{info.name}）" if info.name else "调休上班"
    return ""


def _history(session: Session, start: date, end: date) -> planner.History:
    holidays: dict[tuple[int, int], int] = {}
    last: dict[int, date] = {}
    stmt = (
        select(RosterDay)
        .options(selectinload(RosterDay.staff))
        .where(RosterDay.kind == HOLIDAY, (RosterDay.day < start) | (RosterDay.day > end))
    )
    for row in session.scalars(stmt):
        for pid in (row.leader_id, *(s.person_id for s in row.staff)):
            if row.day.year in range(start.year, end.year + 1):
                holidays[(pid, row.day.year)] = holidays.get((pid, row.day.year), 0) + 1
            if row.day < start and row.day > last.get(pid, date.min):
                last[pid] = row.day
    return planner.History(
        holidays,
        last,
        _on_duty(session, start - timedelta(days=1)),
        _on_duty(session, end + timedelta(days=1)),
    )


def _on_duty(session: Session, day: date) -> frozenset[int]:
    row = session.scalar(select(RosterDay).where(RosterDay.day == day))
    if row is None:
        return frozenset()
    return frozenset({row.leader_id, *(s.person_id for s in row.staff)})


def generate(session: Session, /, start: date, end: date) -> RosterResult:
    """Plan start..end under the rules and save it, replacing what was saved for those days."""
    require(session, Perm.EDIT_REGISTERS)
    if end < start:
        raise ValidationError("结束日期不能早于开始日期", "end")
    if (end - start).days >= MAX_DAYS:
        raise ValidationError(f"一次最多排 {MAX_DAYS} 天", "end")
    warnings = ensure_calendar(session, start, end) + _replacing(session, start, end)
    slots, names = _slots(session, start, end)
    pool = [planner.Person(p.id, p.name, p.can_lead) for p in people(session, active_only=True)]
    history = _history(session, start, end)
    assignments, _loads = planner.plan(slots, pool, unavailable_days(session, start, end), history)
    _save(session, assignments, {s.day: s.kind for s in slots}, names, rules(session))
    audit.record(
        session,
        "新增",
        "排班",
        f"{start}~{end}",
        summary=f"生成{start}至{end}排班，共{len(assignments)}天",
    )
    days = roster(session, start, end)
    return RosterResult(days, tallies(session, start, end, days), warnings)


def _replacing(session: Session, start: date, end: date) -> list[str]:
    """Say so when a saved roster (and any 换班 on it) is being replaced."""
    saved = session.scalar(
        select(func.count()).select_from(RosterDay).where(RosterDay.day.between(start, end))
    )
    if not saved:
        return []
    swapped = session.scalar(
        select(func.count()).select_from(DutySwap).where(DutySwap.day_a.between(start, end))
    )
    note = f"，其中有 {swapped} 次换班（换班记录仍保留）" if swapped else ""
    return [f"已用新排班替换这段时间原有的 {saved} 天排班{note}。"]


def _save(
    session: Session,
    plan: list[planner.Assignment],
    kinds: dict[date, str],
    names: dict[date, str],
    rule: dict[str, ShiftRule],
) -> None:
    """Replace the saved days by the plan, through the bulk insert path (a year in ~50 ms)."""
    if not plan:
        return
    first, last = plan[0].day, plan[-1].day
    old = select(RosterDay.id).where(RosterDay.day.between(first, last))
    session.execute(delete(RosterStaff).where(RosterStaff.roster_day_id.in_(old)))
    session.execute(delete(RosterDay).where(RosterDay.day.between(first, last)))
    days = [
        {"day": a.day, "kind": kinds[a.day], "holiday": names[a.day], "note": "", "version": 1,
         "shift_start": rule[kinds[a.day]].start, "shift_end": rule[kinds[a.day]].end,
         "leader_id": a.leader}
        for a in plan
    ]  # fmt: skip
    session.execute(insert(RosterDay), days)
    in_range = select(RosterDay.day, RosterDay.id).where(RosterDay.day.between(first, last))
    ids: dict[date, int] = {day: rid for day, rid in session.execute(in_range)}
    staff = [
        {"roster_day_id": ids[a.day], "person_id": pid, "position": n}
        for a in plan
        for n, pid in enumerate(a.staff)
    ]
    if staff:
        session.execute(insert(RosterStaff), staff)


def roster(session: Session, start: date, end: date) -> list[RosterDayRow]:
    stmt = (
        select(RosterDay)
        .options(selectinload(RosterDay.staff))
        .where(RosterDay.day.between(start, end))
        .order_by(RosterDay.day)
    )
    rows = list(session.scalars(stmt))
    ids = {r.leader_id for r in rows} | {s.person_id for r in rows for s in r.staff}
    found = session.scalars(select(DutyPerson).where(DutyPerson.id.in_(ids)))
    by_id = {p.id: person_row(p) for p in found}
    return [
        RosterDayRow(
            r.day,
            cal.weekday_name(r.day),
            r.kind,
            r.holiday,
            f"{r.shift_start}—次日{r.shift_end}",
            by_id[r.leader_id],
            tuple(by_id[s.person_id] for s in r.staff),
            r.note,
            r.version,
        )
        for r in rows
    ]


def tallies(
    session: Session, start: date, end: date, days: list[RosterDayRow] | None = None
) -> list[TallyRow]:
    """Every active person's duties start..end (and holiday duties in those years)."""
    weights = {k: r.weight for k, r in rules(session).items()}
    counts: dict[int, dict[str, int]] = {}
    for row in roster(session, start, end) if days is None else days:
        for p in (row.leader, *row.staff):
            c = counts.setdefault(p.id, {WORKDAY: 0, WEEKEND: 0, HOLIDAY: 0})
            c[row.kind] += 1
    years = _year_holidays(session, start.year, end.year)
    out = []
    for p in people(session):
        c = counts.get(p.id, {WORKDAY: 0, WEEKEND: 0, HOLIDAY: 0})
        if not p.active and not any(c.values()):
            continue
        points = sum(weights[k] * n for k, n in c.items())
        out.append(
            TallyRow(
                p.id, p.name, p.role, c[WORKDAY], c[WEEKEND], c[HOLIDAY], points, years.get(p.id, 0)
            )
        )
    return out


def _year_holidays(session: Session, first_year: int, last_year: int) -> dict[int, int]:
    stmt = (
        select(RosterDay)
        .options(selectinload(RosterDay.staff))
        .where(
            RosterDay.kind == HOLIDAY,
            RosterDay.day.between(date(first_year, 1, 1), date(last_year, 12, 31)),
        )
    )
    out: dict[int, int] = {}
    for row in session.scalars(stmt):
        for pid in (row.leader_id, *(s.person_id for s in row.staff)):
            out[pid] = out.get(pid, 0) + 1
    return out


def on_duty(session: Session, day: date) -> RosterDayRow | None:
    rows = roster(session, day, day)
    return rows[0] if rows else None

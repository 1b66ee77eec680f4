"""The roster planner: a pure, deterministic greedy fill under the duty rules.

Rules: one 带班领导 a day drawn from the leaders only; the rule's number of 值班人员 drawn
from the rest; nobody on two days running; nobody while unavailable. Fairness: each slot
goes to the eligible person with the least weighted load; holiday slots go first to whoever
has the fewest holiday duties this year (earlier saved rosters included), then to whoever
had a holiday duty longest ago, so the same people do not always get 春节.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from app.services.duty.balance import RosterBoard, even_out
from app.services.duty.config import HOLIDAY, WEEKEND, WORKDAY
from app.services.errors import ValidationError


@dataclass(frozen=True)
class DaySlot:
    """One day to staff."""

    day: date
    kind: str  # 工作日 | 周末 | 节假日
    staff: int  # 值班人员 needed besides the 带班领导
    weight: int


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    can_lead: bool


@dataclass(frozen=True)
class History:
    """What earlier saved rosters say: holiday duties per (person, year), last holiday duty."""

    holidays: dict[tuple[int, int], int] = field(default_factory=dict)
    last_holiday: dict[int, date] = field(default_factory=dict)
    on_day_before: frozenset[int] = frozenset()  # people on duty the day before the range
    on_day_after: frozenset[int] = frozenset()  # people on duty the day after the range


@dataclass(frozen=True)
class Assignment:
    day: date
    leader: int
    staff: tuple[int, ...]


@dataclass
class Load:
    """One person's running tally."""

    workday: int = 0
    weekend: int = 0
    holiday: int = 0
    points: int = 0
    last: date = date.min
    last_holiday: date = date.min
    holiday_years: dict[int, int] = field(default_factory=dict)  # a range may span New Year

    def add(self, slot: DaySlot) -> None:
        if slot.kind == HOLIDAY:
            self.holiday += 1
            year = slot.day.year
            self.holiday_years[year] = self.holiday_years.get(year, 0) + 1
            self.last_holiday = max(self.last_holiday, slot.day)
        elif slot.kind == WEEKEND:
            self.weekend += 1
        else:
            self.workday += 1
        self.points += slot.weight
        self.last = max(self.last, slot.day)  # holidays are filled first, out of order


def plan(
    slots: Sequence[DaySlot],
    people: Iterable[Person],
    unavailable: dict[int, list[tuple[date, date]]],
    history: History,
) -> tuple[list[Assignment], dict[int, Load]]:
    """Fill every slot; raise ValidationError naming a day that cannot be filled.

    Holidays are staffed first (they are what people count), then the other days around them,
    each slot going to the least-loaded eligible person. A small pool may get boxed in that
    way; then the days are filled simply in date order.
    """
    people = list(people)
    try:
        out, _loads = _plan(slots, people, unavailable, history, holidays_first=True)
    except ValidationError:
        out, _loads = _plan(slots, people, unavailable, history, holidays_first=False)
    out = _balanced(slots, people, out, _blocked_days(people, unavailable, slots), history)
    return out, _recount(slots, people, out, history)


def _balanced(
    slots: Sequence[DaySlot],
    people: list[Person],
    out: list[Assignment],
    blocked: dict[int, set[date]],
    history: History,
) -> list[Assignment]:
    """Even out what the greedy fill left uneven, one role group at a time."""
    if not slots:
        return out
    on_day = {a.day: {a.leader, *a.staff} for a in out}
    on_day[slots[0].day - timedelta(days=1)] = set(history.on_day_before)
    on_day[slots[-1].day + timedelta(days=1)] = set(history.on_day_after)
    leaders = {a.day: a.leader for a in out}
    staff = {a.day: list(a.staff) for a in out}
    target = max(s.weight for s in slots)
    loads = _recount(slots, people, out, history)
    year = slots[0].day.year
    for lead in (True, False):
        group = [p.id for p in people if p.can_lead == lead]
        board = RosterBoard(
            {s.day: s.kind for s in slots},
            {s.day: s.weight for s in slots},
            on_day,
            blocked,
            {p: loads[p].points for p in group},
            {p: loads[p].holiday + history.holidays.get((p, year), 0) for p in group},
            {p: [] for p in group},
        )
        for a in out:
            for pid in [a.leader] if lead else a.staff:
                board.duties[pid].append(a.day)
        for day, old, new in even_out(board, group, target):
            if lead:
                leaders[day] = new
            else:
                staff[day] = [new if x == old else x for x in staff[day]]
    return [Assignment(a.day, leaders[a.day], tuple(staff[a.day])) for a in out]


def _recount(
    slots: Sequence[DaySlot], people: list[Person], out: list[Assignment], history: History
) -> dict[int, Load]:
    loads = {p.id: Load(last_holiday=history.last_holiday.get(p.id, date.min)) for p in people}
    for slot, a in zip(slots, out, strict=True):
        for pid in (a.leader, *a.staff):
            loads[pid].add(slot)
    return loads


def _plan(
    slots: Sequence[DaySlot],
    people: Iterable[Person],
    unavailable: dict[int, list[tuple[date, date]]],
    history: History,
    *,
    holidays_first: bool,
) -> tuple[list[Assignment], dict[int, Load]]:
    pool = sorted(people, key=lambda p: p.id)
    loads = {p.id: Load(last_holiday=history.last_holiday.get(p.id, date.min)) for p in pool}
    blocked = _blocked_days(pool, unavailable, slots)
    groups = ([p for p in pool if p.can_lead], [p for p in pool if not p.can_lead])
    on_day: dict[date, set[int]] = {}
    if slots:
        on_day[slots[0].day - timedelta(days=1)] = set(history.on_day_before)
        on_day[slots[-1].day + timedelta(days=1)] = set(history.on_day_after)
    done: dict[date, Assignment] = {}
    ordered = list(slots)
    if holidays_first:
        ordered = [s for s in slots if s.kind == HOLIDAY] + [s for s in slots if s.kind != HOLIDAY]
    for slot in ordered:
        taken = on_day.get(slot.day - timedelta(days=1), set()) | on_day.get(
            slot.day + timedelta(days=1), set()
        )
        taken |= {pid for pid, days in blocked.items() if slot.day in days}
        leader = _pick(groups[0], 1, taken, loads, slot, history, "带班领导")
        chosen = _pick(groups[1], slot.staff, taken, loads, slot, history, "值班人员")
        for pid in (*leader, *chosen):
            loads[pid].add(slot)
        done[slot.day] = Assignment(slot.day, leader[0], tuple(chosen))
        on_day[slot.day] = {leader[0], *chosen}
    return [done[s.day] for s in slots], loads


def _blocked_days(
    pool: Sequence[Person],
    unavailable: dict[int, list[tuple[date, date]]],
    slots: Sequence[DaySlot],
) -> dict[int, set[date]]:
    wanted = {s.day for s in slots}
    out: dict[int, set[date]] = {}
    for p in pool:
        days: set[date] = set()
        for start, end in unavailable.get(p.id, ()):
            day = start
            while day <= end:
                if day in wanted:
                    days.add(day)
                day += timedelta(days=1)
        if days:
            out[p.id] = days
    return out


def _pick(
    group: Sequence[Person],
    count: int,
    taken: set[int],
    loads: dict[int, Load],
    slot: DaySlot,
    history: History,
    role: str,
) -> list[int]:
    free = [p.id for p in group if p.id not in taken]
    if len(free) < count:
        raise ValidationError(
            f"{slot.day:%Y年%m月%d日}排不出{count}名{role}：可用{len(free)}人"
            "（有人不在岗或前后一天已值班），请增加人员或调整不在岗日期",
            "people",
        )
    year = slot.day.year

    def key(pid: int) -> tuple[object, ...]:
        load = loads[pid]
        if slot.kind == HOLIDAY:
            tally = history.holidays.get((pid, year), 0) + load.holiday_years.get(year, 0)
            return (tally, load.points, load.last_holiday, load.last, pid)
        return (load.points, _count(load, slot.kind), load.last, pid)

    return sorted(free, key=key)[:count]


def _count(load: Load, kind: str) -> int:
    return load.weekend if kind == WEEKEND else load.workday if kind == WORKDAY else load.holiday

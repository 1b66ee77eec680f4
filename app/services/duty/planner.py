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

from app.services.duty.config import HOLIDAY, WEEKEND, WORKDAY
from app.services.errors import ValidationError


@dataclass(frozen=True)
class Slot:
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

    def add(self, slot: Slot) -> None:
        if slot.kind == HOLIDAY:
            self.holiday += 1
            self.last_holiday = slot.day
        elif slot.kind == WEEKEND:
            self.weekend += 1
        else:
            self.workday += 1
        self.points += slot.weight
        self.last = slot.day


def plan(
    slots: Sequence[Slot],
    people: Iterable[Person],
    unavailable: dict[int, list[tuple[date, date]]],
    history: History,
) -> tuple[list[Assignment], dict[int, Load]]:
    """Fill every slot in day order; raise ValidationError naming the first day that cannot be."""
    pool = sorted(people, key=lambda p: p.id)
    loads = {p.id: Load(last_holiday=history.last_holiday.get(p.id, date.min)) for p in pool}
    blocked = _blocked_days(pool, unavailable, slots)
    leaders = [p for p in pool if p.can_lead]
    staff = [p for p in pool if not p.can_lead]
    out: list[Assignment] = []
    previous: set[int] = set(history.on_day_before)
    last_day = slots[-1].day if slots else None
    for slot in slots:
        if out and out[-1].day != slot.day - timedelta(days=1):
            previous = set()  # a gap in the range: yesterday was not planned here
        taken = previous | (set(history.on_day_after) if slot.day == last_day else set())
        taken |= {pid for pid, days in blocked.items() if slot.day in days}
        leader = _pick(leaders, 1, taken, loads, slot, history, "带班领导")
        chosen = _pick(staff, slot.staff, taken, loads, slot, history, "值班人员")
        for pid in (*leader, *chosen):
            loads[pid].add(slot)
        out.append(Assignment(slot.day, leader[0], tuple(chosen)))
        previous = {leader[0], *chosen}
    return out, loads


def _blocked_days(
    pool: Sequence[Person], unavailable: dict[int, list[tuple[date, date]]], slots: Sequence[Slot]
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
    slot: Slot,
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
            tally = history.holidays.get((pid, year), 0) + load.holiday
            return (tally, load.last_holiday, load.points, load.last, pid)
        return (load.points, _count(load, slot.kind), load.last, pid)

    return sorted(free, key=key)[:count]


def _count(load: Load, kind: str) -> int:
    return load.weekend if kind == WEEKEND else load.workday if kind == WORKDAY else load.holiday

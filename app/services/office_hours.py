"""Office hours (08:30–12:00, 14:00–17:30, the PC's time) on working days: when demo staff work."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from app.services import calendar

OPEN = ((time(8, 30), time(12, 0)), (time(14, 0), time(17, 30)))
HALF = 210  # minutes in each of the two sittings
MINUTES = 2 * HALF  # office minutes in a working day


def at_minute(day: date, minute: float) -> datetime:
    """The moment `minute` office minutes into `day` (0 ≤ minute < MINUTES), in UTC."""
    start = OPEN[int(minute // HALF)][0]
    return (datetime.combine(day, start) + timedelta(minutes=minute % HALF)).astimezone(UTC)


def after(at: datetime, minutes: float, workdays: Workdays | None = None) -> datetime:
    """`minutes` office minutes after `at`, going on the next morning past 17:30 (the next
    working day, given the calendar's)."""
    days, minute = divmod(minute_of(at) + minutes, MINUTES)
    day = at.astimezone().date()
    later = day + timedelta(days=int(days)) if workdays is None else workdays.after(day, int(days))
    return at_minute(later, minute)


def between(start: datetime, end: datetime, workdays: Workdays | None = None) -> int:
    """Office minutes from start to end (0 when end is not later); only working days'
    minutes count, given the calendar's."""
    first, last = start.astimezone().date(), end.astimezone().date()
    days = (last - first).days if workdays is None else workdays.count(first, last)
    return max(0, days * MINUTES + minute_of(end) - minute_of(start))


def minute_of(at: datetime) -> int:
    """How many office minutes of its day had passed at `at` (0 before 08:30)."""
    local = at.astimezone()
    passed = 0
    for start, end in OPEN:
        opened = datetime.combine(local.date(), start).astimezone()
        closed = datetime.combine(local.date(), end).astimezone()
        passed += int(max(timedelta(0), min(local, closed) - opened).total_seconds() // 60)
    return passed


def is_open(at: datetime) -> bool:
    clock_time = at.astimezone().time()
    return any(start <= clock_time <= end for start, end in OPEN)


def next_open(at: datetime) -> datetime:
    """`at` itself when the office is open then, else when it next opens (hours only)."""
    if is_open(at):
        return at
    local = at.astimezone()
    for start, _end in OPEN:
        if local.time() < start:
            return datetime.combine(local.date(), start).astimezone(UTC)
    return datetime.combine(local.date() + timedelta(days=1), OPEN[0][0]).astimezone(UTC)


def workdays(session: Session, start: date, end: date) -> list[date]:
    """The working days from start to end, as the calendar has them (one query)."""
    return Workdays(session, start, end).days


class Workdays:
    """The calendar's working days from start to end, read once (seeded first): the days
    demo clerks work on, and the dates their steps fall on, up to 90 days past the end."""

    def __init__(self, session: Session, start: date, end: date) -> None:
        for year in range(start.year, end.year + 2):
            calendar.ensure_seeded(session, year)
        self.special = calendar.days_in(session, start - timedelta(days=30), end + timedelta(90))
        self.days = [day for day in _dates(start, end) if self.is_workday(day)]

    def is_workday(self, day: date) -> bool:
        return calendar.day_info(self.special, day).workday

    def after(self, day: date, count: int) -> date:
        """The working day `count` working days after day (day itself for 0)."""
        return calendar.workdays_after(self.special, day, count)

    def on_or_after(self, day: date) -> date:
        while not self.is_workday(day):
            day += timedelta(days=1)
        return day

    def on_or_before(self, day: date) -> date:
        while not self.is_workday(day):
            day -= timedelta(days=1)
        return day

    def count(self, first: date, last: date) -> int:
        """Working days after first up to last: how many mornings a step waits."""
        return sum(1 for day in _dates(first + timedelta(days=1), last) if self.is_workday(day))


def _dates(start: date, end: date) -> Iterator[date]:
    return (start + timedelta(days=n) for n in range((end - start).days + 1))

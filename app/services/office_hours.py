"""Office hours (08:30–12:00 and 14:00–17:30, the PC's time): when demo clerks work."""

from __future__ import annotations

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


def after(at: datetime, minutes: float) -> datetime:
    """`minutes` office minutes after `at`, going on the next morning past 17:30."""
    days, minute = divmod(minute_of(at) + minutes, MINUTES)
    return at_minute(at.astimezone().date() + timedelta(days=int(days)), minute)


def between(start: datetime, end: datetime) -> int:
    """Office minutes from start to end (0 when end is not later)."""
    days = (end.astimezone().date() - start.astimezone().date()).days
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
    special = calendar.days_in(session, start, end)
    days = (start + timedelta(days=n) for n in range((end - start).days + 1))
    return [day for day in days if calendar.day_info(special, day).workday]

"""会议室 bookings: a room is refused for a time that overlaps another meeting there."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.models.meetings import Meeting
from app.services import counters
from app.services.errors import ValidationError

BOOKINGS = "*会议室"  # the counter row every booking holds while it reads the overlap


@dataclass(frozen=True)
class Booking:
    meeting_id: int
    name: str
    room: str
    starts_at: datetime
    ends_at: datetime


def _overlapping(
    room: str, starts: datetime, ends: datetime, exclude: int | None
) -> Select[Meeting]:
    stmt = select(Meeting).where(
        Meeting.room == room, Meeting.starts_at < ends, Meeting.ends_at > starts
    )
    return stmt if exclude is None else stmt.where(Meeting.id != exclude)


def check_free(
    session: Session, room: str, starts: datetime, ends: datetime, exclude: int | None = None
) -> None:
    """Refuse a booking that overlaps another, naming that meeting and its time.

    The bookings' counter row is held first (until commit): on the office server two PCs
    booking one room at once read the overlap one after the other, not both before either
    saved. On SQLite the write unit's BEGIN IMMEDIATE already queues them."""
    if not room:
        return
    counters.hold(session, BOOKINGS, counters.ALL_TIME)
    other = session.scalars(_overlapping(room, starts, ends, exclude).limit(1)).first()
    if other is not None:
        a, b = other.starts_at.astimezone(), other.ends_at.astimezone()
        raise ValidationError(
            f"{room}在{a:%Y-%m-%d %H:%M}至{b:%H:%M}已被“{other.name}”占用，请换时间或会议室。",
            "room",
        )


def bookings(session: Session, /, day: date, room: str = "") -> list[Booking]:
    """The day's bookings (of one room or all), by start time: the window's room calendar."""
    start = datetime.combine(day, time()).astimezone()
    stmt = select(Meeting).where(
        Meeting.starts_at < start + timedelta(days=1),
        Meeting.ends_at > start,
        Meeting.room != "",
    )
    if room:
        stmt = stmt.where(Meeting.room == room)
    return [
        Booking(m.id, m.name, m.room, m.starts_at.astimezone(), m.ends_at.astimezone())
        for m in session.scalars(stmt.order_by(Meeting.starts_at))
    ]

"""The one clock: every part of the program asks it for today and now, and tests pin it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime

# It sits below every layer (models and db read it too), so it imports nothing of the app.
# DZB_NOW (ISO date-time) pins it for a whole process: the tests' command-line runs and demos.
_pinned: datetime | None = None


def _from_env() -> datetime | None:
    text = os.environ.get("DZB_NOW", "").strip()
    return _aware(datetime.fromisoformat(text)) if text else None


def _aware(moment: datetime) -> datetime:
    return moment.astimezone() if moment.tzinfo is None else moment


def now() -> datetime:
    """This moment, aware, in the PC's own time zone."""
    pinned = _pinned or _from_env()
    return pinned.astimezone() if pinned else datetime.now().astimezone()


def utcnow() -> datetime:
    """This moment, aware, in UTC (what the database stores)."""
    return now().astimezone(UTC)


def today() -> date:
    """Today's date on the PC's calendar."""
    return now().date()


def pin(moment: datetime | None) -> None:
    """Stop the clock at `moment` (naive means local time); None lets it run again."""
    global _pinned
    _pinned = None if moment is None else _aware(moment)


@contextmanager
def pinned(moment: datetime) -> Iterator[None]:
    """Stop the clock at `moment` for the length of a with-block, then put it back."""
    before = _pinned
    pin(moment)
    try:
        yield
    finally:
        pin(before)

"""Seed this year's and next year's calendar before a background read of clocks needs it."""

from __future__ import annotations

from app.services.calendar import seed_years, years_seeded
from app.services.context import Actor
from app.ui import ops


def calendar_ready(actor: Actor, year: int) -> None:
    """A read of clocks (首页, 来访) must never write: a clock falling in a year not yet
    seeded would seed it inside the read and meet "database is locked" beside another
    writer. Looked at in a read unit first: seeded already (nearly always), no write lock."""
    if not ops.perform(actor, lambda s: years_seeded(s, year), read_only=True):
        ops.perform(actor, lambda s: seed_years(s, year))

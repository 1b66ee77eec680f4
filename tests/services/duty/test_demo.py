"""The demo's 值班日志 is kept as a duty office keeps it: in the shift, by the rostered people."""

from __future__ import annotations

import random
from datetime import timedelta

from app import clock
from app.services.duty import demo, log, roster


def test_demo_calls_come_in_their_shift_logged_and_handed_over_by_the_rostered_people(uow):
    """Calls logged at 13:48 on a working day (while the office is open, before the 17:30
    shift), by 值班员 and handed over to 接班员 at 18:48: not as the 值班室 keeps its log."""
    today = clock.today()
    with uow() as s:
        demo.demo(s, 200, random.Random(2))
    with uow() as s:
        calls = [e for e in log.entries(s, today - timedelta(days=10), today - timedelta(days=2))
                 if e.carried_from_id is None]  # fmt: skip
        shifts = {r.day: r for r in roster.roster(s, today - timedelta(days=10), today)}
        passed = log.handovers(s, today - timedelta(days=10), today)
    assert len(calls) == 7 and len(passed) == 1
    for entry in calls:
        duty = shifts[entry.shift_day]
        start = duty.shift.split("—")[0]
        assert f"{entry.at.astimezone():%H:%M}" >= start, (entry.at, duty.shift)
        assert entry.recorder in {p.name for p in (duty.leader, *duty.staff)}
    (handed,) = passed
    on, next_on = shifts[handed.shift_day], shifts[handed.shift_day + timedelta(days=1)]
    assert f"{handed.at.astimezone():%Y-%m-%d %H:%M}" == f"{next_on.day} 08:30"
    assert handed.handed_by in {p.name for p in (on.leader, *on.staff)}
    assert handed.taken_by in {p.name for p in (next_on.leader, *next_on.staff)}

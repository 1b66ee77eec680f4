"""The demo's meetings are held, minuted and followed up on working days."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select

from app import clock
from app.models.meetings import Meeting, MeetingDecision
from app.services import calendar
from app.services.meetings import attendance, demo, entries
from app.services.todo import collect
from tests.services.meetings.stock import at, meeting, people


def test_demo_meetings_and_their_minutes_fall_on_working_days(uow):
    """A 专题会 on Thursday had its 纪要 印发 on Saturday, and 党委会 met on 国庆节."""
    with uow() as s:
        demo.fill(s, 2000, random.Random(3))
    with uow() as s:
        held = s.execute(select(Meeting)).scalars().all()
        days = {m.starts_at.astimezone().date() for m in held}
        issued = {m.minutes_issued_on for m in held if m.minutes_issued_on}
        due = set(s.scalars(select(MeetingDecision.deadline)))
        off = sorted(d for d in days | issued | due if not calendar.is_workday(s, d))
    assert len(held) > 30 and len(issued) > 10
    assert off == []
    assert max(issued) <= clock.today()


def test_a_meeting_after_the_weekend_is_work_for_friday(uow):
    """On a Friday, Monday's meeting with people not told is the day's work, named by its day."""
    friday = date(2026, 12, 4)
    with uow() as s:
        mid = meeting(s, when=at(2026, 12, 7, 9), name="十二月党委会")
        people(s, mid)
        first = entries.get_meeting(s, mid).attendees[0]
        attendance.set_notice(s, first.id, "已回执")
    with uow() as s:
        lines = [i for i in collect(s, friday) if i.module == "会议"]
        before = [i for i in collect(s, friday - timedelta(days=1)) if i.module == "会议"]
    assert [i.title for i in lines] == ["十二月党委会（12月7日星期一09:00，一楼会议室）"]
    assert before == []  # on Thursday it is not yet the next working day's

"""Meetings made through the services, for the 办会 tests."""

from __future__ import annotations

from datetime import date, datetime

from app.services.meetings import attendance, decisions, entries
from app.services.meetings.dto import AttendeeForm, DecisionForm, MeetingForm


def at(y: int, m: int, d: int, hour: int = 9, minute: int = 0) -> datetime:
    """A local wall-clock time, aware (as the window hands it over)."""
    return datetime(y, m, d, hour, minute).astimezone()


def meeting(session, kind="党委会", when=None, *, room="一楼会议室", hours=2, **kw) -> int:
    from datetime import timedelta

    starts = when or at(2026, 11, 20)
    form = MeetingForm(kind=kind, starts_at=starts, ends_at=starts + timedelta(hours=hours),
                       room=room, host="王书记", recorder="李红", **kw)  # fmt: skip
    return entries.create_meeting(session, form)


def people(session, meeting_id: int, names=("王书记", "张镇长", "刘委员"), observers=()) -> None:
    forms = [AttendeeForm(n, "镇党委", "委员") for n in names]
    forms += [AttendeeForm(n, "镇财政所", "所长", role="列席") for n in observers]
    attendance.set_attendees(session, meeting_id, forms)


def decision(session, meeting_id: int, matter="推进高标准农田建设", deadline=date(2026, 12, 4),
             dept="农业办") -> int:  # fmt: skip
    form = DecisionForm(matter, dept, deadline, leader="张镇长", person="陈主任")
    return decisions.add_decision(session, meeting_id, form)

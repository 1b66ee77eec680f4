"""The demo's 公文 are dated as an office dates them: working days, office hours, in order."""

from __future__ import annotations

import random
from datetime import date, datetime

from sqlalchemy import select

from app.models.filing import Circulation, IncomingDoc, OutgoingDoc, SupervisionTask
from app.services import audit, calendar, office_hours
from app.services.filing import demo

TODAY = date(2026, 11, 30)  # the pinned clock's day


def _off_days(session, days: set[date]) -> list[str]:
    return sorted(
        f"{d} {calendar.weekday_name(d)}" for d in days if not calendar.is_workday(session, d)
    )


def _filled(uow) -> None:
    with uow() as s:
        demo.fill_filing(s, 400, random.Random(7))


def test_demo_incoming_come_on_working_days_in_office_hours_in_number_order(uow):
    """A 收文 signed for on a Saturday, due on a Sunday or done next week: not as offices are."""
    _filled(uow)
    with uow() as s:
        docs = s.execute(select(IncomingDoc).order_by(IncomingDoc.serial)).scalars().all()
        received = [d.received_at for d in docs]
        dated = {d.received_at.astimezone().date() for d in docs}
        dated |= {day for d in docs for day in (d.issued_on, d.deadline, d.done_on) if day}
        sent = list(s.scalars(select(Circulation.sent_at)))
        off = _off_days(s, dated | {at.astimezone().date() for at in sent})
    assert len(docs) == 400 and sent
    assert off == []
    assert [at for at in [*received, *sent] if not office_hours.is_open(at)] == []
    assert received == sorted(received)  # 收文编号 given in the order papers came in
    assert all(d.done_on <= TODAY for d in docs if d.done_on)


def test_demo_outgoing_and_tasks_fall_on_working_days(uow):
    _filled(uow)
    with uow() as s:
        out = s.execute(select(OutgoingDoc)).scalars().all()
        tasks = s.execute(select(SupervisionTask).order_by(SupervisionTask.id)).scalars().all()
        dated = {day for d in out for day in (d.signed_on, d.registered_on, d.printed_on)}
        dated |= {day for t in tasks for day in (t.assigned_on, t.deadline, t.done_on) if day}
        off = _off_days(s, dated)
    assert len(out) == 100 and len(tasks) == 40
    assert off == []
    assert [t.assigned_on for t in tasks] == sorted(t.assigned_on for t in tasks)
    assert all(t.done_on <= TODAY for t in tasks if t.done_on)


def test_every_demo_step_is_recorded_on_a_working_day_in_office_hours(uow):
    """批示 the morning after a Friday 签收 comes on Monday, not on Saturday."""
    _filled(uow)
    with uow() as s:
        steps = [
            (line.at, line.entity, line.action)
            for entity in ("收文", "发文", "督办")
            for line in audit.query(s, audit.AuditFilter(entity=entity))
        ]
        off = _off_days(s, {at.astimezone().date() for at, _, _ in steps})
    assert len(steps) > 600
    assert off == []
    assert [step for step in steps if not office_hours.is_open(step[0])] == []
    assert all(at <= datetime(2026, 11, 30, 10, 0).astimezone() for at, _, _ in steps)

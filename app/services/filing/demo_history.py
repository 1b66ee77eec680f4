"""The 办理经过 of the demo's newest 公文: the steps a clerk would have recorded, and when."""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import clock
from app.models.filing import Circulation, IncomingDoc, OutgoingDoc, Reminder, SupervisionTask
from app.services import audit, office_hours
from app.services.audit import PastLine
from app.services.bulk import bulk_insert
from app.services.context import Actor, Role
from app.services.filing import flow, handling

CLERK = Actor(None, "demo", "刘芳", Role.CLERK)  # the 党政办 clerk who keeps the registers
# The newest records of each register get their history: what a clerk opens first. Every
# one of 200,000 would cost a minute of hashing for lines nobody reads.
SHOWN = 200  # a list's first page
Step = tuple[datetime, str]  # when, what (the audit action)
_INCOMING = (
    (0, "新增"),
    (5, "登记"),
    (40, "初审"),
    (120, "拟办"),
    (420, "批示"),
    (480, "分办"),
)  # fmt: skip  (office minutes after 签收: 批示 the next day, at the same hour)
_OUTGOING = (
    (9, "新增"),
    (10, "核稿"),
    (11, "签发"),
    (14, "复核"),
    (14.5, "登记"),
    (15, "印制"),
    (16, "核发"),
)  # fmt: skip  (hours of the day it was signed)


def write(session: Session, rng: random.Random, year: int, serial_after: int,
          outgoing_after: int, tasks_after: int, days: office_hours.Workdays) -> int:  # fmt: skip
    """History for the records this demo run made (those past the given serial and ids),
    on the working days given; returns how many lines."""
    lines = [*_incoming(session, rng, year, serial_after, days),
             *_outgoing(session, outgoing_after), *_tasks(session, tasks_after)]  # fmt: skip
    return audit.record_past(session, lines, CLERK)


def _at(day: date, hours: float) -> datetime:
    return datetime.combine(day, time()).astimezone(UTC) + timedelta(hours=hours)


def _lines(steps: Iterable[Step], entity: str, record_id: int, summary: str) -> list[PastLine]:
    now = clock.utcnow()  # a step planned for later has not happened yet
    return [PastLine(at, action, entity, record_id, summary)
            for at, action in sorted(s for s in steps if s[0] <= now)]  # fmt: skip


def _incoming(session: Session, rng: random.Random, year: int, after: int,
              days: office_hours.Workdays) -> list[PastLine]:  # fmt: skip
    stmt = (
        select(IncomingDoc)
        .where(IncomingDoc.year == year, IncomingDoc.serial > after)
        .order_by(IncomingDoc.serial.desc())
        .limit(SHOWN)
    )
    docs = list(session.scalars(stmt))
    passes = {c.incoming_id: c for c in session.scalars(
        select(Circulation).where(Circulation.incoming_id.in_([d.id for d in docs])))}  # fmt: skip
    chased = _reminders(session, rng, [d for d in docs if d.state == flow.HANDLING], days)
    lines = []
    for doc in docs:
        later = []  # what happens once the 收文 is in hand
        if doc.id in passes:
            later.append((passes[doc.id].sent_at, f"传阅给{passes[doc.id].holder}"))
        if doc.id in chased:
            later.append((_at(chased[doc.id], 9.5), "催办"))
        if doc.done_on is not None:
            later.append((_at(doc.done_on, 16.5), "办结"))
        steps = _in_hand(doc.received_at, min([clock.utcnow(), *(at for at, _ in later)]), days)
        lines += _lines([*steps, *later], "收文", doc.id, f"{doc.receipt_no} {doc.title}")
    return lines


def _in_hand(received: datetime, first_later: datetime, days: office_hours.Workdays) -> list[Step]:
    """签收 to 分办, a day's work, done sooner when a later step (a 传阅 the same morning)
    or now comes first: 分办 never follows the 传阅 it led to. 批示 on a Friday afternoon
    comes on Monday."""
    room = office_hours.between(received, first_later, days) * 0.9
    scale = min(1.0, room / _INCOMING[-1][0])
    return [(office_hours.after(received, m * scale, days), a) for m, a in _INCOMING]


def _reminders(session: Session, rng: random.Random, docs: list[IncomingDoc],
               days: office_hours.Workdays) -> dict[int, date]:  # fmt: skip
    """催办: half the 收文 in hand past their 办理时限 were chased by phone the working day
    after (none yet for those due yesterday when today is not a working day)."""
    today = clock.today()
    late = [(d.id, d.deadline) for d in docs if d.deadline is not None and d.deadline < today]
    chased = {doc_id: on for doc_id, due in late
              if rng.random() < 0.5 and (on := days.after(due, 1)) <= today}  # fmt: skip
    rows = [{"incoming_id": doc_id, "on": on, "means": handling.REMINDER_MEANS[0],
             "result": "承办人称本周内办结", "pusher": CLERK.display_name}
            for doc_id, on in chased.items()]  # fmt: skip
    bulk_insert(session, Reminder, rows)
    return chased


def _outgoing(session: Session, after: int) -> list[PastLine]:
    stmt = select(OutgoingDoc).where(OutgoingDoc.id > after)
    lines = []
    for doc in session.scalars(stmt.order_by(OutgoingDoc.id.desc()).limit(SHOWN)):
        day = doc.signed_on or doc.registered_on
        if day is not None:
            steps = [(_at(day, hours), action) for hours, action in _OUTGOING]
            lines += _lines(steps, "发文", doc.id, f"{doc.doc_number} {doc.title}")
    return lines


def _tasks(session: Session, after: int) -> list[PastLine]:
    stmt = select(SupervisionTask).where(SupervisionTask.id > after)
    lines = []
    for task in session.scalars(stmt.order_by(SupervisionTask.id.desc()).limit(SHOWN)):
        steps = [(_at(task.assigned_on, 9), "新增")]
        if task.done_on is not None:
            steps.append((_at(task.done_on, 16), "办结"))
        lines += _lines(steps, "督办", task.id, task.matter)
    return lines

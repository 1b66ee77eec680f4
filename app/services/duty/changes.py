"""Manual roster changes and 换班/代班 with the 带班领导's consent, kept as history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from app.models.duty import DutyPerson, DutySwap, RosterDay, RosterStaff
from app.services import audit
from app.services.context import Perm, actor_of, require
from app.services.duty.staff import unavailable_days
from app.services.errors import NotFoundError, ValidationError

LEAD, STAFF = "带班", "值班"


@dataclass(frozen=True)
class SwapForm:
    """person_a leaves day_a; person_b takes it and, in a 换班, person_a takes day_b."""

    day_a: date
    person_a_id: int
    person_b_id: int
    consent_by: str  # the 带班领导 who agreed
    consent_at: datetime
    day_b: date | None = None  # None: 代班 (person_b simply stands in)
    reason: str = ""


@dataclass(frozen=True)
class SwapRow:
    id: int
    role: str
    day_a: date
    person_a: str
    day_b: date | None
    person_b: str
    consent_by: str
    consent_at: datetime
    reason: str
    recorded_by: str
    recorded_at: datetime


def _day(session: Session, day: date) -> RosterDay:
    row = session.scalar(select(RosterDay).where(RosterDay.day == day))
    if row is None:
        raise NotFoundError(f"{day:%Y年%m月%d日}还没有排班")
    return row


def _people(row: RosterDay) -> list[int]:
    return [row.leader_id, *(s.person_id for s in row.staff)]


def _person(session: Session, pid: int) -> DutyPerson:
    person = session.get(DutyPerson, pid)
    if person is None:
        raise NotFoundError(f"找不到编号为 {pid} 的值班人员")
    return person


def _check_can_stand(session: Session, row: RosterDay, pid: int, field: str) -> None:
    """pid may be on row's day: available and not on the day before or after (a refusal
    names the form's field that put pid there)."""
    name = _person(session, pid).name
    for start, end in unavailable_days(session, row.day, row.day).get(pid, []):
        raise ValidationError(f"{name}在{start:%m月%d日}至{end:%m月%d日}不在岗，不能安排", field)
    for near in (row.day - timedelta(days=1), row.day + timedelta(days=1)):
        other = session.scalar(select(RosterDay).where(RosterDay.day == near))
        if other is not None and pid in _people(other):
            raise ValidationError(f"{name}{near:%m月%d日}已值班，不能连续两天值班", field)


def set_day(
    session: Session, /, day: date, leader_id: int, staff_ids: list[int], note: str = ""
) -> None:
    """Change one saved day by hand; the same rules as generation apply."""
    require(session, Perm.EDIT_REGISTERS)
    row = _day(session, day)
    if not _person(session, leader_id).can_lead:
        raise ValidationError("带班领导只能从可带班的人员中选", "leader")
    if len(set(staff_ids)) != len(staff_ids) or not staff_ids:
        raise ValidationError("请选择值班人员，且不能重复", "staff")
    for pid in staff_ids:
        if _person(session, pid).can_lead:
            raise ValidationError(f"{_person(session, pid).name}是带班领导，只能带班", "staff")
    before = {"带班": row.leader_id, "值班": _people(row)[1:], "备注": row.note}
    for pid in {leader_id, *staff_ids} - set(_people(row)):
        _check_can_stand(session, row, pid, "leader" if pid == leader_id else "staff")
    row.leader_id, row.note = leader_id, note
    row.staff.clear()
    session.flush()  # the old rows go first: the new ones may share their keys
    row.staff = [RosterStaff(person_id=pid, position=n) for n, pid in enumerate(staff_ids)]
    _moved(row)
    session.flush()
    audit.record(
        session,
        "修改",
        "排班",
        day.isoformat(),
        before=before,
        after={"带班": leader_id, "值班": staff_ids, "备注": note},
    )


def swap(session: Session, /, form: SwapForm) -> int:
    """换班 (two people trade days) or 代班 (day_b None); needs the 带班领导's consent."""
    actor = require(session, Perm.EDIT_REGISTERS)
    if not form.consent_by.strip():
        raise ValidationError("换班须经带班领导同意：请填写同意的带班领导", "consent_by")
    row_a = _day(session, form.day_a)
    a, b = _person(session, form.person_a_id), _person(session, form.person_b_id)
    if a.id not in _people(row_a):
        raise ValidationError(f"{a.name}{form.day_a:%m月%d日}不在班上", "person_a")
    if a.can_lead != b.can_lead:
        raise ValidationError("带班领导只能与带班领导换班，值班人员只能与值班人员换班", "person_b")
    row_b = _day(session, form.day_b) if form.day_b is not None else None
    if row_b is not None and b.id not in _people(row_b):
        raise ValidationError(f"{b.name}{form.day_b:%m月%d日}不在班上", "person_b")
    if b.id in _people(row_a) or (row_b is not None and a.id in _people(row_b)):
        raise ValidationError(f"{b.name}与{a.name}当天已同在班上，无需换班", "person_b")
    _replace(row_a, a.id, b.id)
    _moved(row_a)
    if row_b is not None:
        _replace(row_b, b.id, a.id)
        _moved(row_b)
    session.flush()
    _check_can_stand(session, row_a, b.id, "person_b")
    if row_b is not None:
        _check_can_stand(session, row_b, a.id, "day_b")
    record = DutySwap(
        role=LEAD if a.can_lead else STAFF,
        day_a=form.day_a,
        person_a_id=a.id,
        day_b=form.day_b,
        person_b_id=b.id,
        consent_by=form.consent_by.strip(),
        consent_at=form.consent_at,
        reason=form.reason.strip(),
        recorded_by=actor.display_name,
    )
    session.add(record)
    session.flush()
    audit.record(
        session,
        "修改",
        "换班",
        record.id,
        after=audit.snapshot(record),
        summary=f"{a.name}↔{b.name}",
    )
    return record.id


def _moved(row: RosterDay) -> None:
    """The day's version moves even when only its 值班人员 rows changed (they are rows of
    their own), so a window still showing the old day is refused (versions.Seen)."""
    flag_modified(row, "note")


def _replace(row: RosterDay, old: int, new: int) -> None:
    if row.leader_id == old:
        row.leader_id = new
        return
    for item in row.staff:
        if item.person_id == old:
            item.person_id = new  # a primary-key update keeps the position


def swaps(session: Session, start: date | None = None, end: date | None = None) -> list[SwapRow]:
    stmt = select(DutySwap).order_by(DutySwap.recorded_at, DutySwap.id)
    if start is not None and end is not None:
        stmt = stmt.where(DutySwap.day_a.between(start, end))
    names = {p.id: p.name for p in session.scalars(select(DutyPerson))}
    return [
        SwapRow(
            s.id,
            s.role,
            s.day_a,
            names[s.person_a_id],
            s.day_b,
            names[s.person_b_id],
            s.consent_by,
            s.consent_at,
            s.reason,
            s.recorded_by,
            s.recorded_at,
        )
        for s in session.scalars(stmt)
    ]


def recorder_name(session: Session) -> str:
    return actor_of(session).display_name

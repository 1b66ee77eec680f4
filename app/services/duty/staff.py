"""人员 on the duty list and their unavailable periods (休假/出差/培训)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.duty import DutyAbsence, DutyPerson
from app.services import audit, records, versions
from app.services.context import Perm, require
from app.services.duty.config import UNAVAILABLE_KINDS
from app.services.errors import NotFoundError, ValidationError


@dataclass(frozen=True)
class DutyPersonForm:
    name: str
    title: str = ""
    dept: str = ""
    phone: str = ""
    can_lead: bool = False
    active: bool = True
    version: int | None = None  # as the clerk loaded it; None (new, import): nothing to check


@dataclass(frozen=True)
class DutyPersonRow:
    id: int
    name: str
    title: str
    dept: str
    phone: str
    can_lead: bool
    active: bool
    version: int = 0

    @property
    def role(self) -> str:
        return "带班领导" if self.can_lead else "值班人员"


@dataclass(frozen=True)
class AbsenceRow:
    id: int
    person_id: int
    kind: str
    start: date
    end: date
    note: str


def person_row(p: DutyPerson) -> DutyPersonRow:
    """A person as the lists show them (the roster reads its people through it too)."""
    return DutyPersonRow(p.id, p.name, p.title, p.dept, p.phone, p.can_lead, p.active, p.version)


# The columns' lengths (String(40)): SQLite would keep a longer text, the office server
# refuses it with a database error; both refuse it here, in words.
_LIMITS = (("name", "姓名"), ("title", "职务"), ("dept", "科室"), ("phone", "手机号"))
MAX_LEN = 40


def _check(form: DutyPersonForm) -> None:
    if not form.name.strip():
        raise ValidationError("请填写姓名", "name")
    for field, label in _LIMITS:
        if len(getattr(form, field).strip()) > MAX_LEN:
            raise ValidationError(f"{label}太长（最多 {MAX_LEN} 个字）", field)
    phone = form.phone.strip()
    if phone and not phone.replace("-", "").replace(" ", "").isdigit():
        raise ValidationError(f"手机号“{phone}”只能含数字和“-”", "phone")


def add_person(session: Session, /, form: DutyPersonForm) -> int:
    require(session, Perm.EDIT_REGISTERS)
    _check(form)
    person = DutyPerson(
        name=form.name.strip(),
        title=form.title.strip(),
        dept=form.dept.strip(),
        phone=form.phone.strip(),
        can_lead=form.can_lead,
        active=form.active,
    )
    session.add(person)
    session.flush()
    audit.record(session, "新增", "值班人员", person.id, after=audit.snapshot(person))
    return person.id


def update_person(session: Session, /, person_id: int, form: DutyPersonForm) -> None:
    require(session, Perm.EDIT_REGISTERS)
    _check(form)
    person = _get(session, person_id)
    versions.check(session, person, form.version, "值班人员", f"值班人员“{person.name}”")
    with records.changed(session, "修改", "值班人员", person):
        person.name, person.title = form.name.strip(), form.title.strip()
        person.dept, person.phone = form.dept.strip(), form.phone.strip()
        person.can_lead, person.active = form.can_lead, form.active


def _get(session: Session, person_id: int) -> DutyPerson:
    person = session.get(DutyPerson, person_id)
    if person is None:
        raise NotFoundError(f"找不到编号为 {person_id} 的值班人员")
    return person


def people(session: Session, *, active_only: bool = False) -> list[DutyPersonRow]:
    stmt = select(DutyPerson).order_by(DutyPerson.can_lead.desc(), DutyPerson.id)
    if active_only:
        stmt = stmt.where(DutyPerson.active.is_(True))
    return [person_row(p) for p in session.scalars(stmt)]


def person(session: Session, person_id: int) -> DutyPersonRow:
    return person_row(_get(session, person_id))


def add_absence(
    session: Session, /, person_id: int, kind: str, start: date, end: date, note: str = ""
) -> int:
    require(session, Perm.EDIT_REGISTERS)
    _get(session, person_id)
    if kind not in UNAVAILABLE_KINDS:
        raise ValidationError(f"不在岗类型只能是{'、'.join(UNAVAILABLE_KINDS)}", "kind")
    if end < start:
        raise ValidationError("结束日期不能早于开始日期", "end")
    row = DutyAbsence(person_id=person_id, kind=kind, start=start, end=end, note=note)
    session.add(row)
    session.flush()
    audit.record(session, "新增", "不在岗", row.id, after=audit.snapshot(row))
    return row.id


def remove_absence(session: Session, /, absence_id: int) -> None:
    require(session, Perm.EDIT_REGISTERS)
    row = session.get(DutyAbsence, absence_id)
    if row is None:
        raise NotFoundError("该不在岗记录已不存在")
    audit.record(session, "作废", "不在岗", absence_id, before=audit.snapshot(row))
    session.delete(row)


def absences(session: Session, person_id: int | None = None) -> list[AbsenceRow]:
    stmt = select(DutyAbsence).order_by(DutyAbsence.start, DutyAbsence.id)
    if person_id is not None:
        stmt = stmt.where(DutyAbsence.person_id == person_id)
    return [
        AbsenceRow(a.id, a.person_id, a.kind, a.start, a.end, a.note) for a in session.scalars(stmt)
    ]


def unavailable_days(
    session: Session, start: date, end: date
) -> dict[int, list[tuple[date, date]]]:
    """Each person's unavailable periods overlapping start..end."""
    stmt = select(DutyAbsence).where(DutyAbsence.start <= end, DutyAbsence.end >= start)
    out: dict[int, list[tuple[date, date]]] = {}
    for a in session.scalars(stmt):
        out.setdefault(a.person_id, []).append((a.start, a.end))
    return out

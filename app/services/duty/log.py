"""值班日志: entries per shift, quick phone records, 交接班, 零报告 and 突发事件 warnings."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.base import utcnow
from app.models.duty import DutyHandover, DutyLogEntry, ZeroReportDay
from app.services import audit, records
from app.services.context import Perm, require
from app.services.duty.config import ENTRY_KINDS, SHIFT_CHANGE, limits, minutes_of, text
from app.services.errors import NotFoundError, ValidationError

EMERGENCY = "突发事件"
CALL = "来电"


@dataclass(frozen=True)
class EntryForm:
    at: datetime
    kind: str
    content: str
    recorder: str
    source_unit: str = ""
    source_person: str = ""
    source_phone: str = ""
    instruction: str = ""
    handling: str = ""
    done: bool = False
    phone_report_at: datetime | None = None
    written_report_at: datetime | None = None


@dataclass(frozen=True)
class EntryRow:
    id: int
    shift_day: date
    at: datetime
    kind: str
    source_unit: str
    source_person: str
    source_phone: str
    content: str
    instruction: str
    handling: str
    done: bool
    handed_on: bool
    recorder: str
    phone_report_at: datetime | None
    written_report_at: datetime | None
    carried_from_id: int | None
    version: int = 0  # what an edit sends back (versions.Seen), so a stale one is refused


@dataclass(frozen=True)
class Warning:
    entry_id: int
    text: str
    minutes_late: int
    short: str = ""  # 首页's 事项: 突发事件“…”未电话报告 (its 期限 and 超时 are columns there)
    note: str = ""  # 首页's 情况: 已过40分钟，应在30分钟内


def call_form(
    at: datetime, unit: str, person: str, phone: str, content: str, instruction: str, recorder: str
) -> EntryForm:
    """The five elements of a phone record: time; caller unit, name, number; content;
    leader's instruction; recorder."""
    return EntryForm(at, CALL, content, recorder, unit, person, phone, instruction)


def shift_day_of(session: Session, at: datetime) -> date:
    """The duty day a moment belongs to: before the morning change it is still last night."""
    local = at.astimezone()
    change = minutes_of(text(session, SHIFT_CHANGE, "08:30"))
    before_change = local.hour * 60 + local.minute < change
    return local.date() - timedelta(days=1) if before_change else local.date()


def moment_in_shift(session: Session, shift_day: date, clock: str) -> datetime:
    """The local moment a clerk means by "HH:MM" on shift_day (after midnight: next morning)."""
    hours, _, minutes = clock.strip().replace("：", ":").partition(":")
    if not (hours.isdigit() and minutes.isdigit() and int(hours) < 24 and int(minutes) < 60):
        raise ValidationError(f"时间“{clock}”应写成 时:分，如 21:05", "at")
    change = minutes_of(text(session, SHIFT_CHANGE, "08:30"))
    day = shift_day + timedelta(days=1) if int(hours) * 60 + int(minutes) < change else shift_day
    return datetime(day.year, day.month, day.day, int(hours), int(minutes)).astimezone()


def _check(form: EntryForm) -> None:
    if form.kind not in ENTRY_KINDS:
        raise ValidationError(f"类型只能是{'、'.join(ENTRY_KINDS)}", "kind")
    if not form.content.strip():
        raise ValidationError("请填写内容", "content")
    if not form.recorder.strip():
        raise ValidationError("请填写记录人", "recorder")
    if form.at.tzinfo is None:
        raise ValidationError("时间缺少时区", "at")
    if form.kind == CALL and not (form.source_unit.strip() or form.source_person.strip()):
        raise ValidationError("来电须记下来电单位或来电人", "source_unit")
    for value in (form.phone_report_at, form.written_report_at):
        if value is not None and value < form.at:
            raise ValidationError("报告时间不能早于事发登记时间", "phone_report_at")


def add_entry(session: Session, /, form: EntryForm, shift_day: date | None = None) -> int:
    require(session, Perm.EDIT_REGISTERS)
    _check(form)
    day = shift_day or shift_day_of(session, form.at)
    zero = session.get(ZeroReportDay, day)
    if zero is not None:
        session.delete(zero)  # an entry ends the 无事报平安 of that day
    entry = DutyLogEntry(shift_day=day, **_fields(form))
    session.add(entry)
    session.flush()
    audit.record(session, "新增", "值班日志", entry.id, after=audit.snapshot(entry))
    return entry.id


def _fields(form: EntryForm) -> dict[str, object]:
    return {k: (v.strip() if isinstance(v, str) else v) for k, v in form.__dict__.items()}


def update_entry(session: Session, /, entry_id: int, form: EntryForm) -> None:
    require(session, Perm.EDIT_REGISTERS)
    _check(form)
    entry = _get(session, entry_id)
    with records.changed(session, "修改", "值班日志", entry):
        for key, value in _fields(form).items():
            setattr(entry, key, value)


def _get(session: Session, entry_id: int) -> DutyLogEntry:
    entry = session.get(DutyLogEntry, entry_id)
    if entry is None:
        raise NotFoundError(f"找不到编号为 {entry_id} 的值班日志")
    return entry


def form_of(row: EntryRow) -> EntryForm:
    return EntryForm(
        row.at,
        row.kind,
        row.content,
        row.recorder,
        row.source_unit,
        row.source_person,
        row.source_phone,
        row.instruction,
        row.handling,
        row.done,
        row.phone_report_at,
        row.written_report_at,
    )


def close_entry(session: Session, /, entry_id: int, handling: str) -> None:
    """Mark an entry 办结 with how it was handled."""
    row = entry(session, entry_id)
    update_entry(session, entry_id, replace(form_of(row), handling=handling, done=True))


def _dto(e: DutyLogEntry) -> EntryRow:
    return EntryRow(
        e.id,
        e.shift_day,
        e.at,
        e.kind,
        e.source_unit,
        e.source_person,
        e.source_phone,
        e.content,
        e.instruction,
        e.handling,
        e.done,
        e.handed_on,
        e.recorder,
        e.phone_report_at,
        e.written_report_at,
        e.carried_from_id,
        e.version,
    )


def entry(session: Session, entry_id: int) -> EntryRow:
    return _dto(_get(session, entry_id))


def entries(session: Session, start: date, end: date) -> list[EntryRow]:
    stmt = (
        select(DutyLogEntry)
        .where(DutyLogEntry.shift_day.between(start, end))
        .order_by(DutyLogEntry.shift_day, DutyLogEntry.at, DutyLogEntry.id)
    )
    return [_dto(e) for e in session.scalars(stmt)]


def known_units(session: Session) -> list[str]:
    """来电/来文 units seen before, most frequent first (for completion)."""
    return _known(session, DutyLogEntry.source_unit)


def known_people(session: Session) -> list[str]:
    return _known(session, DutyLogEntry.source_person)


def _known(session: Session, column: Any) -> list[str]:
    stmt = (
        select(column)
        .where(column != "")
        .group_by(column)
        .order_by(func.count().desc(), column)
        .limit(500)
    )
    return list(session.scalars(stmt))


@dataclass(frozen=True)
class HandoverRow:
    shift_day: date
    handed_by: str
    taken_by: str
    at: datetime
    open_items: int


def handover(
    session: Session, /, shift_day: date, handed_by: str, taken_by: str, at: datetime
) -> HandoverRow:
    """交接班: every open item of shift_day is passed on into the next shift's log."""
    require(session, Perm.EDIT_REGISTERS)
    if not handed_by.strip() or not taken_by.strip():
        raise ValidationError("请填写交班人和接班人", "taken_by")
    if session.scalar(select(DutyHandover).where(DutyHandover.shift_day == shift_day)):
        raise ValidationError(f"{shift_day:%Y年%m月%d日}的班已经交接过了", "shift_day")
    stmt = select(DutyLogEntry).where(
        DutyLogEntry.shift_day == shift_day,
        DutyLogEntry.done.is_(False),
        DutyLogEntry.handed_on.is_(False),
    )
    open_items = list(session.scalars(stmt))
    for old in open_items:
        _carry(session, old, shift_day + timedelta(days=1), taken_by.strip(), at)
    row = DutyHandover(
        shift_day=shift_day,
        handed_by=handed_by.strip(),
        taken_by=taken_by.strip(),
        at=at,
        open_items=len(open_items),
    )
    session.add(row)
    session.flush()
    audit.record(session, "新增", "交接班", shift_day.isoformat(), after=audit.snapshot(row))
    return HandoverRow(shift_day, row.handed_by, row.taken_by, at, len(open_items))


def _carry(session: Session, old: DutyLogEntry, day: date, taker: str, at: datetime) -> None:
    old.handed_on = True
    values = {
        k: getattr(old, k)
        for k in (
            "at",
            "kind",
            "source_unit",
            "source_person",
            "source_phone",
            "content",
            "instruction",
            "handling",
            "phone_report_at",
            "written_report_at",
        )
    }
    session.add(
        DutyLogEntry(shift_day=day, recorder=taker, done=False, carried_from_id=old.id, **values)
    )
    session.flush()


def handovers(session: Session, start: date, end: date) -> list[HandoverRow]:
    stmt = select(DutyHandover).where(DutyHandover.shift_day.between(start, end))
    return [
        HandoverRow(h.shift_day, h.handed_by, h.taken_by, h.at, h.open_items)
        for h in session.scalars(stmt.order_by(DutyHandover.shift_day))
    ]


def mark_zero_report(session: Session, /, day: date, marked_by: str) -> None:
    """零报告: nothing happened on this shift; the daily report says 无事报平安."""
    require(session, Perm.EDIT_REGISTERS)
    if session.scalar(select(DutyLogEntry.id).where(DutyLogEntry.shift_day == day).limit(1)):
        raise ValidationError(f"{day:%m月%d日}已有值班记录，不能报零报告", "day")
    if session.get(ZeroReportDay, day) is None:
        session.add(ZeroReportDay(day=day, marked_by=marked_by))
        audit.record(session, "新增", "零报告", day.isoformat(), after={"记录人": marked_by})


def zero_days(session: Session, start: date, end: date) -> set[date]:
    stmt = select(ZeroReportDay.day).where(ZeroReportDay.day.between(start, end))
    return set(session.scalars(stmt))


def _warning(entry: DutyLogEntry, kind: str, passed: int, limit: int) -> Warning:
    title = f"突发事件“{entry.content[:20]}”"
    text = f"{title}已过{passed}分钟仍未{kind}（应在{limit}分钟内）"
    return Warning(entry.id, text, passed - limit, f"{title}未{kind}",
                   f"已过{passed}分钟，应在{limit}分钟内")  # fmt: skip


def emergency_warnings(session: Session, now: datetime | None = None) -> list[Warning]:
    """突发事件 still missing the phone report after 30 min or the written one after 1 h."""
    now = now or utcnow()
    phone_limit, written_limit = limits(session)
    stmt = select(DutyLogEntry).where(
        DutyLogEntry.kind == EMERGENCY,
        DutyLogEntry.handed_on.is_(False),
        (DutyLogEntry.phone_report_at.is_(None)) | (DutyLogEntry.written_report_at.is_(None)),
    )
    out = []
    for e in session.scalars(stmt.order_by(DutyLogEntry.at)):
        passed = int((now - e.at).total_seconds() // 60)
        for done, kind, limit in ((e.phone_report_at, "电话报告", phone_limit),
                                  (e.written_report_at, "书面报告", written_limit)):  # fmt: skip
            if done is None and passed >= limit:
                out.append(_warning(e, kind, passed, limit))
    return out

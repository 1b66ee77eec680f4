"""办会 import and export: the 会议登记簿 and 议定事项 in (all rows or none), out as xlsx/pdf."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import clock
from app.common.dates import local_midnight, parse_date
from app.models.meetings import Meeting, MeetingAttendee
from app.services import audit, headers
from app.services.context import Perm, require
from app.services.errors import ImportRejected, RowError, ValidationError
from app.services.filing import tasks
from app.services.meetings import attendance, decisions, entries, reports, undo
from app.services.meetings.dto import AttendeeForm, DecisionForm, MeetingForm, TopicForm
from app.services.registry import ExportKind, ImportKind

_TIME = re.compile(r"(\d{1,2}):(\d{2})")
_SPLIT = re.compile(r"[、，,；;\s]+")
_REASON = re.compile(r"^(?P<name>[^（(]+)[（(](?P<why>[^）)]*)[）)]$")
_FIELD_COLUMN = {
    "kind": "类型",
    "room": "地点",
    "starts_at": "日期",
    "ends_at": "日期",
    "attendees": "参会人员",
    "role": "参会人员",
    "deadline": "办理时限",
    "matter": "事项",
    "dept": "责任单位",
    "done_on": "办结日期",
    "evidence": "办结情况",
    "name": "会议名称",
    "meeting_on": "会议日期",
}


def _text(row: dict[str, Any], key: str) -> str:
    value = row.get(key)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


def _moment(row: dict[str, Any], key: str) -> datetime | None:
    """A meeting's start from a date cell, with its time when the cell or text has one."""
    value = row.get(key)
    day = parse_date(value)
    if day is None:
        return None
    if isinstance(value, datetime) and value.time() != time():
        at = value.time()
    else:
        at = _time_of(_text(row, key))
    return datetime.combine(day, at).astimezone()


def _time_of(text: str) -> time:
    """2026-03-05 14:30 → 14:30; a bare date is taken as 9:00 (a morning meeting)."""
    found = _TIME.search(text)
    if found is None or int(found[1]) > 23 or int(found[2]) > 59:
        return time(9, 0)
    return time(int(found[1]), int(found[2]))


def _names(text: str) -> list[str]:
    return [n for n in _SPLIT.split(text) if n]


def _people(row: dict[str, Any]) -> list[AttendeeForm]:
    """参会 came, 缺席 were expected and did not (with the reason in brackets), 列席 sat in."""
    people = [AttendeeForm(n) for n in _names(_text(row, "参会人员"))]
    people += [AttendeeForm(_REASON.sub(r"\g<name>", n)) for n in _names(_text(row, "缺席人员"))]
    people += [AttendeeForm(n, role="列席") for n in _names(_text(row, "列席人员"))]
    return people


def _marks(session: Session, meeting_id: int, row: dict[str, Any]) -> None:
    """A past meeting: everyone was told; the absent 请假 with their reason, the rest came.

    Set on the rows directly: the import is audited as one line, not a line per tick."""
    absent = {}
    for entry in _names(_text(row, "缺席人员")):
        found = _REASON.match(entry)
        absent[found["name"] if found else entry] = found["why"] if found else ""
    stmt = select(MeetingAttendee).where(MeetingAttendee.meeting_id == meeting_id)
    for person in session.scalars(stmt):
        gone = person.role == "参会" and person.name in absent
        person.notice = "请假" if gone else "已通知"
        person.present, person.late = not gone, False
        person.absent_reason = (absent[person.name] or "未说明")[:100] if gone else ""


def _row_error(row: dict[str, Any], exc: ValidationError, default: str) -> RowError:
    return RowError(int(row["_row"]), _FIELD_COLUMN.get(exc.field or "", default), exc.message)


def _one_meeting(session: Session, row: dict[str, Any]) -> None:
    starts = _moment(row, "日期")
    if starts is None:
        raise ValidationError(f"无法识别的日期“{_text(row, '日期')}”", "starts_at")
    if starts.date() > clock.today():
        raise ValidationError("会议登记簿只登记已召开的会议，日期晚于今天", "starts_at")
    form = MeetingForm(
        kind=_text(row, "类型"),
        starts_at=starts,
        name=_text(row, "会议名称"),
        room=_text(row, "地点"),
        host=_text(row, "主持人"),
        recorder=_text(row, "记录人"),
    )
    # an old register names places that are not on today's 会议室 list: kept as written
    meeting_id = entries.create_meeting(session, form, listed_room=False)
    attendance.set_attendees(session, meeting_id, _people(row))
    _marks(session, meeting_id, row)
    topics = [TopicForm(t) for t in re.split(r"[；;\n]+", _text(row, "议题")) if t]
    if topics:
        entries.set_topics(session, meeting_id, topics)


def load_meetings(session: Session, rows: list[dict[str, Any]]) -> int:
    """A register of past meetings; every bad row reported and nothing kept (the unit of
    work rolls back on ImportRejected)."""
    require(session, Perm.EDIT_REGISTERS)
    errors = _each(session, rows, _one_meeting, "会议名称")
    if errors:
        raise ImportRejected(errors)
    audit.record(session, "导入", "会议", "-", summary=f"导入会议登记簿 {len(rows)} 次会议")
    return len(rows)


def _each(
    session: Session,
    rows: list[dict[str, Any]],
    load: Callable[[Session, dict[str, Any]], None],
    default: str,
) -> list[RowError]:
    """Load row by row, each in a savepoint so a refused row leaves nothing half-made."""
    errors: list[RowError] = []
    for row in rows:
        try:
            with session.begin_nested():
                load(session, row)
        except ValidationError as exc:
            errors.append(_row_error(row, exc, default))
    return errors


def _meeting_of(session: Session, row: dict[str, Any]) -> Meeting:
    name, day = _text(row, "会议名称"), parse_date(row.get("会议日期"))
    if day is None:
        raise ValidationError(f"无法识别的会议日期“{_text(row, '会议日期')}”", "meeting_on")
    stmt = select(Meeting).where(
        Meeting.name == name,
        Meeting.starts_at >= local_midnight(day),
        Meeting.starts_at < local_midnight(date.fromordinal(day.toordinal() + 1)),
    )
    found = session.scalars(stmt).first()
    if found is None:
        raise ValidationError(f"找不到{day:%Y-%m-%d}召开的“{name}”，请先导入或登记该会议", "name")
    return found


def _one_decision(session: Session, row: dict[str, Any]) -> tuple[int, int]:
    meeting = _meeting_of(session, row)
    deadline = parse_date(row.get("办理时限"))
    if deadline is None:
        raise ValidationError(f"无法识别的办理时限“{_text(row, '办理时限')}”", "deadline")
    form = DecisionForm(
        _text(row, "事项"),
        _text(row, "责任单位"),
        deadline,
        _text(row, "牵头领导"),
        _text(row, "责任人"),
    )
    decision_id = decisions.add_decision(session, meeting.id, form)
    task_id = decisions.send_to_tasks(session, decision_id)
    if _text(row, "办结日期"):
        done = parse_date(row.get("办结日期"))
        if done is None or done > clock.today():
            raise ValidationError(f"办结日期“{_text(row, '办结日期')}”不对", "done_on")
        tasks.finish_task(session, task_id, done, _text(row, "办结情况") or "已办结")
    return decision_id, task_id


def load_decisions(session: Session, rows: list[dict[str, Any]]) -> int:
    """议定事项, each naming its meeting by 会议名称 and 日期; each becomes a linked 督办 item."""
    require(session, Perm.EDIT_REGISTERS)
    made: list[tuple[int, int]] = []
    errors = _each(session, rows, lambda s, row: made.append(_one_decision(s, row)), "事项")
    if errors:
        raise ImportRejected(errors)
    undo.remember(session, made)
    audit.record(session, "导入", "议定事项", "-", summary=f"导入议定事项 {len(rows)} 项")
    return len(rows)


IMPORTS = (
    ImportKind(
        "meetings", "会议登记簿", headers.MEETINGS, headers.REQUIRED["meetings"], load_meetings
    ),
    ImportKind(
        "decisions",
        "议定事项",
        headers.DECISIONS,
        headers.REQUIRED["decisions"],
        load_decisions,
        undo=undo.DECISIONS,
    ),
)
EXPORTS = (
    ExportKind("meetings", "会议登记簿", reports.meeting_register),
    ExportKind("decisions", "议定事项落实情况表", reports.implementation_table),
)

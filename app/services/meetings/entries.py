"""Meetings themselves: create (届次 第N次 per 类型 per year), edit, delete, read, list, 议题."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Label, case, func, select
from sqlalchemy.orm import Session

from app import clock
from app.db import dialect
from app.models.meetings import Meeting, MeetingAttendee, MeetingDecision, MeetingTopic
from app.services import audit, counters, records, versions
from app.services.context import Perm, require
from app.services.errors import ValidationError
from app.services.filing.vocab import check_secrecy
from app.services.meetings import config, rooms
from app.services.meetings.base import (
    ATTACHMENT_KIND,
    ENTITY,
    load_meeting,
    record_list,
    refuse_if_secret,
    replace_children,
)
from app.services.meetings.dto import MeetingDetail, MeetingForm, MeetingRow, TopicForm, TopicRow

DEFAULT_HOURS = 2
SESSION_SERIES = "*届次"  # + 类型; '*' keeps it apart from any 机关代字


def session_series(kind: str) -> str:
    """The counter row of a 类型's 届次 (one per year; 0028_chain_rows spells it the same)."""
    return SESSION_SERIES + kind


def next_session_no(session: Session, kind: str, year: int) -> int:
    """第N次: one past the highest of the 类型 in the year, read with the series' counter row
    held (so a deleted last meeting's 届次 is given again, as before the row)."""
    row = counters.hold(session, session_series(kind), year)
    top = session.scalar(
        select(func.max(Meeting.session_no)).where(Meeting.kind == kind, Meeting.year == year)
    )
    row.last = int(top or 0) + 1
    return row.last


def default_name(year: int, session_no: int, kind: str) -> str:
    return f"{year}年第{session_no}次{kind}"


def _checked(session: Session, form: MeetingForm, listed_room: bool = True) -> MeetingForm:
    if form.starts_at.tzinfo is None:
        raise ValidationError("会议时间缺少时区。", "starts_at")
    ends = form.ends_at or form.starts_at + timedelta(hours=DEFAULT_HOURS)
    if ends <= form.starts_at:
        raise ValidationError("会议结束时间应晚于开始时间。", "ends_at")
    secrecy, _ = check_secrecy(form.secrecy, None)
    return replace(
        form,
        kind=config.check_kind(session, form.kind),
        name=form.name.strip()[:200],
        ends_at=ends,
        room=config.check_room(session, form.room) if listed_room else form.room.strip()[:60],
        host=form.host.strip()[:40],
        recorder=form.recorder.strip()[:40],
        secrecy=secrecy,
        requirements=form.requirements.strip(),
        contact=form.contact.strip(),
        phone=form.phone.strip(),
    )


def _fill(meeting: Meeting, form: MeetingForm) -> None:
    meeting.starts_at, meeting.ends_at = form.starts_at, form.ends_at  # type: ignore[assignment]
    meeting.room, meeting.host, meeting.recorder = form.room, form.host, form.recorder
    meeting.secrecy, meeting.requirements = form.secrecy, form.requirements
    meeting.contact, meeting.phone = form.contact, form.phone


def create_meeting(session: Session, /, form: MeetingForm, *, listed_room: bool = True) -> int:
    """A new meeting, numbered 第N次 of its 类型 in its year; the room must be free.

    listed_room=False (imports of old registers) keeps a place that is not on the list."""
    require(session, Perm.EDIT_REGISTERS)
    form = _checked(session, form, listed_room)
    assert form.ends_at is not None
    rooms.check_free(session, form.room, form.starts_at, form.ends_at)
    year = form.starts_at.astimezone().year
    number = next_session_no(session, form.kind, year)
    meeting = Meeting(
        kind=form.kind,
        year=year,
        session_no=number,
        name=form.name or default_name(year, number, form.kind),
    )
    _fill(meeting, form)
    session.add(meeting)
    session.flush()
    audit.record(
        session, "新增", ENTITY, meeting.id, after=audit.snapshot(meeting), summary=meeting.name
    )
    return meeting.id


def update_meeting(
    session: Session, /, meeting_id: int, form: MeetingForm, version: int | None = None
) -> None:
    """Edit; a new 类型 or year takes the next 届次 of that series. A stale form is refused."""
    require(session, Perm.EDIT_REGISTERS)
    meeting = load_meeting(session, meeting_id)
    versions.check(session, meeting, version, ENTITY, f"会议“{meeting.name}”")
    # a place kept from an old register (or a room since taken off the list) may stay
    form = _checked(session, form, listed_room=form.room.strip() != meeting.room)
    assert form.ends_at is not None
    rooms.check_free(session, form.room, form.starts_at, form.ends_at, exclude=meeting.id)
    if form.secrecy and _has_text(session, meeting):
        raise ValidationError("该会议已有会议记录文字或电子材料，须先删除才能标为涉密。", "secrecy")
    year = form.starts_at.astimezone().year
    with records.changed(session, "修改", ENTITY, meeting, meeting.name):
        if (form.kind, year) != (meeting.kind, meeting.year):
            if meeting.minutes_no is not None:
                raise ValidationError("纪要已编号，不能再改会议类型或年度。", "kind")
            number = next_session_no(session, form.kind, year)  # read before the change
            meeting.kind, meeting.year, meeting.session_no = form.kind, year, number
        meeting.name = form.name or default_name(year, meeting.session_no, meeting.kind)
        _fill(meeting, form)
    _rename_tasks(session, meeting)


def _has_text(session: Session, meeting: Meeting) -> bool:
    from app.services import attachments

    recorded = session.scalar(
        select(func.count()).where(MeetingTopic.meeting_id == meeting.id, MeetingTopic.record != "")
    )
    return bool(recorded) or bool(attachments.list_for(session, ATTACHMENT_KIND, meeting.id))


def _rename_tasks(session: Session, meeting: Meeting) -> None:
    """The 督办 items name the meeting: a renamed meeting renames their 来源."""
    from app.services.meetings.decisions import refresh_sources

    refresh_sources(session, meeting)


def delete_meeting(session: Session, /, meeting_id: int) -> None:
    """Only a meeting without a numbered 纪要 and without 议定事项 sent to 督办."""
    require(session, Perm.EDIT_REGISTERS)
    meeting = load_meeting(session, meeting_id)
    if meeting.minutes_no is not None:
        raise ValidationError(
            f"“{meeting.name}”的纪要已编号{meeting.minutes_doc_number}，不能删除。"
        )
    linked = session.scalar(
        select(func.count()).where(
            MeetingDecision.meeting_id == meeting.id, MeetingDecision.task_id.is_not(None)
        )
    )
    if linked:
        raise ValidationError(f"“{meeting.name}”有{linked}项议定事项已转督办，不能删除。")
    from app.services import attachments

    for attached in attachments.list_for(session, ATTACHMENT_KIND, meeting.id):
        attachments.remove(session, attached.id)  # 会议材料 go with their meeting
    before = audit.snapshot(meeting)
    session.delete(meeting)
    audit.record(session, "删除", ENTITY, meeting_id, before=before, summary=meeting.name)


def set_topics(session: Session, /, meeting_id: int, topics: list[TopicForm]) -> None:
    """The ordered 议题 list; a kept 议题 (by id) keeps its 记录, a dropped one goes."""
    require(session, Perm.EDIT_REGISTERS)
    meeting = load_meeting(session, meeting_id)
    forms = [t for t in topics if t.title.strip()]
    replace_children(session, meeting, MeetingTopic, forms, _fill_topic)
    titles = "；".join(t.title.strip() for t in topics if t.title.strip())
    record_list(session, meeting, "议题", titles)


def _fill_topic(topic: MeetingTopic, position: int, form: TopicForm) -> None:
    topic.position, topic.title = position, form.title.strip()[:300]
    topic.reporter = form.reporter.strip()[:60]


def save_record(session: Session, /, topic_id: int, text: str) -> None:
    """会议记录 of one 议题 (refused on a 涉密 meeting)."""
    require(session, Perm.EDIT_REGISTERS)
    topic = session.get(MeetingTopic, topic_id)
    if topic is None:
        raise ValidationError("该议题已被删除，请重新载入。")
    refuse_if_secret(load_meeting(session, topic.meeting_id), "会议记录文字")
    with records.changed(session, "会议记录", ENTITY, topic, topic.title):
        topic.record = text.strip()


def topics_of(session: Session, /, meeting_id: int) -> list[TopicRow]:
    stmt = select(MeetingTopic).where(MeetingTopic.meeting_id == meeting_id)
    return [
        TopicRow(t.id, t.position + 1, t.title, t.reporter, t.record)
        for t in session.scalars(stmt.order_by(MeetingTopic.position, MeetingTopic.id))
    ]


@dataclass(frozen=True)
class MeetingFilter:
    year: int | None = None
    kind: str = ""
    text: str = ""  # in 会议名称
    date_from: date | None = None
    date_to: date | None = None


def _count(condition: ColumnElement[bool], label: str) -> Label[Any]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0).label(label)


def list_meetings(session: Session, /, flt: MeetingFilter | None = None) -> list[MeetingRow]:
    """Newest first, with the attendance and 议定事项 counts of each."""
    flt = flt or MeetingFilter()
    stmt = select(Meeting)
    if flt.year:
        stmt = stmt.where(Meeting.year == flt.year)
    if flt.kind:
        stmt = stmt.where(Meeting.kind == flt.kind)
    if flt.text.strip():
        stmt = stmt.where(dialect.contains(Meeting.name, flt.text.strip()))
    if flt.date_from:
        stmt = stmt.where(Meeting.starts_at >= _midnight(flt.date_from))
    if flt.date_to:
        stmt = stmt.where(Meeting.starts_at < _midnight(flt.date_to + timedelta(days=1)))
    found = list(session.scalars(stmt.order_by(Meeting.starts_at.desc(), Meeting.id.desc())))
    counts = _counts(session, [m.id for m in found])
    return [to_row(m, counts.get(m.id)) for m in found]


def _midnight(day: date) -> datetime:
    from app.common.dates import local_midnight

    return local_midnight(day)


def _counts(session: Session, ids: list[int]) -> dict[int, tuple[int, ...]]:
    if not ids:
        return {}
    a = MeetingAttendee
    people = (
        select(
            a.meeting_id,
            _count(a.role == "参会", "expected"),
            _count((a.role == "参会") & (a.present.is_(True)), "present"),
            _count(a.role == "列席", "observers"),
            _count(a.notice == "未通知", "waiting"),
        )
        .where(a.meeting_id.in_(ids))
        .group_by(a.meeting_id)
    )
    d = MeetingDecision
    decided = (
        select(d.meeting_id, func.count(), func.count(d.task_id))
        .where(d.meeting_id.in_(ids))
        .group_by(d.meeting_id)
    )
    out: dict[int, list[int]] = {i: [0, 0, 0, 0, 0, 0] for i in ids}
    for mid, *values in session.execute(people):
        out[mid][:4] = [int(v) for v in values]
    for mid, total, _ in session.execute(decided):
        out[mid][4] = int(total)
    for mid, n in _open_decisions(session, ids).items():
        out[mid][5] = n
    return {k: tuple(v) for k, v in out.items()}


def _open_decisions(session: Session, ids: list[int]) -> dict[int, int]:
    from app.models.filing import SupervisionTask

    d = MeetingDecision
    stmt = (
        select(d.meeting_id, func.count())
        .outerjoin(SupervisionTask, SupervisionTask.id == d.task_id)
        .where(d.meeting_id.in_(ids), SupervisionTask.done_on.is_(None))
        .group_by(d.meeting_id)
    )
    return {mid: int(n) for mid, n in session.execute(stmt)}


def to_row(m: Meeting, counts: tuple[int, ...] | None) -> MeetingRow:
    c = counts or (0, 0, 0, 0, 0, 0)
    return MeetingRow(
        m.id,
        m.name,
        m.kind,
        m.year,
        m.session_no,
        m.starts_at.astimezone(),
        m.ends_at.astimezone(),
        m.room,
        m.host,
        m.recorder,
        m.secrecy,
        m.minutes_doc_number,
        c[0],
        c[1],
        c[2],
        c[3],
        c[4],
        c[5],
        m.version,
    )


def get_meeting(session: Session, /, meeting_id: int, today: date | None = None) -> MeetingDetail:
    """One meeting with its attendees, 议题 (and 记录), materials and 议定事项 with states."""
    from app.services.meetings import attendance, decisions, papers

    m = load_meeting(session, meeting_id)
    row = to_row(m, _counts(session, [m.id]).get(m.id))
    return MeetingDetail(
        row,
        m.requirements,
        m.contact,
        m.phone,
        m.minutes_code,
        m.minutes_no,
        m.minutes_title,
        m.minutes_issued_on,
        m.outgoing_id,
        attendance.attendees_of(session, m.id),
        topics_of(session, m.id),
        papers.papers_of(session, m.id),
        decisions.decisions_of(session, m.id, today or clock.today()),
    )

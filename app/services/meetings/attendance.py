"""The attendee list: 应到 (参会) and 列席, notice ticks, and afterwards 签到 and 迟到."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.meetings import MeetingAttendee
from app.services import audit
from app.services.context import Perm, require
from app.services.errors import NotFoundError, ValidationError
from app.services.meetings.base import ENTITY, load_meeting, record_list, replace_children
from app.services.meetings.config import NOTICE_STATES, ROLES
from app.services.meetings.dto import AttendeeForm, AttendeeRow


def _row(a: MeetingAttendee) -> AttendeeRow:
    return AttendeeRow(
        a.id, a.name, a.unit, a.title, a.role, a.notice, a.present, a.late, a.absent_reason
    )


def attendees_of(session: Session, /, meeting_id: int) -> list[AttendeeRow]:
    """参会 first, then 列席, each in the order entered."""
    stmt = select(MeetingAttendee).where(MeetingAttendee.meeting_id == meeting_id)
    found = session.scalars(stmt.order_by(MeetingAttendee.position, MeetingAttendee.id))
    return sorted((_row(a) for a in found), key=lambda r: ROLES.index(r.role))


def _clean(forms: list[AttendeeForm]) -> list[AttendeeForm]:
    seen: set[tuple[str, str]] = set()
    out = []
    for form in forms:
        name = form.name.strip()
        if not name:
            continue
        if form.role not in ROLES:
            raise ValidationError(f"{name}的身份只能是{'或'.join(ROLES)}。", "role")
        if (name, form.role) in seen:
            raise ValidationError(f"{name}在名单中重复。", "attendees")
        seen.add((name, form.role))
        out.append(form)
    return out


def set_attendees(session: Session, /, meeting_id: int, people: list[AttendeeForm]) -> None:
    """The whole list at once; a kept person (by id) keeps the notice and 签到 marks."""
    require(session, Perm.EDIT_REGISTERS)
    meeting = load_meeting(session, meeting_id)
    replace_children(session, meeting, MeetingAttendee, _clean(people), _fill_attendee)
    names = "、".join(p.name.strip() for p in people if p.name.strip())
    record_list(session, meeting, "名单", names)


def _fill_attendee(person: MeetingAttendee, position: int, form: AttendeeForm) -> None:
    if person.notice is None:  # a new row: not yet told, not late
        person.notice, person.late = "未通知", False
    person.position, person.name, person.role = position, form.name.strip()[:40], form.role
    person.unit, person.title = form.unit.strip()[:100], form.title.strip()[:60]


def _person(session: Session, attendee_id: int) -> MeetingAttendee:
    person = session.get(MeetingAttendee, attendee_id)
    if person is None:
        raise NotFoundError("名单中没有这个人（可能已被删除），请重新载入。")
    return person


def set_notice(session: Session, /, attendee_id: int, state: str) -> None:
    """Tick one person: 未通知 / 已通知 / 已回执 / 请假."""
    require(session, Perm.EDIT_REGISTERS)
    if state not in NOTICE_STATES:
        raise ValidationError(f"通知情况只能是{'、'.join(NOTICE_STATES)}。", "notice")
    person = _person(session, attendee_id)
    before = person.notice
    person.notice = state
    if state == "请假" and not person.absent_reason:
        person.absent_reason = "请假"
    meeting = load_meeting(session, person.meeting_id)
    said = f"{meeting.name}：{person.name}{state}"
    audit.record(session, "通知", ENTITY, meeting.id, before={person.name: before},
                 after={person.name: state}, summary=said)  # fmt: skip


def mark_all_notified(session: Session, /, meeting_id: int) -> int:
    """Everyone still 未通知 becomes 已通知 (a group message sent to all); returns how many."""
    require(session, Perm.EDIT_REGISTERS)
    meeting = load_meeting(session, meeting_id)
    stmt = select(MeetingAttendee).where(
        MeetingAttendee.meeting_id == meeting_id, MeetingAttendee.notice == "未通知"
    )
    people = list(session.scalars(stmt))
    for person in people:
        person.notice = "已通知"
    if people:
        names = "、".join(p.name for p in people)
        audit.record(session, "通知", ENTITY, meeting_id, after={"已通知": names},
                     summary=f"{meeting.name}：{len(people)} 人已通知")  # fmt: skip
    return len(people)


def sign_in(
    session: Session,
    /,
    attendee_id: int,
    present: bool,
    late: bool = False,
    absent_reason: str = "",
) -> None:
    """After the meeting: came (and whether late) or absent with a reason (请假, 出差 …)."""
    require(session, Perm.EDIT_REGISTERS)
    person = _person(session, attendee_id)
    if present and absent_reason.strip():
        raise ValidationError("已签到的人不填缺席原因。", "absent_reason")
    if not present and late:
        raise ValidationError("缺席的人不能标为迟到。", "late")
    before = {"签到": person.present, "迟到": person.late, "缺席原因": person.absent_reason}
    person.present, person.late = present, late
    if present:
        person.absent_reason = ""
    else:
        person.absent_reason = (absent_reason.strip() or person.absent_reason or "未说明")[:100]
    after = {"签到": present, "迟到": late, "缺席原因": person.absent_reason}
    audit.record(
        session, "签到", ENTITY, person.meeting_id, before=before, after=after, summary=person.name
    )

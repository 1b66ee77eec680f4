"""议定事项 of a 纪要 and their 督办 items, linked both ways; states come from the 督办 dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app import clock
from app.common.dates import local_midnight
from app.models.filing import SupervisionTask
from app.models.meetings import Meeting, MeetingDecision
from app.services import audit, records
from app.services.context import Perm, require
from app.services.errors import NotFoundError, ValidationError
from app.services.filing import tasks
from app.services.meetings.base import load_meeting
from app.services.meetings.dto import DecisionForm, DecisionLink, DecisionRow

NOT_SENT = "未转督办"
LABEL = "议定事项"


def source_text(meeting: Meeting) -> str:
    """What the 督办 item's 来源 says: the meeting and its 纪要 number."""
    return f"{meeting.name} {meeting.minutes_doc_number}".strip()[:200]


def _decision(session: Session, decision_id: int) -> MeetingDecision:
    found = session.get(MeetingDecision, decision_id)
    if found is None:
        raise NotFoundError(f"找不到编号为 {decision_id} 的议定事项。")
    return found


def _checked(form: DecisionForm) -> DecisionForm:
    if not form.matter.strip():
        raise ValidationError("请填写议定事项。", "matter")
    if not form.dept.strip():
        raise ValidationError("请填写责任单位。", "dept")
    return DecisionForm(
        form.matter.strip()[:300],
        form.dept.strip()[:100],
        form.deadline,
        form.leader.strip()[:40],
        form.person.strip()[:40],
    )


def add_decision(session: Session, /, meeting_id: int, form: DecisionForm) -> int:
    """A 议定事项; its 办理时限 may not come before the meeting."""
    require(session, Perm.EDIT_REGISTERS)
    meeting = load_meeting(session, meeting_id)
    form = _checked(form)
    if form.deadline < meeting.starts_at.astimezone().date():
        raise ValidationError("办理时限不能早于会议日期。", "deadline")
    top = session.scalar(
        select(MeetingDecision.position)
        .where(MeetingDecision.meeting_id == meeting.id)
        .order_by(MeetingDecision.position.desc())
    )
    item = MeetingDecision(
        meeting_id=meeting.id,
        position=(top or 0) + 1,
        matter=form.matter,
        leader=form.leader,
        dept=form.dept,
        person=form.person,
        deadline=form.deadline,
    )
    session.add(item)
    session.flush()
    audit.record(
        session,
        "新增",
        LABEL,
        item.id,
        after=audit.snapshot(item),
        summary=f"{meeting.name}：{form.matter}",
    )
    return item.id


def _not_sent(item: MeetingDecision, verb: str) -> None:
    if item.task_id is not None:
        raise ValidationError(f"该议定事项已转督办，不能{verb}；请在督办中办理。")


def update_decision(session: Session, /, decision_id: int, form: DecisionForm) -> None:
    require(session, Perm.EDIT_REGISTERS)
    item = _decision(session, decision_id)
    _not_sent(item, "再修改")
    form = _checked(form)
    meeting = load_meeting(session, item.meeting_id)
    if form.deadline < meeting.starts_at.astimezone().date():
        raise ValidationError("办理时限不能早于会议日期。", "deadline")
    with records.changed(session, "修改", LABEL, item, form.matter):
        item.matter, item.dept, item.deadline = form.matter, form.dept, form.deadline
        item.leader, item.person = form.leader, form.person


def remove_decision(session: Session, /, decision_id: int) -> None:
    require(session, Perm.EDIT_REGISTERS)
    item = _decision(session, decision_id)
    _not_sent(item, "删除")
    before = audit.snapshot(item)
    session.delete(item)
    audit.record(session, "删除", LABEL, decision_id, before=before, summary=item.matter)


def _task_form(meeting: Meeting, item: MeetingDecision) -> tasks.TaskForm:
    matter = f"{item.matter}（牵头领导：{item.leader}）" if item.leader else item.matter
    return tasks.TaskForm(
        matter=matter[:300],
        dept=item.dept,
        deadline=item.deadline,
        source_kind="会议",
        source_text=source_text(meeting),
        person=item.person,
        assigned_on=meeting.starts_at.astimezone().date(),
    )


def send_to_tasks(session: Session, /, decision_id: int) -> int:
    """One 议定事项 becomes a 督办 item (来源 会议, with the 纪要 number); returns its id."""
    require(session, Perm.EDIT_REGISTERS)
    item = _decision(session, decision_id)
    if item.task_id is not None:
        raise ValidationError("该议定事项已经转为督办事项。")
    meeting = load_meeting(session, item.meeting_id)
    if meeting.starts_at.astimezone().date() > clock.today():
        raise ValidationError("会议还没有召开，议定事项不能转督办。")
    task_id = tasks.add_task(session, _task_form(meeting, item))
    item.task_id = task_id
    audit.record(
        session,
        "转督办",
        LABEL,
        item.id,
        after={"督办事项": task_id},
        summary=f"{meeting.name}：{item.matter}",
    )
    return task_id


def send_all(session: Session, /, meeting_id: int) -> list[int]:
    """Every 议定事项 of the meeting not yet sent becomes a 督办 item; their ids."""
    load_meeting(session, meeting_id)
    stmt = select(MeetingDecision.id).where(
        MeetingDecision.meeting_id == meeting_id, MeetingDecision.task_id.is_(None)
    )
    ids = list(session.scalars(stmt.order_by(MeetingDecision.position)))
    if not ids:
        raise ValidationError("这次会议没有尚未转督办的议定事项。")
    return [send_to_tasks(session, i) for i in ids]


def refresh_sources(session: Session, meeting: Meeting) -> None:
    """After a rename or a 纪要 number: the linked 督办 items say the new 来源."""
    text = source_text(meeting)
    ids = select(MeetingDecision.task_id).where(MeetingDecision.meeting_id == meeting.id)
    for task in session.scalars(select(SupervisionTask).where(SupervisionTask.id.in_(ids))):
        if task.source_text != text:
            with records.changed(session, "修改", tasks.ENTITY, task, task.matter):
                task.source_text = text


def _row(
    item: MeetingDecision, meeting: Meeting, task: SupervisionTask | None, today: date
) -> DecisionRow:
    if task is None:
        state, done, evidence, late = NOT_SENT, None, "", max(0, (today - item.deadline).days)
    else:
        t = tasks.to_row(task, today)
        state, done, evidence, late = t.state, t.done_on, t.evidence, t.days_overdue
    return DecisionRow(
        item.id,
        meeting.id,
        meeting.name,
        meeting.minutes_doc_number,
        meeting.starts_at.astimezone().date(),
        item.position,
        item.matter,
        item.leader,
        item.dept,
        item.person,
        task.deadline if task else item.deadline,
        item.task_id,
        state,
        done,
        evidence,
        late,
    )


def _query() -> Select[MeetingDecision, Meeting, SupervisionTask]:
    return (
        select(MeetingDecision, Meeting, SupervisionTask)
        .join(Meeting, Meeting.id == MeetingDecision.meeting_id)
        .outerjoin(SupervisionTask, SupervisionTask.id == MeetingDecision.task_id)
    )


def decisions_of(
    session: Session, /, meeting_id: int, today: date | None = None
) -> list[DecisionRow]:
    """The meeting's 议定事项 in order, each with its 督办 state and 办结 evidence."""
    day = today or clock.today()
    stmt = _query().where(MeetingDecision.meeting_id == meeting_id)
    return [
        _row(d, m, t, day)
        for d, m, t in session.execute(stmt.order_by(MeetingDecision.position, MeetingDecision.id))
    ]


@dataclass(frozen=True)
class DecisionFilter:
    year: int | None = None
    date_from: date | None = None  # meetings from
    date_to: date | None = None
    meeting_id: int | None = None


_OPEN_FIRST = {
    tasks.OVERDUE: 0,
    NOT_SENT: 1,
    tasks.IN_PROGRESS: 2,
    tasks.DONE_LATE: 3,
    tasks.DONE: 4,
}


def decision_list(
    session: Session, /, flt: DecisionFilter, today: date | None = None
) -> list[DecisionRow]:
    """议定事项落实情况表: items not done lead (逾期 first), then by 时限."""
    day = today or clock.today()
    stmt = _query()
    if flt.meeting_id:
        stmt = stmt.where(Meeting.id == flt.meeting_id)
    if flt.year:
        stmt = stmt.where(Meeting.year == flt.year)
    if flt.date_from:
        stmt = stmt.where(Meeting.starts_at >= _midnight(flt.date_from))
    if flt.date_to:
        stmt = stmt.where(Meeting.starts_at < _midnight(flt.date_to, 1))
    rows = [_row(d, m, t, day) for d, m, t in session.execute(stmt)]
    return sorted(
        rows, key=lambda r: (_OPEN_FIRST.get(r.state, 9), r.deadline, r.meeting_on, r.position)
    )


def _midnight(day: date, plus: int = 0) -> datetime:
    return local_midnight(day + timedelta(days=plus))


def decision_of_task(session: Session, /, task_id: int) -> DecisionLink | None:
    """From a 督办 item to the meeting it came from (None: not from a meeting's 议定事项)."""
    stmt = select(MeetingDecision, Meeting).join(Meeting).where(MeetingDecision.task_id == task_id)
    found = session.execute(stmt).first()
    if found is None:
        return None
    item, meeting = found
    return DecisionLink(item.id, meeting.id, meeting.name, meeting.minutes_doc_number)


def meeting_names_of_tasks(session: Session, /, task_ids: list[int]) -> dict[int, str]:
    """task id -> its meeting's name, for the 督办 lists and exports."""
    if not task_ids:
        return {}
    stmt = (
        select(MeetingDecision.task_id, Meeting.name)
        .join(Meeting)
        .where(MeetingDecision.task_id.in_(task_ids))
    )
    return {int(t or 0): str(n) for t, n in session.execute(stmt)}

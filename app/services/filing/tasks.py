"""督办: tasks from 领导批示, meetings or typed in; their state comes from the dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import clock
from app.models.filing import IncomingDoc, SupervisionTask, TaskNote
from app.services import audit, records
from app.services.audit import snapshot
from app.services.context import Perm, actor_of, require
from app.services.errors import NotFoundError, ValidationError

ENTITY = "督办"
SOURCE_KINDS = ("领导批示", "会议", "上级文件", "交办")
IN_PROGRESS, OVERDUE, DONE, DONE_LATE = "办理中", "逾期", "已办结", "逾期办结"
TASK_STATES = (IN_PROGRESS, OVERDUE, DONE, DONE_LATE)


def task_state(deadline: date, done_on: date | None, today: date) -> str:
    """Derived each time it is shown, so it never goes stale in the database."""
    if done_on is not None:
        return DONE_LATE if done_on > deadline else DONE
    return OVERDUE if today > deadline else IN_PROGRESS


@dataclass(frozen=True)
class TaskForm:
    matter: str
    dept: str
    deadline: date
    source_kind: str = "交办"
    source_text: str = ""
    person: str = ""
    assigned_on: date | None = None
    incoming_id: int | None = None


@dataclass(frozen=True)
class TaskRow:
    id: int
    matter: str
    source_kind: str
    source_text: str
    incoming_id: int | None
    dept: str
    person: str
    assigned_on: date
    deadline: date
    done_on: date | None
    evidence: str
    state: str
    days_overdue: int  # 0 unless late (still open: till today; done: at 办结)
    version: int = 0  # what a step sends back (versions.Seen), so a stale one is refused

    @property
    def source(self) -> str:
        """来源 as it reads: the text alone when it already says its kind (县委督查室交办)."""
        return source_label(self.source_kind, self.source_text)


# what a 来源 text says of itself (张书记批示, 镇党委会议, 县委办发〔2026〕8号, 县委督查室交办),
# in the order an imported text is sorted by
_SOURCE_SIGNS = {"领导批示": ("批示",), "会议": ("会",), "上级文件": ("〔", "文"),
                 "交办": ("交办", "督办")}  # fmt: skip


def source_kind_of(text: str) -> str:
    """The kind an imported 来源 text names, else 交办."""
    return next((k for k, signs in _SOURCE_SIGNS.items() if any(s in text for s in signs)), "交办")


def source_label(kind: str, text: str) -> str:
    """The kind and its text, or the text alone when it names the kind itself."""
    text = text.strip()
    if not text or any(sign in text for sign in _SOURCE_SIGNS.get(kind, ())):
        return text or kind
    return f"{kind}：{text}"


def to_row(task: Any, today: date) -> TaskRow:
    """A SupervisionTask, or a row of its table's columns (the list reads plain rows)."""
    end = task.done_on or today
    late = max(0, (end - task.deadline).days)
    return TaskRow(
        task.id, task.matter, task.source_kind, task.source_text, task.incoming_id, task.dept,
        task.person, task.assigned_on, task.deadline, task.done_on, task.evidence,
        task_state(task.deadline, task.done_on, today), late, task.version,
    )  # fmt: skip


def _load(session: Session, task_id: int) -> SupervisionTask:
    task = session.get(SupervisionTask, task_id)
    if task is None:
        raise NotFoundError(f"找不到编号为 {task_id} 的督办事项。")
    return task


def _text(value: str, label: str, name: str) -> str:
    if not value.strip():
        raise ValidationError(f"请填写{label}。", field=name)
    return value.strip()


def add_task(session: Session, /, form: TaskForm) -> int:
    require(session, Perm.EDIT_REGISTERS)
    if form.source_kind not in SOURCE_KINDS:
        raise ValidationError(f"督办来源只能是{'、'.join(SOURCE_KINDS)}。", field="source_kind")
    assigned = form.assigned_on or clock.today()
    if form.deadline < assigned:
        raise ValidationError("办理时限不能早于交办日期。", field="deadline")
    task = SupervisionTask(
        matter=_text(form.matter, "督办事项", "matter"), source_kind=form.source_kind,
        source_text=form.source_text.strip(), incoming_id=form.incoming_id,
        dept=_text(form.dept, "责任单位", "dept"), person=form.person.strip(),
        assigned_on=assigned, deadline=form.deadline,
    )  # fmt: skip
    session.add(task)
    session.flush()
    audit.record(session, "新增", ENTITY, task.id, after=snapshot(task), summary=task.matter)
    return task.id


def task_from_instruction(session: Session, /, incoming_id: int, deadline: date,
                          dept: str = "", person: str = "",
                          assigned_on: date | None = None) -> int:  # fmt: skip
    """A 督办 task from a 收文's 领导批示: the matter and source come from the 收文.

    assigned_on (交办日期) back-dates a 批示 entered late; it defaults to today."""
    doc = session.get(IncomingDoc, incoming_id)
    if doc is None:
        raise NotFoundError(f"找不到编号为 {incoming_id} 的收文。")
    if not doc.instruction:
        raise ValidationError("这份收文还没有领导批示，不能据此立督办。", field="instruction")
    return add_task(session, TaskForm(
        matter=f"{doc.title}（{doc.instructed_by}批示：{doc.instruction}）"[:300],
        dept=dept or doc.lead_dept, person=person or doc.handler, deadline=deadline,
        source_kind="领导批示",
        source_text=f"{doc.receipt_no or ''} {doc.sender_doc_number}".strip(),
        incoming_id=doc.id, assigned_on=assigned_on,
    ))  # fmt: skip


def add_note(session: Session, /, task_id: int, on: date, text: str) -> int:
    """A dated progress note."""
    require(session, Perm.EDIT_REGISTERS)
    task = _load(session, task_id)
    if task.done_on is not None:
        raise ValidationError("已办结的督办事项不能再添加进展。", field="text")
    note = TaskNote(task_id=task.id, on=on, text=_text(text, "进展情况", "text"),
                    recorded_by=actor_of(session).display_name)  # fmt: skip
    session.add(note)
    session.flush()
    audit.record(
        session, "进展", ENTITY, task.id, after={"日期": on.isoformat(), "进展": note.text}
    )
    return note.id


def finish_task(session: Session, /, task_id: int, done_on: date, evidence: str) -> None:
    """办结 with the evidence (文件, 照片说明, 答复 …)."""
    require(session, Perm.EDIT_REGISTERS)
    task = _load(session, task_id)
    with records.changed(session, "办结", ENTITY, task, rule=lambda: _still_open(task)):
        if done_on < task.assigned_on:
            raise ValidationError("办结日期不能早于交办日期。", field="done_on")
        task.done_on, task.evidence = done_on, _text(evidence, "办结情况/佐证", "evidence")


def _still_open(task: SupervisionTask) -> None:
    """督办's rule for 办结: once only (the state is read from 办结日期, so none is set)."""
    if task.done_on is not None:
        raise ValidationError("该督办事项已经办结。", field="done_on")


@dataclass(frozen=True)
class NoteRow:
    id: int
    on: date
    text: str
    recorded_by: str


def notes(session: Session, /, task_id: int) -> list[NoteRow]:
    stmt = select(TaskNote).where(TaskNote.task_id == task_id).order_by(TaskNote.on, TaskNote.id)
    return [NoteRow(n.id, n.on, n.text, n.recorded_by) for n in session.scalars(stmt)]


def get_task(session: Session, /, task_id: int, today: date | None = None) -> TaskRow:
    return to_row(_load(session, task_id), today or clock.today())

"""Undo a 议定事项 import: remove its 议定事项 and their 督办 items, unless worked on since."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.models.attachments import Attachment
from app.models.filing import SupervisionTask, TaskNote
from app.models.meetings import MeetingDecision
from app.services import batches
from app.services.registry import Restorer, UndoSketch

SHOWN = 10  # records named in the confirmation; the rest are counted
TASK_ATTACHMENTS = "督办"  # attachments.attach(session, "督办", task_id, path)


def remember(session: Session, made: list[tuple[int, int]]) -> None:
    """Kept with the batch: each (议定事项, 督办 item) the import made, as it left them."""
    session.flush()
    kept = [_state(session, decision_id, task_id) for decision_id, task_id in made]
    batches.remember(session, {"decisions": kept})


def _state(session: Session, decision_id: int, task_id: int) -> dict[str, Any]:
    task = session.get(SupervisionTask, task_id)
    decision = session.get(MeetingDecision, decision_id)
    assert task is not None and decision is not None  # made in this same unit of work
    return {"id": decision_id, "task": task_id, "matter": decision.matter,
            "version": task.version, "notes": _notes(session, task_id)}  # fmt: skip


def _notes(session: Session, task_id: int) -> int:
    return int(session.scalar(select(func.count()).where(TaskNote.task_id == task_id)) or 0)


def _worked_on(session: Session, kept: dict[str, Any]) -> str:
    """Why this 督办 item can no longer be taken back ("" when it can)."""
    name = f"议定事项“{kept['matter'][:20]}”的督办事项"
    task = session.get(SupervisionTask, kept["task"])
    if task is None:
        return f"{name}已被删除"
    if task.version != kept["version"]:
        return f"{name}已在导入后修改"
    if _notes(session, task.id) != kept["notes"]:
        return f"{name}已有督办记录"
    attached = select(func.count()).where(
        Attachment.owner_kind == TASK_ATTACHMENTS, Attachment.owner_id == task.id
    )
    return f"{name}已有附件" if session.scalar(attached) else ""


def _sketch(session: Session, state: dict[str, Any]) -> UndoSketch:
    kept = state["decisions"]
    names = [f"议定事项“{k['matter'][:20]}”及其督办事项" for k in kept]
    found = [why for why in (_worked_on(session, k) for k in kept) if why]
    return UndoSketch(names[:SHOWN], len(names), found[:SHOWN])


def _restore(session: Session, state: dict[str, Any]) -> str:
    kept = state["decisions"]
    session.execute(delete(MeetingDecision).where(MeetingDecision.id.in_([k["id"] for k in kept])))
    tasks = [k["task"] for k in kept]
    session.execute(delete(SupervisionTask).where(SupervisionTask.id.in_(tasks)))
    session.flush()
    return f"删除议定事项 {len(kept)} 项及其督办事项"


DECISIONS = Restorer(_sketch, _restore)

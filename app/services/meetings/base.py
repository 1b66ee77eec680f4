"""What every 办会 module needs: loading a meeting, its audit name, the 涉密 refusal."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.meetings import Meeting
from app.services import audit, versions
from app.services.errors import NotFoundError, ValidationError

ENTITY = "会议"
ATTACHMENT_KIND = "会议"  # attachments.attach(session, "会议", meeting_id, path): 会议材料
SECRET_REFUSAL = (
    "该会议为涉密会议（{level}），程序中只登记会议本身；不能录入{what}。依据《保守国家秘密法》"
    "（2024年修订）第三十一条，涉密信息不得在非涉密计算机上存储、处理。"
)


def load_meeting(session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFoundError(f"找不到编号为 {meeting_id} 的会议。")
    return meeting


class _Kept(Protocol):
    @property
    def id(self) -> int | None: ...


Form = TypeVar("Form", bound=_Kept)


def replace_children(
    session: Session,
    meeting: Meeting,
    model: Any,
    forms: Iterable[Form],
    fill: Callable[[Any, int, Form], None],
) -> None:
    """Make a meeting's ordered child list match the forms: a form carrying an id keeps that
    row (and what hangs on it: 签到 marks, 会议记录), a new form adds one, the rest go."""
    old = {c.id: c for c in session.scalars(select(model).where(model.meeting_id == meeting.id))}
    kept: set[int] = set()
    for position, form in enumerate(forms):
        child = old.get(form.id) if form.id is not None else None
        if child is None:
            child = model(meeting_id=meeting.id)
            session.add(child)
        fill(child, position, form)
        kept.add(child.id)
    for child_id, child in old.items():
        if child_id not in kept:
            session.delete(child)
    versions.touch(meeting)  # a window holding the old list must reload first
    session.flush()


def record_list(session: Session, meeting: Meeting, action: str, text: str) -> None:
    audit.record(session, action, ENTITY, meeting.id, after={action: text}, summary=meeting.name)


def refuse_if_secret(meeting: Meeting, what: str, field: str = "record") -> None:
    """A 涉密 meeting holds no electronic 材料 or 记录 text (domain.md §0)."""
    if meeting.secrecy:
        raise ValidationError(SECRET_REFUSAL.format(level=meeting.secrecy, what=what), field)


def label(meeting: Meeting) -> str:
    return meeting.name


def secrecy_of(session: Session, meeting_id: int) -> str | None:
    """For the attachment store: 会议材料 are refused on a 涉密 meeting."""
    return load_meeting(session, meeting_id).secrecy

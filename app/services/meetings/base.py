"""What every 办会 module needs: loading a meeting, its audit name, the 涉密 refusal."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.models.meetings import Meeting
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


def refuse_if_secret(meeting: Meeting, what: str, field: str = "record") -> None:
    """A 涉密 meeting holds no electronic 材料 or 记录 text (domain.md §0)."""
    if meeting.secrecy:
        raise ValidationError(SECRET_REFUSAL.format(level=meeting.secrecy, what=what), field)


def label(meeting: Meeting) -> str:
    return meeting.name


def secrecy_of(session: Session, meeting_id: int) -> str | None:
    """For the attachment store: 会议材料 are refused on a 涉密 meeting."""
    return load_meeting(session, meeting_id).secrecy

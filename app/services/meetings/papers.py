"""涉密 printed materials handed out at a meeting (份数, 编号, to whom) and their 清退."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import clock
from app.models.meetings import MeetingPaper
from app.services import audit, records
from app.services.context import Perm, require
from app.services.errors import NotFoundError, ValidationError
from app.services.meetings.base import ENTITY, load_meeting
from app.services.meetings.dto import PaperForm, PaperRow


def _row(p: MeetingPaper) -> PaperRow:
    return PaperRow(p.id, p.title, p.copies, p.serials, p.holder, p.returned_on, p.returned_to)


def papers_of(session: Session, /, meeting_id: int) -> list[PaperRow]:
    stmt = select(MeetingPaper).where(MeetingPaper.meeting_id == meeting_id)
    return [_row(p) for p in session.scalars(stmt.order_by(MeetingPaper.id))]


def add_paper(session: Session, /, meeting_id: int, form: PaperForm) -> int:
    """A printed material handed to someone; only its name, count and 编号 are kept."""
    require(session, Perm.EDIT_REGISTERS)
    meeting = load_meeting(session, meeting_id)
    title, holder = form.title.strip(), form.holder.strip()
    if not title:
        raise ValidationError("请填写材料名称。", "title")
    if not holder:
        raise ValidationError("请填写发给谁（领取人）。", "holder")
    if not 1 <= form.copies <= 999:
        raise ValidationError("份数应为1至999。", "copies")
    paper = MeetingPaper(
        meeting_id=meeting.id,
        title=title[:200],
        holder=holder[:60],
        copies=form.copies,
        serials=form.serials.strip()[:100],
    )
    session.add(paper)
    session.flush()
    audit.record(
        session,
        "发放材料",
        ENTITY,
        meeting.id,
        after=audit.snapshot(paper),
        summary=f"{title} {form.copies}份 → {holder}",
    )
    return paper.id


def _paper(session: Session, paper_id: int) -> MeetingPaper:
    paper = session.get(MeetingPaper, paper_id)
    if paper is None:
        raise NotFoundError("找不到这份材料的发放记录，请重新载入。")
    return paper


def return_paper(
    session: Session, /, paper_id: int, returned_to: str, returned_on: date | None = None
) -> None:
    """清退: the copies came back, on a day, to someone."""
    require(session, Perm.EDIT_REGISTERS)
    paper = _paper(session, paper_id)
    if paper.returned_on is not None:
        raise ValidationError(f"这份材料已于{paper.returned_on:%Y-%m-%d}清退。", "returned_on")
    day = returned_on or clock.today()
    if day > clock.today():
        raise ValidationError("清退日期不能晚于今天。", "returned_on")
    if not returned_to.strip():
        raise ValidationError("请填写收回人。", "returned_to")
    with records.changed(session, "清退", "会议材料", paper, f"{paper.title} ← {paper.holder}"):
        paper.returned_on, paper.returned_to = day, returned_to.strip()[:40]


def remove_paper(session: Session, /, paper_id: int) -> None:
    """A line entered by mistake (a returned one stays: it is the record of the 清退)."""
    require(session, Perm.EDIT_REGISTERS)
    paper = _paper(session, paper_id)
    if paper.returned_on is not None:
        raise ValidationError("已清退的材料记录不能删除。")
    before = audit.snapshot(paper)
    session.delete(paper)
    audit.record(session, "删除", "会议材料", paper_id, before=before, summary=paper.title)

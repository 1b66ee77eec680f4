"""会议纪要: numbered 代字〔年〕N号 on the 发文字号 counters, 印发, entered as a 发文 at once."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import clock
from app.models.filing import OutgoingDoc
from app.models.meetings import Meeting
from app.services import records
from app.services.context import Perm, require
from app.services.errors import ValidationError
from app.services.filing import numbering
from app.services.filing.docnumber import format_doc_number
from app.services.meetings import config
from app.services.meetings.base import ENTITY, load_meeting
from app.services.meetings.decisions import refresh_sources

ISSUED_STATE = "已核发"  # an 印发 纪要 entered as a 发文 has gone out already


def number_minutes(session: Session, /, meeting_id: int, title: str = "") -> str:
    """Give the meeting's 纪要 the next number of its 类型's series for the meeting's year.

    The series is the 类型's 纪要 代字 on the same counters as 发文字号, so a 纪要 later entered
    as a 发文 keeps its number and the 断号 report sees one sequence.
    """
    require(session, Perm.EDIT_REGISTERS)
    meeting = load_meeting(session, meeting_id)
    if meeting.minutes_no is not None:
        raise ValidationError(f"该会议纪要已编号：{meeting.minutes_doc_number}。", "minutes_no")
    if meeting.starts_at.astimezone().date() > clock.today():
        raise ValidationError("会议还没有召开，不能为纪要编号。", "minutes_no")
    code = config.minutes_codes(session).get(meeting.kind) or config.DEFAULT_CODES["其他"]
    number = numbering.allocate(session, code, meeting.year)
    with records.changed(session, "纪要编号", ENTITY, meeting, meeting.name):
        meeting.minutes_code, meeting.minutes_no = code, number
        meeting.minutes_doc_number = format_doc_number(code, meeting.year, number)
        meeting.minutes_title = (title.strip() or f"{meeting.name}纪要")[:300]
    refresh_sources(session, meeting)
    return meeting.minutes_doc_number


def set_minutes_title(session: Session, /, meeting_id: int, title: str) -> None:
    require(session, Perm.EDIT_REGISTERS)
    meeting = load_meeting(session, meeting_id)
    if not title.strip():
        raise ValidationError("请填写纪要标题。", "minutes_title")
    if meeting.outgoing_id is not None:
        raise ValidationError("纪要已登记为发文，标题请在发文中核对。", "minutes_title")
    with records.changed(session, "修改", ENTITY, meeting, meeting.name):
        meeting.minutes_title = title.strip()[:300]


def issue_minutes(session: Session, /, meeting_id: int, issued_on: date | None = None) -> None:
    """印发: the numbered 纪要 went out on this day."""
    require(session, Perm.EDIT_REGISTERS)
    meeting = load_meeting(session, meeting_id)
    if meeting.minutes_no is None:
        raise ValidationError("纪要还没有编号，请先编号再印发。", "minutes_issued_on")
    day = issued_on or clock.today()
    if day > clock.today() or day < meeting.starts_at.astimezone().date():
        raise ValidationError("印发日期应在会议日期与今天之间。", "minutes_issued_on")
    with records.changed(session, "纪要印发", ENTITY, meeting, meeting.name):
        meeting.minutes_issued_on = day


def register_as_outgoing(session: Session, /, meeting_id: int, signer: str = "") -> int:
    """Enter the issued 纪要 in the 发文登记簿 with its own number (no new number is taken),
    so it reaches the 年度归档 of 档案 like any 发文; returns the 发文's id."""
    require(session, Perm.EDIT_REGISTERS)
    meeting = load_meeting(session, meeting_id)
    if meeting.minutes_no is None or meeting.minutes_issued_on is None:
        raise ValidationError("纪要须先编号并印发，才能登记为发文。", "outgoing_id")
    if meeting.outgoing_id is not None:
        raise ValidationError(f"纪要{meeting.minutes_doc_number}已登记为发文。", "outgoing_id")
    _refuse_taken(session, meeting.minutes_code, meeting.year, meeting.minutes_no)
    doc = _outgoing(meeting, signer.strip() or meeting.host)
    session.add(doc)
    session.flush()
    records.record_change(
        session, "登记", "发文", doc, {}, f"{doc.doc_number} {doc.title}（会议纪要）"
    )
    with records.changed(session, "纪要登记发文", ENTITY, meeting, meeting.name):
        meeting.outgoing_id = doc.id
    return doc.id


def _refuse_taken(session: Session, code: str, year: int, number: int) -> None:
    taken = session.scalar(
        select(OutgoingDoc.id).where(
            OutgoingDoc.issuer_code == code, OutgoingDoc.year == year, OutgoingDoc.number == number
        )
    )
    if taken is not None:
        raise ValidationError(
            f"发文登记簿中已有{format_doc_number(code, year, number)}，不能重复登记。",
            "outgoing_id",
        )


def _outgoing(meeting: Meeting, signer: str) -> OutgoingDoc:
    day = meeting.minutes_issued_on
    return OutgoingDoc(
        issuer_code=meeting.minutes_code,
        year=meeting.year,
        number=meeting.minutes_no,
        doc_number=meeting.minutes_doc_number,
        doc_number_raw=meeting.minutes_doc_number,
        title=meeting.minutes_title or f"{meeting.name}纪要",
        doc_type="纪要",
        drafter=meeting.recorder,
        signer=signer,
        signed_on=day,
        secrecy=meeting.secrecy,
        secrecy_years=None,
        urgency=None,
        printed_on=day,
        state=ISSUED_STATE,
        registered_on=day,
    )

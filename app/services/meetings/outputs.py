"""The 会议通知, 签到表 and 会议纪要 PDFs of one meeting, from its stored record."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from app import clock
from app.reports import meeting_docs as docs
from app.services import settings
from app.services.errors import ValidationError
from app.services.meetings import entries
from app.services.meetings.dto import AttendeeRow, MeetingDetail

WEEKDAYS = "一二三四五六日"


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def cn_time(at: datetime) -> str:
    """2026年12月1日（星期二）上午9:00"""
    local = at.astimezone()
    half = "上午" if local.hour < 12 else "下午"
    hour = local.hour if local.hour <= 12 else local.hour - 12
    return f"{cn_date(local.date())}（星期{WEEKDAYS[local.weekday()]}）{half}{hour}:{local:%M}"


def _person(a: AttendeeRow, note: str = "") -> docs.Person:
    return docs.Person(a.name, a.unit, a.title, note)


def notice_doc(session: Session, /, meeting_id: int) -> docs.NoticeDoc:
    d = entries.get_meeting(session, meeting_id)
    m = d.meeting
    return docs.NoticeDoc(
        org_name=settings.org_name(session),
        meeting_name=m.name,
        when=cn_time(m.starts_at),
        place=m.room or "另行通知",
        attendees=[_person(a) for a in d.attendees if a.role == "参会"],
        observers=[_person(a) for a in d.attendees if a.role == "列席"],
        topics=[t.title for t in d.topics],
        requirements=d.requirements,
        contact=d.contact,
        phone=d.phone,
        dated=cn_date(clock.today()),
        secrecy=m.secrecy or "",
    )


def sign_sheet_doc(session: Session, /, meeting_id: int) -> docs.SignSheetDoc:
    d = entries.get_meeting(session, meeting_id)
    people = [_person(a, "列席" if a.role == "列席" else "") for a in d.attendees]
    return docs.SignSheetDoc(
        settings.org_name(session),
        d.meeting.name,
        cn_time(d.meeting.starts_at),
        d.meeting.room or "",
        people,
    )


def _opening(d: MeetingDetail) -> str:
    m = d.meeting
    when = cn_time(m.starts_at).split("）")
    day, half = when[0].split("（")[0], when[1][:2]
    place = f"在{m.room}" if m.room else ""
    host = f"{m.host}{place}主持召开" if m.host else f"{place}召开"
    return f"{day}{half}，{host}{m.name}。"


def _absent(d: MeetingDetail) -> list[str]:
    return [f"{a.name}（{a.absent_reason}）" if a.absent_reason else a.name for a in d.absent]


def minutes_doc(session: Session, /, meeting_id: int) -> docs.MinutesDoc:
    """The 纪要 as printed; it must be numbered first (the number is its identity)."""
    d = entries.get_meeting(session, meeting_id)
    if d.meeting.secrecy:
        # the 纪要 of a 涉密 meeting is itself 涉密: made on a classified machine, not here
        raise ValidationError(
            f"该会议为涉密会议（{d.meeting.secrecy}），其纪要须在涉密计算机上制作，"
            "本程序只登记纪要编号和印发日期。",
            "minutes_no",
        )
    if d.minutes_no is None:
        raise ValidationError("纪要还没有编号，请先编号再打印。", "minutes_no")
    org = settings.org_name(session)
    present = [a.name for a in d.attendees if a.role == "参会" and a.present is not False]
    decided = [
        docs.Decision(x.matter, x.leader, x.dept, x.person, cn_date(x.deadline))
        for x in d.decisions
    ]
    return docs.MinutesDoc(
        org_name=org,
        series=f"{_org_short(org)}{d.meeting.kind}纪要",
        doc_number=d.meeting.minutes_doc_number,
        title=d.minutes_title,
        opening=_opening(d),
        topics=[t.title for t in d.topics],
        decisions=decided,
        present=present,
        observers=[a.name for a in d.attendees if a.role == "列席"],
        absent=_absent(d),
        issued_by=_office(org),
        issued_on=cn_date(d.minutes_issued_on or clock.today()),
        secrecy=d.meeting.secrecy or "",
    )


def _org_short(org: str) -> str:
    """某某镇人民政府 -> 某某镇: the 版头 names the township, the 类型 names the body."""
    for tail in ("人民政府", "委员会", "党委"):
        if org.endswith(tail):
            return org.removesuffix(tail)
    return org


def _office(org: str) -> str:
    return f"{_org_short(org)}党政办公室" if org else "党政办公室"


def write_notice(session: Session, /, meeting_id: int, path: Path) -> int:
    return docs.write_notice(notice_doc(session, meeting_id), Path(path))


def write_sign_sheet(session: Session, /, meeting_id: int, path: Path) -> int:
    return docs.write_sign_sheet(sign_sheet_doc(session, meeting_id), Path(path))


def write_minutes(session: Session, /, meeting_id: int, path: Path) -> int:
    return docs.write_minutes(minutes_doc(session, meeting_id), Path(path))

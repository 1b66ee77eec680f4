"""`check` for 办会: a 纪要 number held twice, or a counter behind a 纪要 number it gave."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.meetings import Meeting
from app.services.filing import numbering
from app.services.filing.docnumber import format_doc_number


def check(session: Session) -> list[str]:
    numbered = Meeting.minutes_no.is_not(None)
    twice = (
        select(Meeting.minutes_code, Meeting.year, Meeting.minutes_no, func.count())
        .where(numbered)
        .group_by(Meeting.minutes_code, Meeting.year, Meeting.minutes_no)
        .having(func.count() > 1)
    )
    found = [
        f"纪要{format_doc_number(c, y, int(n or 0))}被{k}次会议重复使用。"
        for c, y, n, k in session.execute(twice)
    ]
    tops = (
        select(Meeting.minutes_code, Meeting.year, func.max(Meeting.minutes_no))
        .where(numbered)
        .group_by(Meeting.minutes_code, Meeting.year)
    )
    for code, year, top in session.execute(tops):
        last = numbering.last_number(session, code, year)
        if top is not None and last < top:
            found.append(f"纪要{code}〔{year}〕计数器为{last}，但已用到{top}号：再编号会重号。")
    return found

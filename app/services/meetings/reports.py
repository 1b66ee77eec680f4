"""The 会议登记簿 and the 议定事项落实情况表 as ReportTables (xlsx and pdf alike)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import clock
from app.common.dates import format_date
from app.models.meetings import MeetingTopic
from app.reports.table import Column, PrintColumn, ReportTable, folded, reads
from app.services import settings
from app.services.meetings import attendance, decisions
from app.services.meetings.decisions import DecisionFilter
from app.services.meetings.dto import MeetingRow
from app.services.meetings.entries import MeetingFilter, list_meetings
from app.services.registry import ExportQuery

REGISTER_COLUMNS = (
    ("序号", 5),
    ("会议名称", 22),
    ("类型", 9),
    ("届次", 6),
    ("日期时间", 16),
    ("地点", 10),
    ("主持人", 7),
    ("记录人", 7),
    ("应到", 5),
    ("实到", 5),
    ("列席", 5),
    ("缺席人员及原因", 16),
    ("议题", 30),
    ("纪要文号", 16),
    ("议定事项", 6),
    ("未办结", 6),
    ("涉密", 5),
)


def _decided(row: Mapping[str, Any]) -> str:
    return f"{row['议定事项']}项\n未结{row['未办结']}"


REGISTER_PRINTED = (
    PrintColumn("序号", 3),
    PrintColumn("会议名称", 10),
    PrintColumn("届次", 4),
    PrintColumn("日期时间", 8),
    PrintColumn("地点", 6),
    PrintColumn("主持人", 4.5),
    PrintColumn("应到", 3),
    PrintColumn("实到", 3),
    PrintColumn("列席", 3),
    PrintColumn("缺席人员及原因", 9),
    PrintColumn("议题", 16.5),
    PrintColumn("纪要文号", 8, folded("纪要文号", "(?=〔)")),
    PrintColumn("议定事项", 5.5, reads("议定事项", "未办结")(_decided)),
)
IMPLEMENTATION_COLUMNS = (
    ("序号", 5),
    ("会议", 18),
    ("纪要文号", 16),
    ("议定事项", 30),
    ("牵头领导", 8),
    ("责任单位", 12),
    ("责任人", 7),
    ("办理时限", 11),
    ("状态", 8),
    ("办结日期", 11),
    ("办结情况/佐证", 24),
    ("逾期天数", 8),
)
IMPLEMENTATION_PRINTED = (
    PrintColumn("序号", 3),
    PrintColumn("会议", 10, ("会议", "纪要文号")),
    PrintColumn("议定事项", 16.5),
    PrintColumn("牵头领导", 5),
    PrintColumn("责任单位", 7),
    PrintColumn("责任人", 4.5),
    PrintColumn("办理时限", 6),
    PrintColumn("状态", 5),
    PrintColumn("办结日期", 6),
    PrintColumn("办结情况/佐证", 12),
    PrintColumn("逾期天数", 5.5),
)


def _span(query: ExportQuery) -> str:
    if query.date_from or query.date_to:
        return f"{format_date(query.date_from) or '…'} 至 {format_date(query.date_to) or '…'}"
    return f"{query.year}年度" if query.year else "全部"


def _absent_and_topics(session: Session, ids: list[int]) -> tuple[dict, dict]:
    absent: dict[int, list[str]] = defaultdict(list)
    for mid in ids:
        for a in attendance.attendees_of(session, mid):
            if a.role == "参会" and a.present is False:
                absent[mid].append(f"{a.name}（{a.absent_reason}）" if a.absent_reason else a.name)
    topics: dict[int, list[str]] = defaultdict(list)
    stmt = select(MeetingTopic).where(MeetingTopic.meeting_id.in_(ids))
    for t in session.scalars(stmt.order_by(MeetingTopic.position)):
        topics[t.meeting_id].append(f"{t.position + 1}. {t.title}")
    return absent, topics


def _register_line(n: int, m: MeetingRow, absent: list[str], topics: list[str]) -> list[Any]:
    return [
        n,
        m.name,
        m.kind,
        m.session_label,
        f"{m.starts_at:%Y-%m-%d %H:%M}",
        m.room,
        m.host,
        m.recorder,
        m.expected,
        m.present,
        m.observers,
        "、".join(absent),
        "\n".join(topics),
        m.minutes_doc_number,
        m.decisions,
        m.decisions_open,
        m.secrecy or "",
    ]


def meeting_register(session: Session, query: ExportQuery) -> ReportTable:
    """会议登记簿: the year's (or period's) meetings, oldest first."""
    flt = MeetingFilter(year=query.year, date_from=query.date_from, date_to=query.date_to)
    rows = list(reversed(list_meetings(session, flt)))
    absent, topics = _absent_and_topics(session, [m.id for m in rows])
    return ReportTable(
        title="会议登记簿",
        columns=[Column(h, w) for h, w in REGISTER_COLUMNS],
        rows=[_register_line(n, m, absent[m.id], topics[m.id]) for n, m in enumerate(rows, 1)],
        unit=settings.org_name(session),
        subtitle=settings.dated(_span(query)),
        footer_lines=[f"共 {len(rows)} 次会议"],
        printed=REGISTER_PRINTED,
    )


def _implementation_line(n: int, r: decisions.DecisionRow) -> list[Any]:
    return [
        n,
        r.meeting_name,
        r.minutes_doc_number,
        r.matter,
        r.leader,
        r.dept,
        r.person,
        format_date(r.deadline),
        r.state,
        format_date(r.done_on),
        r.evidence,
        r.days_overdue or "",
    ]


def implementation_rows(
    session: Session, query: ExportQuery, today: date | None = None
) -> list[decisions.DecisionRow]:
    meeting_id = (query.options or {}).get("meeting_id")
    flt = DecisionFilter(
        year=query.year,
        date_from=query.date_from,
        date_to=query.date_to,
        meeting_id=int(meeting_id) if meeting_id else None,
    )
    return decisions.decision_list(session, flt, today or clock.today())


def implementation_table(session: Session, query: ExportQuery) -> ReportTable:
    """议定事项落实情况表 per meeting (options meeting_id) or period: items not done first."""
    rows = implementation_rows(session, query)
    done = sum(1 for r in rows if r.done)
    late = sum(1 for r in rows if r.state == "逾期")
    subtitle = _span(query)
    if rows and (query.options or {}).get("meeting_id"):
        subtitle = f"{rows[0].meeting_name} {rows[0].minutes_doc_number}".strip()
    return ReportTable(
        title="议定事项落实情况表",
        columns=[Column(h, w) for h, w in IMPLEMENTATION_COLUMNS],
        rows=[_implementation_line(n, r) for n, r in enumerate(rows, 1)],
        unit=settings.org_name(session),
        subtitle=settings.dated(subtitle),
        printed=IMPLEMENTATION_PRINTED,
        footer_lines=[
            f"共 {len(rows)} 项，已办结 {done} 项，未办结 {len(rows) - done} 项"
            f"（其中逾期 {late} 项）"
        ],
    )

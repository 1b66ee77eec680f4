"""收文登记簿, 发文登记簿 (with the 断号 report) and the weekly 督办通报, as ReportTables."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from app import clock
from app.common.dates import format_date, local_midnight
from app.db import raw
from app.models.filing import Circulation, IncomingDoc, OutgoingDoc, Reminder, SupervisionTask
from app.reports.table import Cell, Column, PrintColumn, ReportTable, folded, reads
from app.services import settings
from app.services.filing import numbering, tasks
from app.services.filing.vocab import secrecy_marking
from app.services.registry import ExportQuery
from app.services.seals.outgoing import seal_records

INCOMING_HEADERS = (
    ("收文编号", 12), ("签收时间", 10), ("来文机关", 11), ("来文字号", 14), ("标题", 24),
    ("文种", 3), ("密级", 5), ("紧急程度", 3), ("份数", 3), ("页数", 3), ("附件", 5),
    ("成文日期", 9), ("初审结论", 6), ("拟办意见", 10), ("领导批示", 11),
    ("承办部门/人", 10), ("办理时限", 9), ("传阅记录", 14), ("催办记录", 10),
    ("办理结果/答复", 10), ("办结日期", 9), ("归档（档号）", 10), ("历史补录", 6),
)  # fmt: skip
OUTGOING_HEADERS = (
    ("发文字号", 14),
    ("标题", 26),
    ("文种", 5),
    ("拟稿部门/人", 10),
    ("核稿人", 6),
    ("签发人", 6),
    ("签发日期", 10),
    ("复核人", 6),
    ("主送", 14),
    ("抄送", 10),
    ("密级", 7),
    ("紧急程度", 5),
    ("印制份数", 5),
    ("印发机关", 10),
    ("印发日期", 10),
    ("公开属性", 8),
    ("附件说明", 8),
    ("用印记录", 12),
    ("状态", 6),
    ("作废原因", 10),
    ("归档（档号）", 12),
    ("历史补录", 6),
)
BATCH = 2000
HISTORICAL = "历史补录"  # typed from a past year's paper register, shown in its own column


@reads("签收时间")
def _received_day(row: Mapping[str, Any]) -> str:
    return str(row["签收时间"])[:10]  # the paper register keeps the day; the xlsx, the minute


# where a 文号 (before 〔), a 密级 (before ★期限) or a 档号 (after its year) reads well broken
_JOINT = re.compile(r"(?=[〔★])|(?<=·\d{4}-)")


def _folded(name: str) -> Cell:
    return folded(name, _JOINT)


def _one_per_line(name: str, separator: str) -> Cell:
    """Listed items (承办 units and person, 用印记录) one to a line, never broken mid-name."""
    return folded(name, re.escape(separator), every=True)


# What a clerk prints and files (domain §1.3/§1.4); the xlsx keeps every column above.
# Widths are characters of 9-point text (A4 landscape holds about 84): 标题 takes what
# is left and wraps by line; 文号 and 档号 take two lines; short fields keep one. Number
# and date columns are as wide as their longest line (fit), so none breaks inside itself.
INCOMING_PRINTED = (
    PrintColumn("收文编号", 6, ("收文编号", "历史补录")),
    PrintColumn("签收日期", 5.8, _received_day, fit=True),
    PrintColumn("来文机关", 8),
    PrintColumn("来文字号", 7.5, _folded("来文字号")),
    PrintColumn("标题", 19),
    PrintColumn("文种", 3.6),
    PrintColumn("密级", 4, _folded("密级")),
    PrintColumn("紧急程度", 3),
    PrintColumn("份数", 3),
    PrintColumn("承办部门/人", 6.5, _one_per_line("承办部门/人", "/")),
    PrintColumn("办理时限", 5.8, fit=True),
    PrintColumn("办结情况", 7, ("办结日期", "办理结果/答复")),
    PrintColumn("档号", 7.5, _folded("归档（档号）")),
)
OUTGOING_PRINTED = (
    PrintColumn("发文字号", 7.5, _folded("发文字号")),
    PrintColumn("标题", 25),
    PrintColumn("文种", 3.6),
    PrintColumn("主送", 7),
    PrintColumn("签发人", 5),
    PrintColumn("签发日期", 5.8, fit=True),
    PrintColumn("密级", 4, _folded("密级")),
    PrintColumn("紧急程度", 3),
    PrintColumn("份数", 3, ("印制份数",)),
    PrintColumn("用印记录", 9.5, _one_per_line("用印记录", "；")),
    PrintColumn("状态", 5, ("状态", "作废原因", "历史补录")),
    PrintColumn("档号", 7.5, _folded("归档（档号）")),
)


def _columns(headers: tuple[tuple[str, int], ...]) -> list[Column]:
    return [Column(name, width) for name, width in headers]


def _span(query: ExportQuery) -> tuple[date | None, date | None, str]:
    """The period asked for: a date range, one year, or everything."""
    if query.date_from or query.date_to:
        text = f"{format_date(query.date_from) or '…'} 至 {format_date(query.date_to) or '…'}"
        return query.date_from, query.date_to, text
    if query.year:
        return date(query.year, 1, 1), date(query.year, 12, 31), f"{query.year}年度"
    return None, None, "全部"


def _incoming_where(query: ExportQuery) -> list[ColumnElement[bool]]:
    start, end, _ = _span(query)
    where = []
    if start:
        where.append(IncomingDoc.received_at >= local_midnight(start))
    if end:
        where.append(IncomingDoc.received_at < local_midnight(end + timedelta(days=1)))
    return where


def _trails(session: Session, where: list[ColumnElement[bool]]) -> tuple[dict, dict]:
    """传阅 and 催办 lines for the documents in range, read in two queries."""
    ids = select(IncomingDoc.id).where(*where)
    passes: dict[int, list[str]] = defaultdict(list)
    for c in session.scalars(
        select(Circulation).where(Circulation.incoming_id.in_(ids)).order_by(Circulation.sent_at)
    ):
        back = f"—{c.returned_at.astimezone():%m-%d}{c.outcome}" if c.returned_at else "（在阅）"
        passes[c.incoming_id].append(f"{c.holder} {c.sent_at.astimezone():%m-%d}{back}")
    chases: dict[int, list[str]] = defaultdict(list)
    for r in session.scalars(
        select(Reminder).where(Reminder.incoming_id.in_(ids)).order_by(Reminder.on)
    ):
        chases[r.incoming_id].append(
            f"{r.on:%m-%d}{r.means}{('：' + r.result) if r.result else ''}"
        )
    return passes, chases


# The register's columns as SQLite holds them: dates are ISO text already (what the sheet
# shows), so 100,000 rows stream as plain tuples with little left to do in Python. The
# nullable number and dates come back bare (the office server types them; _blank/_iso).
_REGISTER_SQL = """
SELECT d.id, coalesce(d.receipt_no, ''), d.received_at, d.sender, d.sender_doc_number, d.title,
  coalesce(d.doc_type, ''), d.secrecy, d.secrecy_years, coalesce(d.urgency, ''), d.copies,
  d.pages, d.attachments_note, d.issued_on, d.review_result,
  d.proposal,
  CASE WHEN d.instructed_by != '' THEN d.instruction || '（' || d.instructed_by || '）'
       ELSE d.instruction END,
  d.lead_dept, d.co_depts, d.handler, d.deadline, d.result,
  d.done_on, d.archive_code, d.historical
FROM incoming_docs d WHERE d.received_at >= ? AND d.received_at < ?
ORDER BY d.year, d.serial, d.id
"""


def _mark(historical: Any) -> str:
    return HISTORICAL if historical else ""


def _received_text(stored: str | datetime) -> str:
    moment = raw.from_utc_text(stored) if isinstance(stored, str) else stored.replace(tzinfo=UTC)
    return f"{moment.astimezone():%Y-%m-%d %H:%M}"


def _blank(value: Any) -> Any:
    return "" if value is None else value


def _iso(value: str | date | None) -> str:
    """SQLite holds a date as its ISO text, the office server as a date."""
    return "" if value is None else value if isinstance(value, str) else value.isoformat()


def _incoming_rows(session: Session, query: ExportQuery) -> Iterator[list[Any]]:
    """The register's rows, oldest 收文编号 first, with their 传阅 and 催办 lines."""
    start, end, _ = _span(query)
    passes, chases = _trails(session, _incoming_where(query))
    # Bounds stay date-shaped text: a bare '9999' would be taken as a number by the column's
    # NUMERIC affinity, and every stored text compares greater than any number.
    low = raw.utc_text(local_midnight(start)) if start else "0001-01-01"
    high = raw.utc_text(local_midnight(end + timedelta(days=1))) if end else "9999-12-31"
    for (doc_id, number, received, sender, doc_number, title, doc_type, secrecy, years, urgency,
         copies, pages, note, issued, review, proposal, instruction, lead, co, handler, deadline,
         result, done, archive, historical) in raw.execute(
            session, _REGISTER_SQL, (low, high)):  # fmt: skip
        yield [
            number, _received_text(received), sender, doc_number, title, doc_type,
            secrecy_marking(secrecy, years) if secrecy else "", urgency, copies, _blank(pages),
            note, _iso(issued), review, proposal, instruction,
            "/".join(t for t in (lead, co, handler) if t),
            _iso(deadline), "；".join(passes.get(doc_id, ())), "；".join(chases.get(doc_id, ())),
            result, _iso(done), archive, _mark(historical),
        ]  # fmt: skip


def incoming_register(session: Session, query: ExportQuery) -> ReportTable:
    _, _, period = _span(query)
    return ReportTable(
        title="收文登记簿",
        columns=_columns(INCOMING_HEADERS),
        rows=_incoming_rows(session, query),
        unit=settings.org_name(session),
        subtitle=settings.dated(period),
        printed=INCOMING_PRINTED,
    )


def _outgoing_rows(session: Session, query: ExportQuery) -> Iterator[list[Any]]:
    start, end, _ = _span(query)
    where = []
    if start:
        where.append(OutgoingDoc.registered_on >= start)
    if end:
        where.append(OutgoingDoc.registered_on <= end)
    stmt = select(OutgoingDoc).where(OutgoingDoc.number.is_not(None), *where)
    stmt = stmt.order_by(OutgoingDoc.year, OutgoingDoc.issuer_code, OutgoingDoc.number)
    seals = seal_records(session)
    for d in session.scalars(stmt.execution_options(yield_per=BATCH)):
        yield [
            d.doc_number or "",
            d.title,
            d.doc_type,
            "/".join(t for t in (d.draft_dept, d.drafter) if t),
            d.checker,
            d.signer,
            format_date(d.signed_on),
            d.reviewer,
            d.main_to,
            d.cc,
            secrecy_marking(d.secrecy, d.secrecy_years),
            d.urgency or "",
            d.print_copies or "",
            d.printed_by,
            format_date(d.printed_on),
            d.disclosure,
            d.attachments_note,
            "；".join(seals.get(d.id, ())),
            d.state,
            d.void_reason,
            d.archive_code,
            _mark(d.historical),
        ]


def outgoing_register(session: Session, query: ExportQuery) -> ReportTable:
    _, _, period = _span(query)
    return ReportTable(
        title="发文登记簿",
        columns=_columns(OUTGOING_HEADERS),
        rows=_outgoing_rows(session, query),
        unit=settings.org_name(session),
        subtitle=settings.dated(period),
        printed=OUTGOING_PRINTED,
    )


def _numbers(values: tuple[int, ...]) -> str:
    return "、".join(str(n) for n in values) or "无"


def gap_table(session: Session, query: ExportQuery) -> ReportTable:
    """断号/重号 report per 代字 per year."""
    start, end, _ = _span(query)
    year = query.year or (start.year if start and end and start.year == end.year else None)
    first, last = (start.year if start else 0), (end.year if end else 9999)
    found = [r for r in numbering.gap_report(session, year=year) if first <= r.year <= last]
    rows = [
        [
            r.code,
            r.year,
            r.last,
            r.used,
            _numbers(r.voided),
            _numbers(r.gaps),
            "、".join(r.duplicates) or "无",
        ]
        for r in found
    ]
    headers = (
        ("机关代字", 10),
        ("年度", 6),
        ("最大号", 6),
        ("已用", 6),
        ("作废号", 16),
        ("断号", 30),
        ("重号", 16),
    )
    return ReportTable(
        title="发文字号断号、重号情况",
        columns=_columns(headers),
        rows=rows,
        unit=settings.org_name(session),
        subtitle=_years_covered(year, [r.year for r in found]),
    )


def _years_covered(asked: int | None, years: list[int]) -> str:
    """The year asked for, else the years the report holds (2025—2026年度)."""
    if asked or len(set(years)) == 1:
        return f"{asked or years[0]}年度"
    return f"{min(years)}—{max(years)}年度" if years else "尚无发文编号"


def outgoing_export(session: Session, query: ExportQuery) -> ReportTable | list[ReportTable]:
    only = (query.options or {}).get("report")
    if only == "断号":
        return gap_table(session, query)
    return [outgoing_register(session, query), gap_table(session, query)]


TASK_HEADERS = (
    ("序号", 5),
    ("督办事项", 29),
    ("来源", 13),
    ("责任单位", 12),
    ("责任人", 6),
    ("交办日期", 10),
    ("办理时限", 10),
    ("最新进展/办结情况", 26),
    ("状态", 8),
    ("逾期天数", 8),  # four characters on one line, in Excel and in the pdf
)


# the PDF keeps every column; a 来源 "会议名 镇政常纪〔2026〕11号" puts its 文号 on lines of
# its own, broken before the 〔 only (it broke inside 镇政常纪)
_SOURCE_JOINT = re.compile(r" (?=[^\s〔]+〔)|(?=〔)")
TASK_PRINTED = tuple(
    PrintColumn(name, width, folded(name, _SOURCE_JOINT, every=True) if name == "来源" else ())
    for name, width in TASK_HEADERS
)
# An empty section still says so on paper, rather than a bare header row.
NONE_LINE = ["", "无", *[""] * (len(TASK_HEADERS) - 2)]
BULLETIN_SECTIONS = {
    "逾期": "一、逾期未办结事项",
    "办理中": "二、正在办理事项",
    "办结": "三、本周办结事项",
}


def task_bulletin(session: Session, query: ExportQuery) -> list[ReportTable]:
    """Weekly 督办通报 up to the period's end: overdue, in progress, done this week."""
    _, end, _ = _span(query)
    today = min(end, clock.today()) if end else clock.today()
    week_start = today - timedelta(days=6)
    stmt = select(SupervisionTask).where(SupervisionTask.assigned_on <= today)
    stmt = stmt.where((SupervisionTask.done_on.is_(None)) | (SupervisionTask.done_on >= week_start))
    groups: dict[str, list[tasks.TaskRow]] = {key: [] for key in BULLETIN_SECTIONS}
    for task in session.scalars(stmt.order_by(SupervisionTask.deadline, SupervisionTask.id)):
        row = tasks.to_row(task, today)
        done_by_end = row.done_on is not None and row.done_on <= today
        key = "办结" if done_by_end else ("逾期" if today > row.deadline else "办理中")
        groups[key].append(row)
    for rows in groups.values():  # each section lists its items source by source
        rows.sort(key=lambda r: (_source_rank(r.source_kind), r.source_text, r.deadline, r.id))
    notes = _latest_notes(session)
    unit = settings.org_name(session)
    return [
        ReportTable(
            title="督办通报",
            columns=_columns(TASK_HEADERS),
            rows=[_task_line(i, r, notes, today) for i, r in enumerate(rows, 1)] or [NONE_LINE],
            unit=unit,
            subtitle=f"{week_start:%Y年%m月%d日}至{today:%Y年%m月%d日}",
            heading=f"{BULLETIN_SECTIONS[key]}（共{len(rows)}项）",
            new_page=False,  # the sections run on one under another: most weeks fit a page
            printed=TASK_PRINTED,
        )
        for key, rows in groups.items()
    ] + [_by_source(groups, unit, week_start, today)]


def _source_rank(kind: str) -> int:
    return tasks.SOURCE_KINDS.index(kind) if kind in tasks.SOURCE_KINDS else len(tasks.SOURCE_KINDS)


def _tally(groups: dict[str, list[tasks.TaskRow]], name_of: Any) -> dict[Any, list[int]]:
    """name -> [逾期, 办理中, 本周办结] over the sections, for the rows name_of names."""
    counts: dict[Any, list[int]] = {}
    for column, key in enumerate(BULLETIN_SECTIONS):
        for row in groups[key]:
            name = name_of(row)
            if name is not None:
                counts.setdefault(name, [0, 0, 0])[column] += 1
    return counts


def _by_source(groups: dict[str, list[tasks.TaskRow]], unit: str, week_start: date,
               today: date) -> ReportTable:  # fmt: skip
    """四、按来源分类: each 来源 kind's counts; under 会议, each meeting on a line of its own
    (in the order they were held), so a meeting's 议定事项 are read together."""
    kinds = _tally(groups, lambda r: r.source_kind)
    meetings = _tally(groups, lambda r: (r.assigned_on, r.source_text)
                      if r.source_kind == "会议" and r.source_text else None)  # fmt: skip
    rows: list[list[Any]] = []
    for kind in sorted(kinds, key=_source_rank):
        rows.append([kind, *kinds[kind], sum(kinds[kind])])
        if kind == "会议":
            held = sorted(meetings, key=lambda k: k)
            rows += [[f"　其中：{text}", *meetings[(on, text)], sum(meetings[(on, text)])]
                     for on, text in held]  # fmt: skip
    return ReportTable(
        title="督办通报", columns=_columns(SOURCE_HEADERS), rows=rows or [["无", "", "", "", ""]],
        unit=unit, subtitle=f"{week_start:%Y年%m月%d日}至{today:%Y年%m月%d日}",
        heading="四、按来源分类", new_page=False, landscape=True,
    )  # fmt: skip


SOURCE_HEADERS = (("来源", 40), ("逾期", 8), ("办理中", 8), ("本周办结", 8), ("合计", 8))


def _latest_notes(session: Session) -> dict[int, str]:
    from app.models.filing import TaskNote

    latest: dict[int, str] = {}
    for note in session.scalars(select(TaskNote).order_by(TaskNote.on, TaskNote.id)):
        latest[note.task_id] = f"{note.on:%m-%d} {note.text}"
    return latest


def _task_line(i: int, r: tasks.TaskRow, notes: dict[int, str], today: date) -> list[Any]:
    progress = r.evidence if r.done_on and r.done_on <= today else notes.get(r.id, "")
    state = tasks.task_state(
        r.deadline, r.done_on if r.done_on and r.done_on <= today else None, today
    )
    late = max(0, ((r.done_on if r.done_on and r.done_on <= today else today) - r.deadline).days)
    return [
        i,
        r.matter,
        r.source,
        r.dept,
        r.person,
        format_date(r.assigned_on),
        format_date(r.deadline),
        progress,
        state,
        late or "",
    ]

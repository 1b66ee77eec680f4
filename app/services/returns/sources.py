"""The records of a register for a period, as the county returns are filled from them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from app import clock
from app.common.dates import parse_date
from app.services import registry
from app.services.errors import ValidationError
from app.services.registry import ExportQuery

# KIND -> (title, the field whose date places a record in a month). The rows are the
# register's own export for the period (masking and period rules included), so a return
# shows what the register's export shows.
KINDS: dict[str, tuple[str, str]] = {
    "incoming": ("收文登记簿", "签收时间"),
    "outgoing": ("发文登记簿", "签发日期"),
    "tasks": ("督办事项", "交办日期"),
    "seal-uses": ("用印登记簿", "日期时间"),
    "visits": ("来访登记簿", "登记日期"),
    "roster": ("值班表", "日期"),
    "duty-log": ("值班日志", "日期"),
    "archive-items": ("档案（归档文件）", "日期"),
}
MONTH, QUARTER, STATUS = "月份", "季度", "办结状态"
DONE, OPEN, LATE = "已办结", "在办", "逾期"
_MONTH_DAY = re.compile(r"(\d{1,2})月(\d{1,2})日")


@dataclass(frozen=True)
class Records:
    """One register's rows for the period: dicts keyed by its export's column headers,
    plus 月份 (1-12), 季度 (1-4) and 办结状态 (已办结/在办/逾期) where the register has one."""

    kind: str
    title: str
    fields: tuple[str, ...]
    rows: tuple[dict[str, Any], ...]


def kind_title(kind: str) -> str:
    if kind not in KINDS:
        raise ValidationError(f"不能用“{kind}”填表，可用的有：{'、'.join(KINDS)}")
    return KINDS[kind][0]


def load(session: Session, /, kind: str, query: ExportQuery) -> Records:
    """The register's rows for the query's year or date range."""
    title = kind_title(kind)
    if kind == "archive-items":
        fields, rows = _archive_rows(session, query)
    else:
        fields, rows = _export_rows(session, kind, query)
    date_field = KINDS[kind][1]
    year = query.year or (query.date_from.year if query.date_from else clock.today().year)
    for row in rows:
        _derive(kind, row, date_field, year)
    return Records(kind, title, (*fields, MONTH, QUARTER, STATUS), tuple(rows))


def _export_rows(session: Session, kind: str, query: ExportQuery) -> tuple[tuple[str, ...], list]:
    built = registry.EXPORTS[kind].build(session, query)
    tables = built if isinstance(built, list) else [built]
    if not tables:
        return (), []
    fields = tuple(column.header for column in tables[0].columns)
    # A register split in sections (督办通报: 逾期, 在办, 办结) is one list; a second kind
    # of table after it (来访月度统计) is not records.
    same = [t for t in tables if tuple(c.header for c in t.columns) == fields]
    rows = [dict(zip(fields, values, strict=False)) for t in same for values in t.rows]
    return fields, rows


def _archive_rows(session: Session, query: ExportQuery) -> tuple[tuple[str, ...], list]:
    from app.services.archives.queries import CatalogFilter, list_items
    from app.services.archives.vocab import period_name

    fields = ("档号", "年度", "保管期限", "机构", "件号", "文号", "责任者", "题名", "日期",
              "密级", "页数", "备注")  # fmt: skip
    years = _years(query)
    rows = []
    for year in years:
        for item in list_items(session, CatalogFilter(year=year, status="在库"), limit=10**7):
            values = (item.archive_code, item.year, period_name(item.period), item.org_code,
                      item.item_no, item.doc_no, item.author, item.title, item.doc_date,
                      item.secrecy, item.pages, item.note)  # fmt: skip
            rows.append(dict(zip(fields, values, strict=True)))
    return fields, rows


def _years(query: ExportQuery) -> range:
    if query.year is not None:
        return range(query.year, query.year + 1)
    first = query.date_from or clock.today()
    return range(first.year, (query.date_to or first).year + 1)


def _derive(kind: str, row: dict[str, Any], date_field: str, year: int) -> None:
    month = month_of(row.get(date_field), year)
    row[MONTH] = month
    row[QUARTER] = None if month is None else (month - 1) // 3 + 1
    row[STATUS] = status_of(kind, row)


def month_of(value: Any, year: int) -> int | None:
    """The month of a date cell; 值班日志 writes 11月21日 without its year."""
    day = parse_date(value)
    if day is not None:
        return day.month
    match = _MONTH_DAY.search(str(value or ""))
    return int(match[1]) if match else None


def status_of(kind: str, row: dict[str, Any]) -> str | None:
    """已办结, 在办 or 逾期 from the register's own 状态 or its dates."""
    if kind == "incoming":
        if row.get("办结日期"):
            return DONE
        due = parse_date(row.get("办理时限"))
        return LATE if due is not None and due < clock.today() else OPEN
    text = str(row.get("状态") or "")
    if not text:
        return None
    if "办结" in text and "未办结" not in text:
        return DONE
    return LATE if ("逾期" in text or "超期" in text) else OPEN


def period_text(query: ExportQuery) -> str:
    """统计时段 as a return states it."""
    if query.year is not None:
        return f"{query.year}年1月1日至{query.year}年12月31日"
    return f"{_cn(query.date_from)}至{_cn(query.date_to)}"


def _cn(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""

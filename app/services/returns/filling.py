"""Fill a county template from a register: plan the mapping, preview it, write the file."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app import clock
from app.reports import returns as book_io
from app.reports.reader import ReaderError
from app.services import settings
from app.services.context import Perm, acting
from app.services.errors import ValidationError
from app.services.registry import ExportQuery
from app.services.returns import memory, sources
from app.services.returns.labels import (
    ALL,
    IGNORE,
    TOTAL,
    Target,
    norm,
    parse_target,
    vocabulary,
)
from app.services.returns.recognise import CROSS, NUMBER, Plan, recognise
from app.services.returns.sources import MONTH, Records

REPORTER, PHONE = "returns.reporter", "returns.phone"  # 填报人 and 联系电话 of the returns
PERIOD_LABELS = ("统计时段", "统计时间", "统计期间", "报送时段")
# The chart's second series: counts by 类别, or by the register's nearest thing to one.
CHART_FIELD = {"visits": "类别", "incoming": "来文机关", "outgoing": "文种", "tasks": "办结状态",
               "seal-uses": "印章", "duty-log": "类型", "roster": "带班领导姓名",
               "archive-items": "保管期限"}  # fmt: skip


@dataclass(frozen=True)
class Filled:
    """What a fill did: rows or cells written, labels filled, labels left alone."""

    plan: Plan
    rows: int
    cells: int
    labels: tuple[str, ...]
    unmatched: tuple[str, ...]
    grid: tuple[tuple[Any, ...], ...]  # the filled sheet's top, for the preview
    charts: tuple[book_io.ChartData, ...]
    options: tuple[str, ...]  # what a label may be mapped to by hand (the window's drop-down)
    caveat: str = ""  # why the numbers may fall short of the register's (what the user sees)


def plan(session: Session, /, template: Path, kind: str, query: ExportQuery,
         chosen: dict[str, str] | None = None) -> Plan:  # fmt: skip
    """The template's shape and mapping: found, then remembered, then the clerk's choices."""
    records = sources.load(session, kind, query)
    return _plan(session, template, records, _open(template), chosen)


def _plan(session: Session, template: Path, records: Records, book: Any,
          chosen: dict[str, str] | None) -> Plan:  # fmt: skip
    found = recognise(template.name, book_io.sheet_grids(book), records, vocabulary(records))
    saved = memory.recall(session, found)
    if saved:
        found = found.with_mapping(saved)
    return found.with_mapping(chosen) if chosen else found


def _open(template: Path) -> Any:
    try:
        return book_io.open_book(template)
    except ReaderError as exc:
        raise ValidationError(exc.message) from exc


def fill(session: Session, /, template: Path, kind: str, query: ExportQuery,
         out: Path | None = None, chosen: dict[str, str] | None = None, *,
         chart: bool = True) -> Filled:  # fmt: skip
    """Fill the template (and save it to `out` when given: None is the preview)."""
    records = sources.load(session, kind, query)
    book = _open(template)
    found = _plan(session, template, records, book, chosen)
    sheet = book[found.sheet]
    labels = tuple(book_io.fill_labels(sheet, _label_values(session, query)))
    rows = cells = 0
    if found.shape == CROSS:
        cells = book_io.fill_cells(sheet, cross_counts(found, records))
    else:
        rows = book_io.fill_list(sheet, found.header_row, *_list_rows(found, records))
    charts = chart_data(records, query)
    if chart:
        book_io.add_chart_sheet(book, charts)
    grid = tuple(tuple(row) for row in book_io.values_grid(sheet))
    if out is not None:
        book_io.recalc_on_open(book)
        book_io.save_book(book, out)
    unmatched = tuple(f"{s.where}“{s.text}”{s.note}" for s in found.unmapped)
    options = _options(found, records)
    return Filled(found, rows, cells, labels, unmatched, grid, tuple(charts), options,
                  _caveat(session, kind))  # fmt: skip


def _caveat(session: Session, kind: str) -> str:
    """检举控告 cases stay hidden from who may not see them, in a return too: say so."""
    actor = acting(session)
    if kind != "visits" or actor is None or actor.can(Perm.VIEW_ACCUSATIONS):
        return ""
    return "检举控告类只计入您有权查看的件；上报的信访统计请由有查看检举控告权限的人员填写"


def _options(found: Plan, records: Records) -> tuple[str, ...]:
    if found.shape == CROSS:
        return tuple(vocabulary(records).choices())
    return (NUMBER, *(f for f in records.fields if f not in (NUMBER, sources.QUARTER)))


@dataclass(frozen=True)
class Contact:
    """填报人 and 联系电话 as the returns state them."""

    reporter: str
    phone: str


def contact(session: Session) -> Contact:
    """The kept 填报人, else the signed-in clerk; the command line's user@PC is no name for the
    county (as on the 节假日值班表): left blank to be written in by hand."""
    actor = acting(session)
    signed_in = actor.display_name if actor and actor.user_id is not None else ""
    reporter = settings.get(session, REPORTER, "") or signed_in
    return Contact(str(reporter), str(settings.get(session, PHONE, "") or ""))


def save_contact(session: Session, /, reporter: str, phone: str) -> None:
    """Kept for the next return; any user who fills returns may keep them."""
    settings.put(session, REPORTER, reporter.strip()[:40], check=False)
    settings.put(session, PHONE, phone.strip()[:40], check=False)


def _label_values(session: Session, query: ExportQuery) -> dict[str, str]:
    today = clock.today()
    who = contact(session)
    values = {"填报单位": settings.org_name(session),
              "填报日期": f"{today.year}年{today.month}月{today.day}日",
              "填报人": who.reporter, "联系电话": who.phone}  # fmt: skip
    return values | dict.fromkeys(PERIOD_LABELS, sources.period_text(query))


def _list_rows(plan: Plan, records: Records) -> tuple[dict[str, int], list[dict[str, Any]]]:
    columns = [s for s in plan.slots if s.target and s.target != IGNORE]
    at = {f"c{s.col}": s.col - 1 for s in columns}
    rows = []
    for number, record in enumerate(records.rows, start=1):
        rows.append({f"c{s.col}": number if s.target == NUMBER else _cell(record.get(s.target))
                     for s in columns})  # fmt: skip
    return at, rows


def _cell(value: Any) -> Any:
    return "" if value is None else value


# ---- cross tables ----------------------------------------------------------------------


def cross_counts(plan: Plan, records: Records) -> dict[tuple[int, int], int]:
    """Each cell's count of records with its row's and its column's values; 合计 sums."""
    heads = [(s.col, t) for s in plan.slots if s.axis == "列" and (t := parse_target(s.target))]
    sides = [(s.row, t) for s in plan.slots if s.axis == "行" and (t := parse_target(s.target))]
    counts: dict[tuple[int, int], int] = {}
    tallies: Tallies = {}
    for row, down in sides:
        for col, across in heads:
            if TOTAL not in (down.field, across.field):
                counts[(row, col)] = _count(records, down, across, tallies)
    for row, down in sides:
        for col, across in heads:
            if down.field == TOTAL or across.field == TOTAL:
                counts[(row, col)] = _total(counts, row, col, down, across, sides, heads)
    return counts


Tallies = dict[tuple[str, str], Counter[tuple[str, str]]]


def _count(records: Records, down: Target, across: Target, tallies: Tallies) -> int:
    """Counted once per pair of fields, then looked up by the pair of values."""
    fields = (down.field, across.field)
    if fields not in tallies:
        tallies[fields] = Counter((_value(r, down), _value(r, across)) for r in records.rows)
    wanted = (down.value if down.field != ALL else "", across.value if across.field != ALL else "")
    return tallies[fields][wanted]


def _value(row: dict[str, Any], target: Target) -> str:
    return "" if target.field == ALL else norm(row.get(target.field))


def _total(counts: dict[tuple[int, int], int], row: int, col: int, down: Target, across: Target,
           sides: list, heads: list) -> int:  # fmt: skip
    """合计 is the sum of the other counts of its row or column (both: of all of them)."""
    rows = [r for r, t in sides if t.field != TOTAL] if down.field == TOTAL else [row]
    cols = [c for c, t in heads if t.field != TOTAL] if across.field == TOTAL else [col]
    return sum(counts.get((r, c), 0) for r in rows for c in cols)


# ---- charts ----------------------------------------------------------------------------


def chart_data(records: Records, query: ExportQuery) -> list[book_io.ChartData]:
    """Monthly counts over the period, and counts by 类别 (or the register's like)."""
    months = Counter(row.get(MONTH) for row in records.rows if row.get(MONTH))
    span = _months(query)
    monthly = book_io.ChartData(f"{records.title}：按月件数", [f"{m}月" for m in span],
                                [months.get(m, 0) for m in span])  # fmt: skip
    field = CHART_FIELD.get(records.kind, "")
    by = Counter(str(row.get(field)) for row in records.rows if row.get(field))
    top = by.most_common(12)
    kinds = book_io.ChartData(f"{records.title}：按{field.replace('办结状态', '办理状态')}件数",
                              [name for name, _ in top], [n for _, n in top])  # fmt: skip
    return [monthly, kinds]


def _months(query: ExportQuery) -> list[int]:
    if query.year is not None or not (query.date_from and query.date_to):
        return list(range(1, 13))
    first, last = query.date_from, query.date_to
    count = (last.year - first.year) * 12 + last.month - first.month + 1
    return [((first.month - 1 + i) % 12) + 1 for i in range(min(count, 12))]


__all__ = ["PHONE", "REPORTER", "Filled", "fill", "plan"]

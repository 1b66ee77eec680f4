"""Every registered export's PDF: headers fit their columns; register short fields wrap whole."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

from sqlalchemy.orm import Session

from app.common.display import display_text
from app.reports.pdf import column_widths, wrap_lines
from app.reports.table import ReportTable, printed_layout
from app.services import registry
from app.services.filing import demo
from app.services.registry import ExportQuery
from app.services.seals import demo as seal_demo
from tests.conftest import Uow

# free text wraps wherever the column ends, like a sentence; every other field is a code,
# a name, a date or a count and must never leave a lone character on a line
FREE_TEXT = {"标题", "督办事项", "来源", "最新进展/办结情况", "办结情况", "主送", "作废号", "断号",
             "重号", "文件名称/文号"}  # fmt: skip
NUMBERS = {"收文编号", "来文字号", "发文字号", "档号", "用印编号", "登记编号", "文号", "纪要文号",
           "编号"}  # fmt: skip
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _tables(session: Session, names: list[str]) -> Iterator[tuple[str, ReportTable]]:
    for name in names:
        built = registry.EXPORTS[name].build(session, ExportQuery())
        yield from ((name, table) for table in (built if isinstance(built, list) else [built]))


def test_no_pdf_column_is_narrower_than_its_header(uow: Uow) -> None:
    cramped = []
    with uow() as session:
        for name, table in _tables(session, sorted(registry.EXPORTS)):
            for header, width in column_widths(table):
                lines = wrap_lines(header, width, heading=True)
                if len(lines) > 2 or min(len(line) for line in lines) < 2:
                    cramped.append((name, table.title, header, lines))
    assert cramped == []


def test_registers_wrap_short_fields_whole(uow: Uow) -> None:
    with uow() as session:
        demo.fill_filing(session, 150, random.Random(7))
        seal_demo.fill(session, 150, random.Random(7))
    broken = []
    with uow() as session:
        for name, table in _tables(session, ["incoming", "outgoing", "tasks", "seal-uses"]):
            widths = column_widths(table)
            _, pick = printed_layout(table)
            for row in table.rows:
                for (header, width), value in zip(widths, pick(row), strict=True):
                    text = display_text(value)
                    lines = wrap_lines(text, width)
                    lone = header not in FREE_TEXT and min(len(line) for line in lines) < 2
                    split_day = any(all(day not in line for line in lines)
                                    for day in DAY.findall(text))  # fmt: skip
                    if len(lines) > 1 and (lone or split_day):
                        broken.append((name, header, tuple(lines)))
    assert sorted(set(broken)) == []


def test_no_number_wraps_inside_itself_in_any_pdf(uow: Uow) -> None:
    """Issue 15: "收〔2026〕1号" printed as "收〔2026〕" over "1号" in the registers' PDFs.

    Every 文号 and 编号 column of every export is as wide as its longest line."""
    rng = random.Random(7)
    for _module, fill in registry.DEMOS:
        with uow() as session:
            fill(session, 150, rng)
    broken, seen = [], set()
    with uow() as session:
        for year in (None, 2025, 2026):
            for name in sorted(registry.EXPORTS):
                query = ExportQuery(year=year)
                for _, table in _tables_of(session, name, query):
                    widths = column_widths(table)
                    columns, pick = printed_layout(table)
                    numbers = [i for i, c in enumerate(columns) if c.header in NUMBERS]
                    for row in table.rows:
                        cells = pick(row)
                        for i in numbers:
                            seen.add(columns[i].header)
                            for line in display_text(cells[i]).split("\n"):
                                if len(wrap_lines(line, widths[i][1])) > 1:
                                    broken.append((name, columns[i].header, line))
    assert broken == []
    assert NUMBERS - {"编号"} <= seen


def _tables_of(session: Session, name: str, query: ExportQuery) -> list[tuple[str, ReportTable]]:
    try:
        built = registry.EXPORTS[name].build(session, query)
    except ValueError:  # an export refusing an empty year, as it should
        return []
    return [(name, table) for table in (built if isinstance(built, list) else [built])]


REGISTERS = ["incoming", "outgoing", "seal-uses", "visits", "duty-log", "roster", "meetings",
             "decisions", "archive-loans"]  # fmt: skip


def test_every_printed_register_states_its_period_and_its_date(uow: Uow) -> None:
    """Issue 15: 会议登记簿, 议定事项落实情况表 and 档案借阅登记簿 gave no 填报日期."""
    undated = []
    with uow() as session:
        for name in REGISTERS:
            table = _tables_of(session, name, ExportQuery(year=2026))[0][1]
            period = "2026年" in table.subtitle or "2026年" in table.title
            if not (period and table.subtitle.endswith("填报日期：2026年11月30日")):
                undated.append((name, table.title, table.subtitle))
    assert undated == []


def test_a_bulletin_source_keeps_its_number_whole(uow: Uow) -> None:
    """Issue 15: the 督办通报 broke a meeting's 纪要 number as 镇政常 / 纪〔2026〕11号."""
    rng = random.Random(7)
    for _module, fill in registry.DEMOS:
        with uow() as session:
            fill(session, 150, rng)
    broken, numbers = [], 0
    with uow() as session:
        for _, table in _tables_of(session, "tasks", ExportQuery()):
            widths = dict(column_widths(table))
            if "来源" not in widths or "序号" not in widths:
                continue
            _, pick = printed_layout(table)
            at = [c.header for c in printed_layout(table)[0]].index("来源")
            for row in table.rows:
                lines = display_text(pick(row)[at]).split("\n")
                if len(lines) < 2 or not lines[-1].startswith("〔"):
                    continue
                numbers += 1
                for line in lines[-2:]:  # the issuer's 代字 and 〔2026〕11号
                    if len(wrap_lines(line, widths["来源"])) > 1:
                        broken.append(line)
    assert numbers and broken == []

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

"""Write ReportTables to an .xlsx workbook: one sheet each, titled, bordered, ready to print."""

from __future__ import annotations

import re
from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from decimal import Decimal
from itertools import islice
from pathlib import Path
from typing import Any

from app.reports.cells import put_text
from app.reports.table import Column, Cover, ReportTable, RowMap, paper_fields, printed_layout

_NATIVE = frozenset({str, int, float, date, Decimal, time})
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


def as_tables(tables: ReportTable | Sequence[ReportTable]) -> list[ReportTable]:
    """One table or several as a list; ValueError when there is nothing to write."""
    found = [tables] if isinstance(tables, ReportTable) else list(tables)
    if not found:
        raise ValueError("没有要导出的表格")
    return found


def write_xlsx(tables: ReportTable | Sequence[ReportTable], path: Path | str) -> int:
    """Write each table to its own sheet; return the number of body rows written."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    used: set[str] = set()
    total = 0
    for table in as_tables(tables):
        if table.cover is not None:
            _write_cover(book.create_sheet(_sheet_title("封面", used)), table.cover, _Styles())
        sheet = book.create_sheet(_sheet_title(table.caption, used))
        total += _write_sheet(sheet, table, _Styles())
    book.save(str(path))
    return total


class _Styles:
    """The few named looks the sheet uses, built once per sheet."""

    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        thin = Side(style="thin", color="000000")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.title_font = Font(name="宋体", size=16, bold=True)
        self.bold = Font(name="宋体", size=11, bold=True)
        self.body = Font(name="宋体", size=11)  # the body in 宋体 too, like a paper register
        self.fill = PatternFill("solid", fgColor="E7E6E6")
        self.center = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.left = Alignment(horizontal="left", vertical="center")
        self.wrap = Alignment(vertical="center", wrap_text=True)
        self.one_line = Alignment(vertical="center")  # a date or a moment, never broken


def _write_cover(sheet: Any, cover: Cover, st: _Styles) -> None:
    """A cover sheet: the title, then one 标签 | 值 row per field, then the unit."""
    sheet.page_setup.paperSize = 9
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 40
    sheet.append([_cell(sheet, cover.title, font=st.title_font, align=st.center)])
    sheet.merged_cells.add("A1:B1")
    sheet.append([])
    for label, value in cover.fields:
        sheet.append([_cell(sheet, label, font=st.bold, border=st.border),
                      _cell(sheet, value, border=st.border)])  # fmt: skip
    if cover.unit:
        sheet.append([])
        sheet.append([_cell(sheet, cover.unit, align=st.center)])


# Excel width units (a digit; a CJK character is two) that still print readably when the
# sheet is shrunk to one A4 landscape page wide (about 146 units at 100 %)
READABLE_WIDTH = 200


@dataclass(frozen=True)
class _Plan:
    """The sheet's columns in order: the paper register first (the print area), then the
    rest, kept in the sheet but not printed."""

    columns: list[Column]
    order: list[int]  # the (extended) row's index of each sheet column
    span: int  # how many columns, from A, are printed
    extend: RowMap | None = None  # a row with the printed cells put before its fields

    @property
    def last(self) -> str:
        from openpyxl.utils import get_column_letter

        return get_column_letter(max(1, self.span))


def _plan(table: ReportTable) -> _Plan:
    """The paper register's own fields first when they fit the page readably; else its
    printed columns (a 信访人 cell of name, 证件号 and 电话, as in the PDF), then every field."""
    names = [column.header for column in table.columns]
    first = [names.index(name) for name in paper_fields(table) if name in names]
    if sum(table.columns[i].width + 2 for i in first) <= READABLE_WIDTH:
        order = first + [index for index in range(len(names)) if index not in first]
        return _Plan([table.columns[i] for i in order], order, len(first) or len(names))
    printed, pick = printed_layout(table)
    shown = [replace(c, width=c.width * 2 - 1) for c in printed]  # 9-point characters
    columns = [*shown, *table.columns]
    return _Plan(columns, list(range(len(columns))), len(shown), lambda row: [*pick(row), *row])


def _write_sheet(sheet: Any, table: ReportTable, st: _Styles) -> int:
    from openpyxl.utils import get_column_letter

    plan = _plan(table)
    # Read the rows before the sheet is opened: a cancelled export raises out of the rows,
    # and openpyxl's write-only sheet half-written then fails again when collected.
    rows = list(table.rows)
    if plan.extend is not None:
        rows = [plan.extend(row) for row in rows]
    moments = [_moment_width(at, rows) for at in plan.order]
    widths = [
        max(_width(column, at, rows), moment + 2 if moment else 0)
        for column, at, moment in zip(plan.columns, plan.order, moments, strict=True)
    ]
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    subtitle = "    ".join(
        part
        for part in (f"{table.unit_label}：{table.unit}" if table.unit else "", table.subtitle)
        if part
    )
    header_row = 3 if subtitle else 2
    end = header_row + len(rows) + len(table.footer_lines)
    _setup_print(sheet, table, header_row)  # write-only sheets write their views first
    if plan.span < len(plan.columns):
        sheet.print_area = f"A1:{plan.last}{end}"
    _write_heading(sheet, table, plan, st, (subtitle, header_row))
    count = 0
    body = _BodyRow(sheet, st, widths, plan, [bool(m) for m in moments])
    # Every row bordered, wrapped and sized, however long the list: a printed register
    # whose borders stop at row 2,000 is no register.
    for count, values in enumerate(rows, 1):
        body.append(values, header_row + count)
    for row_no, line in enumerate(table.footer_lines, header_row + count + 1):
        sheet.append([_cell(sheet, line, align=st.left)])
        sheet.merged_cells.add(f"A{row_no}:{plan.last}{row_no}")
    return count


def _width(column: Column, at: int, rows: list[Sequence[Any]]) -> float:
    """A 文号 or 编号 column as wide as its longest line (within reason), the others as set."""
    if not column.fits:
        return column.width + 2
    texts = (row[at] for row in rows if at < len(row) and isinstance(row[at], str))
    longest = max((_units(line) for text in texts for line in text.split("\n")), default=0)
    return max(column.width, min(longest + 1, 40)) + 2


# a date or a moment as the registers write them (2026-01-02, 2026-01-02 16:32)
_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}( \d{1,2}:\d{2}(:\d{2})?)?")
_SHOWN = {datetime: 19, date: 10, time: 8}  # openpyxl's formats: yyyy-mm-dd h:mm:ss …
MOMENT_SAMPLE = 50  # a column's first values decide whether it holds dates


def _moment_width(at: int, rows: list[Sequence[Any]]) -> int:
    """How wide a column of dates or moments must be so that none wraps at its space (as
    LibreOffice printed 签收时间); 0 for a column of anything else."""
    values = (row[at] for row in rows if at < len(row) and row[at] not in (None, ""))
    sample = list(islice(values, MOMENT_SAMPLE))
    widths = [_moment_units(value) for value in sample]
    return max(widths) if widths and all(widths) else 0


def _moment_units(value: Any) -> int:
    if isinstance(value, str):
        return len(value) if _MOMENT.fullmatch(value) else 0
    return next((n for kind, n in _SHOWN.items() if isinstance(value, kind)), 0)


def _write_heading(
    sheet: Any, table: ReportTable, plan: _Plan, st: _Styles, under: tuple[str, int]
) -> None:
    """Title row, optional unit/subtitle row (over the printed columns), then the header
    row at row `at`."""
    subtitle, at = under
    last = plan.last
    sheet.row_dimensions[1].height = 32
    sheet.append([_cell(sheet, table.caption, font=st.title_font, align=st.center)])
    sheet.merged_cells.add(f"A1:{last}1")
    if subtitle:
        sheet.append([_cell(sheet, subtitle, align=st.left)])
        sheet.merged_cells.add(f"A2:{last}2")
    sheet.row_dimensions[at].height = 24
    sheet.append(
        [
            _cell(
                sheet, column.header, font=st.bold, align=st.center, border=st.border, fill=st.fill
            )
            for column in plan.columns
        ]
    )


def _setup_print(sheet: Any, table: ReportTable, header_row: int) -> None:
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.page_setup.paperSize = 9  # A4
    sheet.page_setup.orientation = "landscape" if table.landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.print_options.gridLines = True  # cells a row left empty still print their lines
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.oddFooter.center.text = "第 &P 页 共 &N 页"
    sheet.page_margins.left = sheet.page_margins.right = 0.5


def _cell(sheet: Any, value: Any, **style: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell

    cell = put_text(WriteOnlyCell(sheet), _plain(value))
    for name, look in style.items():
        if look is not None:
            setattr(cell, "alignment" if name == "align" else name, look)
    return cell


class _BodyRow:
    """Body rows written through one styled cell per column, reused row after row.

    A write-only sheet serialises each row inside append(), so a cell may take the next
    row's value at once; its style is set (and looked up in the workbook's style tables)
    once per column instead of three times per cell, which made styling cost ~5x the
    values themselves."""

    def __init__(self, sheet: Any, st: _Styles, widths: list[float], plan: _Plan,
                 moments: list[bool]) -> None:  # fmt: skip
        self.sheet = sheet
        self.order, self.span = plan.order, plan.span
        self.cells = [
            _cell(sheet, None, border=st.border, align=st.one_line if moment else st.wrap,
                  font=st.body)
            for moment in moments
        ]  # fmt: skip
        self.plain = [copy(cell._style) for cell in self.cells]
        self.room = [max(1, int(width) - 1) for width in widths]

    def append(self, values: Sequence[Any], row_no: int) -> None:
        """Write one row; Excel does not grow wrapped rows on opening, so size it here."""
        cells, order = self.cells, self.order
        while len(cells) < len(values):  # a row wider than the header keeps the look
            cells.append(_cell(self.sheet, None, border=cells[0].border,
                               align=cells[0].alignment, font=cells[0].font))  # fmt: skip
            self.plain.append(copy(cells[0]._style))
            self.room.append(10)
            order.append(len(order))
        lines = 1
        for index, cell in enumerate(cells):  # a short row's last cells left empty, bordered
            at = order[index]
            value = _plain(values[at]) if at < len(values) else None
            # openpyxl gives a date its format by changing the cell's style in place, and
            # the workbook keeps the style it first saw, not a copy: a dated cell gets a
            # style of its own, and the next value in the column starts from the plain one
            if cell._style.numFmtId or isinstance(value, date | time):
                cell._style = copy(self.plain[index])
            put_text(cell, value)
            if isinstance(cell.value, str) and index < self.span:  # the printed rows' heights
                lines = max(lines, _lines(cell.value, self.room[index]))
        if lines > 1:
            self.sheet.row_dimensions[row_no].height = 14.5 * lines + 2
        self.sheet.append(cells)


def _plain(value: Any) -> Any:
    """A value openpyxl can store: Excel has no time zones, so local wall-clock time."""
    if value is None or type(value) in _NATIVE:
        return value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return value.astimezone().replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, date | int | float | str):
        return value
    return str(value)


def _lines(text: str, room: int) -> int:
    """Lines a wrapped cell needs when a line holds `room` units (a CJK character is two).

    The units come from the UTF-8 length (a CJK character is 3 bytes, ASCII 1) so that a
    row costs no Python loop over its characters."""
    return sum(max(1, -(-_units(part) // room)) for part in text.split("\n"))


def _units(text: str) -> int:
    return len(text) + (len(text.encode("utf-8", "replace")) - len(text)) // 2


def _sheet_title(title: str, used: set[str]) -> str:
    base = _BAD_TITLE.sub("", title).strip()[:28] or "Sheet"
    name, n = base, 1
    while name in used:
        n += 1
        name = f"{base[:25]}({n})"
    used.add(name)
    return name

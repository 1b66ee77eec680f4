"""Fill a county's own .xlsx template: rows under its header, values beside its labels."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from copy import copy
from datetime import date, datetime
from pathlib import Path
from typing import Any

from app.reports.cells import put_text
from app.reports.header import Columns, Header, filled, find_header, key, normalise
from app.reports.reader import ReaderError

# The template keeps its title rows, fonts, borders, column widths and print setup. When the
# rows outnumber the template's blank data rows, rows are inserted and styled like the first
# data row; merged ranges, row heights and the print area below move down with them. Formulas
# below the inserted rows are not rewritten (openpyxl does not), so a 合计 formula in the
# template must be checked by hand or left to the caller.
_DATE_FORMAT = "yyyy-mm-dd"

# The shipped sample (resources/templates/make_samples.py builds it) and its header words.
HOLIDAY_DUTY_TEMPLATE = "节假日值班表.xlsx"
HOLIDAY_DUTY_COLUMNS: Columns = {
    "日期": ("日期", "值班日期"),
    "星期": ("星期",),
    "带班领导": ("带班领导姓名", "带班领导"),
    "带班领导职务": ("带班领导职务", "职务"),
    "带班领导手机": ("带班领导手机", "带班领导电话"),
    "值班人员": ("值班人员姓名", "值班人员"),
    "值班人员手机": ("值班人员手机", "值班人员电话"),
    "值班电话": ("值班电话", "值班室电话"),
    "传真": ("传真",),
    "备注": ("备注",),
}
HOLIDAY_DUTY_LABELS = ("填报单位", "填报日期", "填报人", "联系电话", "审核人")


def sample_template(name: str = HOLIDAY_DUTY_TEMPLATE) -> Path:
    """A template shipped in resources/templates/."""
    from app.config import resource_root

    return resource_root() / "templates" / name


_BLANKS = r"[\s_＿]*"  # what a template leaves after 填报人： for the value


def fill_template(
    template: Path | str,
    out: Path | str,
    columns: Columns,
    rows: Sequence[dict[str, Any]],
    labels: dict[str, str] | None = None,
) -> int:
    """Write `rows` (dicts keyed like `columns`) and `labels` into a copy of `template`."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(template)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        raise ReaderError(f"无法打开模板 {Path(template).name}：不是 .xlsx 文件或已损坏") from exc
    sheet, header = _sheet_with_header(book, columns, Path(template).name)
    for label, value in (labels or {}).items():
        fill_label(sheet, label, value)
    write_rows(sheet, header, rows)
    _one_page_wide(sheet)
    book.save(str(out))
    return len(rows)


def _sheet_with_header(book: Any, columns: Columns, name: str) -> tuple[Any, Header]:
    for sheet in book.worksheets:
        found = find_header(_top_grid(sheet), columns)
        if isinstance(found, Header):
            return sheet, found
    raise ReaderError(f"模板 {name} 中找不到表头（{'、'.join(columns)}）")


def _top_grid(sheet: Any, depth: int = 16) -> list[list[Any]]:
    """The first rows' values, merged cells filled, as the header finder reads them."""
    width = sheet.max_column
    grid = [[sheet.cell(r, c).value for c in range(1, width + 1)] for r in range(1, depth + 1)]
    for merged in sheet.merged_cells.ranges:
        if merged.min_row > depth:
            continue
        value = grid[merged.min_row - 1][merged.min_col - 1]
        for r in range(merged.min_row, min(merged.max_row, depth) + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                grid[r - 1][c - 1] = value
    return grid


def template_notes(template: Path | str) -> list[str]:
    """The 注 lines a template prints under its table, for a PDF that matches it ([] when
    the template cannot be read: the xlsx export says why)."""
    return [text for text in _texts(template) if re.match(r"注[:：]", text)]


def template_title(template: Path | str) -> str:
    """The title a template prints above its table (节假日值班安排表): the first text of its
    first rows that is not a 填报单位：/填报日期： label; "" when it has none."""
    return next((t for t in _texts(template, max_row=3) if not re.search("[:：]", t)), "")


def _texts(template: Path | str, max_row: int | None = None) -> list[str]:
    """The template's texts in reading order (the first sheet's first rows, or every sheet
    whole); [] when it cannot be read."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(template, read_only=True)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile):
        return []
    try:
        sheets = book.worksheets if max_row is None else book.worksheets[:1]
        return [
            value.strip()
            for sheet in sheets
            for row in sheet.iter_rows(max_row=max_row, values_only=True)
            for value in row
            if isinstance(value, str) and value.strip()
        ]
    finally:
        book.close()


# ---- labels ----------------------------------------------------------------------------


def fill_label(sheet: Any, label: str, value: str) -> bool:
    """Put `value` after the label's colon, or in the cell right of a label-only cell."""
    pattern = re.compile(rf"({re.escape(label)}\s*(?:[（(][^）)]*[）)])?\s*[:：]){_BLANKS}")
    for row in sheet.iter_rows():
        for cell in row:
            if not isinstance(cell.value, str) or label not in normalise(cell.value):
                continue
            text = cell.value
            if key(normalise(text).rstrip(":")) == label and _fill_right(sheet, cell, value):
                return True
            filled_text, done = pattern.subn(lambda m: f"{m[1]}{value}  ", text, 1)
            if done:
                put_text(cell, filled_text.rstrip())
                return True
    return False


def _fill_right(sheet: Any, cell: Any, value: str) -> bool:
    """The blank cell right of a one-cell label; a label merged wide takes its value inside."""
    if any(cell.coordinate in merged for merged in sheet.merged_cells.ranges):
        return False
    target = sheet.cell(cell.row, cell.column + 1)
    if filled(target.value) or is_merged(target):
        return False
    put_text(target, value)
    return True


# ---- rows ------------------------------------------------------------------------------


def write_rows(sheet: Any, header: Header, rows: Sequence[dict[str, Any]]) -> None:
    """The rows under the header, by header name: into the template's blank rows, then into
    rows inserted below them, styled alike."""
    first = header.last_row + 2  # 1-based: the row under the header
    room = blank_rows(sheet, first, header)
    if len(rows) > room:
        # Below the template's blank rows, styled like its first one (or like the header).
        _insert_styled(sheet, first + room, len(rows) - room, first if room else first - 1)
        if not room:
            _unheader(sheet, range(first, first + len(rows)))
    for offset, values in enumerate(rows):
        for name, column in header.at.items():
            if name in values:
                put_value(sheet.cell(first + offset, column + 1), values[name])


def blank_rows(sheet: Any, first: int, header: Header) -> int:
    """How many rows under the header the template left blank for data."""
    count = 0
    for row in range(first, sheet.max_row + 1):
        cells = [sheet.cell(row, column + 1).value for column in header.at.values()]
        if any(filled(v) for v in cells) or _is_label_row(sheet, row):
            break
        count += 1
    return count


def _is_label_row(sheet: Any, row: int) -> bool:
    return any(
        isinstance(cell.value, str) and re.search(r"[:：]|合计|小计", cell.value)
        for cell in sheet[row]
    )


def put_value(cell: Any, value: Any) -> None:
    """One value into a template's cell: text stays text, a date gets a date format, a
    moment is local time, and a merged cell (whose value its top-left cell holds) is left."""
    if is_merged(cell):
        return  # a merged cell's value lives in its top-left cell
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.astimezone().replace(tzinfo=None)
    put_text(cell, value)
    if isinstance(value, date) and cell.number_format == "General":
        cell.number_format = _DATE_FORMAT


def _insert_styled(sheet: Any, at: int, count: int, style_row: int) -> None:
    """Insert `count` rows before row `at`, styled like `style_row`; move what lies below."""
    below = [m for m in sheet.merged_cells.ranges if m.min_row >= at]
    for merged in below:
        sheet.merged_cells.remove(merged)
    heights = {r: d.height for r, d in sheet.row_dimensions.items() if r >= at and d.height}
    sheet.insert_rows(at, count)
    for merged in below:
        merged.shift(0, count)
        sheet.merged_cells.add(merged)
    for row, height in heights.items():
        sheet.row_dimensions[row].height = None
        sheet.row_dimensions[row + count].height = height
    _copy_row_style(sheet, style_row, range(at, at + count))
    _shift_print_area(sheet, at, count)


def _copy_row_style(sheet: Any, source: int, targets: range) -> None:
    width = sheet.max_column
    spans = [m for m in sheet.merged_cells.ranges if m.min_row == m.max_row == source]
    height = sheet.row_dimensions[source].height
    for row in targets:
        for column in range(1, width + 1):
            original = sheet.cell(source, column)
            if original.has_style:
                sheet.cell(row, column)._style = copy(original._style)
        for span in spans:
            sheet.merge_cells(
                start_row=row, end_row=row, start_column=span.min_col, end_column=span.max_col
            )
        if height:
            sheet.row_dimensions[row].height = height


def _unheader(sheet: Any, rows: range) -> None:
    """Rows styled from the header keep its borders but not its bold face and shading."""
    from openpyxl.styles import PatternFill

    for row in rows:
        for cell in sheet[row]:
            font = copy(cell.font)
            font.b = False
            cell.font = font
            cell.fill = PatternFill()


def _shift_print_area(sheet: Any, at: int, count: int) -> None:
    area = sheet.print_area
    if not area:
        return
    match = re.fullmatch(
        r"(?:.*!)?\$?([A-Z]+)\$?(\d+):\$?([A-Z]+)\$?(\d+)", str(area).split(",")[0]
    )
    if match and int(match[4]) >= at:
        sheet.print_area = f"{match[1]}{match[2]}:{match[3]}{int(match[4]) + count}"


def _one_page_wide(sheet: Any) -> None:
    """A template that sets no print scale of its own prints one page wide: printed at
    100 % its last columns and the 填报日期 ran off the page, the title off-centre."""
    from openpyxl.worksheet.properties import PageSetupProperties

    setup, props = sheet.page_setup, sheet.sheet_properties
    if props.pageSetUpPr is None:
        props.pageSetUpPr = PageSetupProperties()
    if props.pageSetUpPr.fitToPage or setup.scale not in (None, 100):
        return
    props.pageSetUpPr.fitToPage = True
    setup.fitToWidth, setup.fitToHeight = 1, 0


def is_merged(cell: Any) -> bool:
    """A cell inside a merged range other than its top-left one (it holds no value)."""
    # Imported here: the duty module loads this file at start-up, openpyxl only on use.
    from openpyxl.cell.cell import MergedCell

    return isinstance(cell, MergedCell)

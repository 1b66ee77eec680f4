"""A county's own return workbook: read its grid, fill list rows or cross-table counts, chart."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.reports.cells import put_text
from app.reports.header import Header, filled
from app.reports.reader import ReaderError

# The list filling is the 值班表's own (blank rows first, styled rows inserted above the footer).
from app.reports.template import blank_rows, fill_label, is_merged, put_value, write_rows

# A county template is a page or two: its labels never sit further down or right than this,
# and a stray cell at XFD1048576 must not make the scan read a million rows.
SCAN_ROWS, SCAN_COLUMNS = 400, 60
_SUM = re.compile(r"([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)")


@dataclass(frozen=True)
class SheetGrid:
    """One sheet's values (formulas as their text, merged cells filled), row 0 = row 1."""

    name: str
    grid: list[list[Any]]
    formulas: frozenset[tuple[int, int]]  # 1-based (row, column) of formula cells
    # 1-based cells inside a merged range other than its top-left -> that top-left cell
    merged_from: dict[tuple[int, int], tuple[int, int]]


@dataclass(frozen=True)
class ChartData:
    """A bar chart: a title, category names and their counts."""

    title: str
    categories: Sequence[str]
    counts: Sequence[int]


def open_book(path: Path | str) -> Any:
    """The template as an openpyxl workbook; a file that is no .xlsx is a ReaderError."""
    import openpyxl

    try:
        return openpyxl.load_workbook(path)
    except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile) as exc:
        raise ReaderError(f"无法打开模板 {Path(path).name}：不是 .xlsx 文件或已损坏") from exc


def sheet_grids(book: Any) -> list[SheetGrid]:
    """Every worksheet's top-left part as text the recogniser reads."""
    return [_grid(sheet) for sheet in book.worksheets]


def _grid(sheet: Any) -> SheetGrid:
    rows = min(sheet.max_row, SCAN_ROWS)
    width = min(sheet.max_column, SCAN_COLUMNS)
    grid = [[sheet.cell(r, c).value for c in range(1, width + 1)] for r in range(1, rows + 1)]
    formulas = frozenset(
        (r + 1, c + 1)
        for r, row in enumerate(grid)
        for c, value in enumerate(row)
        if isinstance(value, str) and value.startswith("=")
    )
    merged_from: dict[tuple[int, int], tuple[int, int]] = {}
    for merged in sheet.merged_cells.ranges:
        if merged.min_row > rows or merged.min_col > width:
            continue
        top = (merged.min_row, merged.min_col)
        value = grid[top[0] - 1][top[1] - 1]
        for r in range(merged.min_row, min(merged.max_row, rows) + 1):
            for c in range(merged.min_col, min(merged.max_col, width) + 1):
                grid[r - 1][c - 1] = value
                if (r, c) != top:
                    merged_from[(r, c)] = top
    return SheetGrid(sheet.title, grid, formulas, merged_from)


def fill_labels(sheet: Any, labels: dict[str, str]) -> list[str]:
    """Values after 填报单位： and the like; the labels found and filled."""
    return [label for label, value in labels.items() if value and fill_label(sheet, label, value)]


def fill_list(sheet: Any, header_row: int, at: dict[str, int], rows: Sequence[dict]) -> int:
    """Rows under the header (header_row 1-based; at: key -> 0-based column; rows keyed alike).

    The template's blank rows are used first; more rows are inserted above its footer,
    styled like its first data row, and a =SUM over the data below is widened to them."""
    first = header_row + 1
    before = _data_end(sheet, first, at)
    write_rows(sheet, Header(header_row - 1, at), rows)
    _widen_sums(sheet, first, before, max(0, len(rows) - (before - first + 1)))
    return len(rows)


def _data_end(sheet: Any, first: int, at: dict[str, int]) -> int:
    """The last blank data row the template leaves (first - 1 when none)."""
    return first - 1 + blank_rows(sheet, first, Header(first - 2, at))


def _widen_sums(sheet: Any, first: int, last: int, added: int) -> None:
    """A =SUM(D5:D11) over the template's data rows also covers the rows inserted after D11."""
    if added <= 0:
        return

    def widen(match: re.Match[str]) -> str:
        start, end = int(match[2]), int(match[4])
        if first <= start <= end == last:
            return f"{match[1]}{start}:{match[3]}{end + added}"
        return match[0]

    for row in sheet.iter_rows(min_row=last + added + 1):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.value = _SUM.sub(widen, cell.value)


def fill_cells(sheet: Any, values: dict[tuple[int, int], Any]) -> int:
    """Counts into their cells (1-based); formula and merged-away cells are left alone."""
    written = 0
    for (row, column), value in values.items():
        cell = sheet.cell(row, column)
        if is_merged(cell) or cell.data_type == "f":  # =SUM text or an array formula
            continue
        put_value(cell, value)
        written += 1
    return written


def add_chart_sheet(book: Any, charts: Sequence[ChartData], title: str = "统计图") -> None:
    """A sheet with each chart's numbers and a native bar chart beside them (Excel, WPS)."""
    from openpyxl.chart import BarChart, Reference

    charts = [chart for chart in charts if chart.categories]
    if not charts:
        return
    sheet = book.create_sheet(_free_title(book, title))
    row = 1
    for chart in charts:
        put_text(sheet.cell(row, 1), chart.title)
        put_text(sheet.cell(row + 1, 1), "项目")
        put_text(sheet.cell(row + 1, 2), "件数")
        for offset, (name, count) in enumerate(zip(chart.categories, chart.counts, strict=True)):
            put_text(sheet.cell(row + 2 + offset, 1), str(name))
            sheet.cell(row + 2 + offset, 2).value = int(count)
        last = row + 1 + len(chart.categories)
        bar = BarChart()
        bar.title, bar.y_axis.title, bar.legend = chart.title, "件数", None
        bar.add_data(
            Reference(sheet, min_col=2, min_row=row + 1, max_row=last), titles_from_data=True
        )
        bar.set_categories(Reference(sheet, min_col=1, min_row=row + 2, max_row=last))
        bar.width, bar.height = 16, 7.5
        sheet.add_chart(bar, f"D{row}")
        row = max(last + 2, row + 18)
    sheet.column_dimensions["A"].width = 18
    _one_page(sheet)


def _one_page(sheet: Any) -> None:
    """Printed on one landscape page, so that no chart is cut by a page break."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = 9
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 1


def _free_title(book: Any, title: str) -> str:
    taken, name, n = set(book.sheetnames), title, 2
    while name in taken:
        name, n = f"{title}{n}", n + 1
    return name


def recalc_on_open(book: Any) -> None:
    """Kept formulas have no saved result once openpyxl writes the book: have Excel, WPS and
    LibreOffice work them out on opening, so a kept 合计 =SUM shows its total."""
    from openpyxl.workbook.properties import CalcProperties

    book.calculation = CalcProperties(fullCalcOnLoad=True)


def save_book(book: Any, out: Path | str) -> None:
    """Written beside the target and moved into place complete (a failure leaves nothing)."""
    import os

    target = Path(out)
    partial = target.with_name(f"~{target.stem}.part{target.suffix}")
    try:
        book.save(str(partial))
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def values_grid(sheet: Any, rows: int = 80, columns: int = 30) -> list[list[Any]]:
    """What the filled sheet shows at its top (the window's preview)."""
    height, width = min(sheet.max_row, rows), min(sheet.max_column, columns)
    return [[sheet.cell(r, c).value for c in range(1, width + 1)] for r in range(1, height + 1)]


__all__ = ["ChartData", "ReaderError", "SheetGrid", "filled"]

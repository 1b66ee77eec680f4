"""Read the rows of a county sheet (xlsx, xlsm, xls, ods, csv) under its real header row."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from app.reports import html_table
from app.reports.header import Header, NoHeader, filled, find_header, normalise
from app.reports.html_table import html_grids, looks_like_html

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
CSV_SUFFIXES = {".csv", ".txt"}
HTML_SUFFIXES = {".htm", ".html"}
_ZIP, _OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_TOTAL = re.compile(r"^(本页|本月|本季|本年|全年)?(合计|小计|总计|共计)([:(].*)?$")
_FOOTER = re.compile(
    r"^(单位负责人|负责人|填报人|填表人|制表人|审核人|填报日期|制表日期|注|说明|填表说明)[:]"
)

Grid = list[list[Any]]


class ReaderError(Exception):
    """The file cannot be read as a table; message is one Chinese line for the clerk."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def read_table(
    path: Path, columns: dict[str, Sequence[str]], required: Sequence[str] = ()
) -> list[dict[str, Any]]:
    """One dict per data row, keyed by the canonical names of `columns`, plus "_row"."""
    path = Path(path)
    grids = _load(path)
    best = NoHeader(-1, list(required or columns))
    for grid in grids:
        found = find_header(grid, columns, required)
        if isinstance(found, Header):
            return list(_data_rows(grid, found, columns))
        if found.matched > best.matched:
            best = found
    raise ReaderError(f"找不到表头：缺少列 {'、'.join(best.missing)}（文件 {path.name}）")


# ---- loading ---------------------------------------------------------------------------


def _load(path: Path) -> list[Grid]:
    """Every sheet as a grid whose index i is the sheet's row i + 1, merged cells filled."""
    if not path.is_file():
        raise ReaderError(f"找不到文件：{path}")
    head = _head(path)
    if not head:
        raise ReaderError(f"文件 {path.name} 是空的")
    grids = _grids(path, head)
    grids = [grid for grid in grids if any(any(filled(v) for v in row) for row in grid)]
    if not grids:
        raise ReaderError(f"文件 {path.name} 中没有任何数据")
    return grids


def _grids(path: Path, head: bytes) -> list[Grid]:
    """By content first (a .csv may really be a workbook), then by the file's suffix."""
    suffix = path.suffix.lower()
    if head.startswith((_ZIP, _OLE)):
        return _load_excel(path, head)
    if looks_like_html(head) and suffix in EXCEL_SUFFIXES | HTML_SUFFIXES:
        # Web systems' 导出Excel often saves an HTML table under an .xls name.
        return html_grids(html_table.decode(path.read_bytes()))
    if suffix in CSV_SUFFIXES:
        return [_load_csv(path)]
    raise ReaderError(f"无法读取文件 {path.name}：不是 Excel 或 CSV 文件")


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(2048)
    except OSError as exc:
        raise ReaderError(f"无法打开文件 {path.name}：{exc.strerror or exc}") from exc


def _load_excel(path: Path, head: bytes) -> list[Grid]:
    import python_calamine as calamine

    if head.startswith(_OLE) and path.suffix.lower() in {".xlsx", ".xlsm"}:
        # An .xlsx inside an OLE container is how Excel stores a password-protected book.
        raise ReaderError(f"文件 {path.name} 设置了打开密码，请先在 Excel 中取消密码再导入")
    try:
        book = calamine.CalamineWorkbook.from_path(str(path))
        grids = []
        for meta in book.sheets_metadata:
            if str(meta.typ).endswith("WorkSheet"):
                grids.append(_sheet_grid(book.get_sheet_by_name(meta.name)))
        return grids
    except calamine.PasswordError as exc:
        raise ReaderError(f"文件 {path.name} 设置了打开密码，请先取消密码再导入") from exc
    except (calamine.CalamineError, ValueError, OSError) as exc:
        raise ReaderError(
            f"无法读取文件 {path.name}：不是 Excel 或 CSV 文件，或文件已损坏"
        ) from exc


def _sheet_grid(sheet: Any) -> Grid:
    grid: Grid = [list(row) for row in sheet.to_python(skip_empty_area=False)]
    for (r1, c1), (r2, c2) in sheet.merged_cell_ranges or ():
        if r1 >= len(grid):
            continue
        value = grid[r1][c1] if c1 < len(grid[r1]) else None
        for r in range(r1, min(r2, len(grid) - 1) + 1):
            row = grid[r]
            row.extend([""] * (c2 + 1 - len(row)))
            for c in range(c1, c2 + 1):
                row[c] = value
    return grid


def _load_csv(path: Path) -> Grid:
    data = path.read_bytes()
    text = _decode(data, path)
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    return [list(row) for row in csv.reader(io.StringIO(text), dialect)]


def _decode(data: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM) first; Chinese Excel saves csv as GBK, read as GB18030."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReaderError(f"无法读取文件 {path.name}：编码不是 UTF-8 或 GBK")


# ---- data rows -------------------------------------------------------------------------


def _data_rows(grid: Grid, header: Header, columns: dict[str, Sequence[str]]) -> Iterator[dict]:
    for index in range(header.last_row + 1, len(grid)):
        cells = grid[index]
        if not any(filled(v) for v in cells) or _is_total_or_footer(cells):
            continue
        row: dict[str, Any] = dict.fromkeys(columns)
        for name, col in header.at.items():
            row[name] = _value(cells[col]) if col < len(cells) else None
        if all(row[name] is None for name in header.at):
            continue
        row["_row"] = index + 1
        yield row


def _is_total_or_footer(cells: Sequence[Any]) -> bool:
    """合计/小计 rows and 填报人：/注： lines: judged by the row's first filled cell only, so
    a 备注 that happens to start with 注： never drops a real row."""
    first = next((cell for cell in cells if filled(cell)), None)
    if not isinstance(first, str):
        return False
    text = normalise(first)
    return bool(_TOTAL.match(text) or _FOOTER.match(text))


def _value(value: Any) -> Any:
    """Raw cell value: str stripped, blank as None, whole floats as int, others as they are."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value

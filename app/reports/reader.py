"""Read the rows of a county sheet (xlsx, xlsm, xls, ods, csv) under its real header row."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from app.reports import html_table
from app.reports.cells import clean_text
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
# Beyond these a sheet is refused, not read: one stray cell at XFD1048576 would otherwise
# make the reader ask for hundreds of GB, and a million-row csv for gigabytes. An import
# holds about 2.5 KB a row at its peak: 100,000 rows stay under 500 MB (bench/import_memory.py;
# 150,000 收文 rows peaked at 390 MiB and 199,990 at 493 MiB, too near the goal).
MAX_ROWS = 100_000
MAX_COLUMNS = 200
MAX_CELLS = 6_000_000
_CELL_REF = re.compile(rb"<(?:\w+:)?c\b[^>]*?\sr=\"([A-Z]{1,3})(\d{1,7})\"[^>]*?(/?)>")


class ReaderError(Exception):
    """The file cannot be read as a table; message is one Chinese line for the clerk."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class MissingColumns(ReaderError):
    """No header row names every required field: what the sheet has, and what it lacks."""

    def __init__(self, name: str, found: list[str], missing: dict[str, Sequence[str]]) -> None:
        lines = [f"找不到表头：缺少列 {'、'.join(missing)}（文件 {name}）",
                 f"表中的表头：{'、'.join(found) or '（没有）'}"]  # fmt: skip
        lines += [f"“{field}”可用的表头：{'、'.join(words)}" for field, words in missing.items()]
        super().__init__("\n".join(lines))
        self.found, self.missing = found, missing


def read_table(
    path: Path,
    columns: dict[str, Sequence[str]],
    required: Sequence[str] = (),
    mapping: dict[str, str] | None = None,
) -> list[dict[str, Any]]:
    """One dict per data row, keyed by the canonical names of `columns`, plus "_row".

    mapping (field -> the sheet's own header text), when the clerk matched columns by hand.
    """
    return rows_of(load_grids(Path(path)), Path(path).name, columns, required, mapping)


def load_grids(path: Path) -> list[Grid]:
    """Every sheet of the file, read once (the window previews, checks and imports these)."""
    return _load(Path(path))


def rows_of(
    grids: list[Grid],
    name: str,
    columns: dict[str, Sequence[str]],
    required: Sequence[str] = (),
    mapping: dict[str, str] | None = None,
) -> list[dict[str, Any]]:
    """The data rows of the first sheet whose header qualifies, else MissingColumns."""
    words = _mapped(columns, mapping or {})
    best, best_grid = NoHeader(-1, list(required or columns)), grids[0] if grids else []
    for grid in grids:
        found = find_header(grid, words, required)
        if isinstance(found, Header):
            return list(_data_rows(grid, found, columns))
        if found.matched > best.matched:
            best, best_grid = found, grid
    raise MissingColumns(name, header_texts(best_grid, best.row),
                         {field: columns[field] for field in best.missing})  # fmt: skip


def _mapped(columns: dict[str, Sequence[str]], mapping: dict[str, str]) -> dict[str, Sequence[str]]:
    """Fields the clerk mapped match their chosen header only, and are tried first."""
    chosen = {field: (header,) for field, header in mapping.items() if field in columns and header}
    return {**chosen, **{f: w for f, w in columns.items() if f not in chosen}}


def header_texts(grid: Grid, row: int = -1) -> list[str]:
    """The filled cells of a header row (the first filled row when none came close)."""
    if row < 0:
        row = next((i for i, cells in enumerate(grid) if any(filled(v) for v in cells)), -1)
    if row < 0 or row >= len(grid):
        return []
    return [str(v).strip() for v in grid[row] if filled(v)]


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
    if head.startswith(_ZIP):
        _check_extent(path)
    try:
        book = calamine.CalamineWorkbook.from_path(str(path))
        grids = []
        for meta in book.sheets_metadata:
            if str(meta.typ).endswith("WorkSheet"):
                sheet = book.get_sheet_by_name(meta.name)
                last = sheet.end or (-1, -1)  # 0-based
                _refuse_beyond(path, last[0] + 1, last[1] + 1)
                grids.append(_sheet_grid(sheet))
        return grids
    except calamine.PasswordError as exc:
        raise ReaderError(f"文件 {path.name} 设置了打开密码，请先取消密码再导入") from exc
    except (calamine.CalamineError, ValueError, OSError) as exc:
        raise ReaderError(
            f"无法读取文件 {path.name}：不是 Excel 或 CSV 文件，或文件已损坏"
        ) from exc


def _check_extent(path: Path) -> None:
    """Refuse a workbook whose sheets reach beyond the caps, before calamine sizes them."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as book:
            names = [n for n in book.namelist() if n.startswith("xl/worksheets/")]
            for name in names:
                with book.open(name) as part:
                    _refuse_beyond(path, *_extent(part))
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError) as exc:
        message = f"无法读取文件 {path.name}：不是 Excel 或 CSV 文件，或文件已损坏"
        raise ReaderError(message) from exc


def _extent(part: Any) -> tuple[int, int]:
    """The last row and column holding a cell with content (empty styled cells are `<c/>`)."""
    rows = columns = 0
    tail = b""
    while chunk := part.read(1 << 20):
        data = tail + chunk
        end = data.rfind(b"<")  # a tag cut by the chunk's end is read with the next one
        data, tail = (data[:end], data[end:]) if end > 0 else (data, b"")
        for match in _CELL_REF.finditer(data):
            if match[3]:
                continue
            rows = max(rows, int(match[2]))
            columns = max(columns, _column_number(match[1]))
        if rows > MAX_ROWS or columns > MAX_COLUMNS:
            break
    return rows, columns


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _refuse_beyond(path: Path, rows: int, columns: int) -> None:
    if rows > MAX_ROWS:
        raise ReaderError(
            f"文件 {path.name} 超过 {MAX_ROWS:,} 行（第 {rows:,} 行有内容），请分成几个文件导入"
        )
    if columns > MAX_COLUMNS:
        raise ReaderError(
            f"文件 {path.name} 超过 {MAX_COLUMNS} 列（第 {columns} 列有内容），请删去多余的列"
        )
    if rows * columns > MAX_CELLS:
        raise ReaderError(
            f"文件 {path.name} 的表格太大（{rows:,} 行 × {columns} 列），请分成几个文件导入"
        )


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
    """Streamed: a file longer than MAX_ROWS is refused once its row MAX_ROWS + 1 is read."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return _csv_rows(path, encoding)
        except UnicodeDecodeError:
            continue
        except csv.Error as exc:
            raise ReaderError(f"无法读取文件 {path.name}：CSV 格式有误（{exc}）") from exc
    raise ReaderError(f"无法读取文件 {path.name}：编码不是 UTF-8 或 GBK")


def _csv_rows(path: Path, encoding: str) -> Grid:
    with path.open(encoding=encoding, newline="") as handle:
        sample = handle.read(4096)
        try:
            dialect: Any = csv.Sniffer().sniff(sample, delimiters=",\t;")
        except csv.Error:
            dialect = csv.excel
        handle.seek(0)
        grid: Grid = []
        for row in csv.reader(handle, dialect):
            if len(grid) >= MAX_ROWS:
                raise ReaderError(f"文件 {path.name} 超过 {MAX_ROWS:,} 行，请分成几个文件导入")
            if len(row) > MAX_COLUMNS:
                _refuse_beyond(path, len(grid) + 1, len(row))
            grid.append(row)
        return grid


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
        return clean_text(value).strip() or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value

"""Export 100,000 rows x 12 columns with write_xlsx against bare openpyxl write-only.

Also beside openpyxl write-only with each cell styled on its own (border, wrap, font set per
cell, as write_xlsx did before it reused one styled cell per column)."""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.reports.table import Column, ReportTable
from app.reports.xlsx import write_xlsx

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
HEADERS = ["序号", "收文编号", "收文日期", "来文机关", "来文字号", "标题", "密级", "紧急程度",
           "份数", "承办科室", "办理期限", "备注"]  # fmt: skip


def rows() -> list[list[object]]:
    start = date(2026, 1, 1)
    data = []
    for i in range(1, ROWS + 1):
        day = start + timedelta(days=i % 365)
        data.append([i, f"收〔2026〕{i}号", day, "县委办公室", f"县委办发〔2026〕{i % 300}号",
                     f"关于做好第{i}项重点工作的通知", "", "普通", 2, "党政办",
                     day + timedelta(days=7), "已办结"])  # fmt: skip
    return data


def bare(data: list[list[object]], path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("收文")
    sheet.append(HEADERS)
    for row in data:
        sheet.append(row)
    book.save(path)


def per_cell(data: list[list[object]], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(style="thin", color="000000")
    border, wrap = Border(left=thin, right=thin, top=thin, bottom=thin), Alignment(wrap_text=True)
    font = Font(name="宋体", size=11)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("收文")
    sheet.append(HEADERS)
    for row in data:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value)
            cell.border, cell.alignment, cell.font = border, wrap, font
            cells.append(cell)
        sheet.append(cells)
    book.save(path)


def ours(data: list[list[object]], path: Path) -> None:
    table = ReportTable("收文登记簿", [Column(h, 14) for h in HEADERS], data, unit="某某镇人民政府")
    write_xlsx(table, path)


def main() -> None:
    data = rows()
    with tempfile.TemporaryDirectory() as folder:
        timings = {}
        runs = (("openpyxl write-only", bare), ("styled per cell", per_cell), ("write_xlsx", ours))
        for name, write in runs * 2:
            started = time.perf_counter()
            write(data, Path(folder) / f"{name}.xlsx")
            timings.setdefault(name, []).append(time.perf_counter() - started)
    best = {name: min(values) for name, values in timings.items()}
    for name, seconds in best.items():
        print(f"{name:22s} {seconds:6.2f} s  ({ROWS / seconds:,.0f} rows/s)")
    for name in ("styled per cell", "write_xlsx"):
        print(f"ratio {name} / bare: {best[name] / best['openpyxl write-only']:.2f}")


if __name__ == "__main__":
    main()

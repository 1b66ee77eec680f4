"""Read 100,000 rows x 12 columns with read_table (xlsx and GBK csv): seconds and rows/s."""

from __future__ import annotations

import csv
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.reports.reader import read_table
from bench.xlsx_export import HEADERS, ROWS, ours, rows

COLUMNS = {name: (name,) for name in HEADERS}


def main() -> None:
    data = rows()
    with tempfile.TemporaryDirectory() as folder:
        book = Path(folder) / "收文.xlsx"
        ours(data, book)  # title row, unit row, header: as a county sheet looks
        table = Path(folder) / "收文.csv"
        with table.open("w", encoding="gbk", newline="") as handle:
            csv.writer(handle).writerows([HEADERS, *data])
        for path in (book, table):
            started = time.perf_counter()
            found = read_table(path, COLUMNS, ("标题", "来文机关"))
            seconds = time.perf_counter() - started
            assert len(found) == ROWS
            print(f"read_table {path.suffix:5s} {seconds:6.2f} s  ({ROWS / seconds:,.0f} rows/s)")


if __name__ == "__main__":
    main()

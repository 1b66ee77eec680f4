"""县里的表格: fill a list return and a cross table, beside the same register's own export.

python bench/returns.py --data-dir D [--year 2026]   (D made with `app.cli demo --size N`)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.config import resolve_data_dir
from app.reports.template import sample_template
from app.services.context import CLI
from app.services.modules import load_all
from app.services.registry import ExportQuery
from app.services.returns import filling
from app.services.session import open_database, unit_of_work
from app.services.transfer import export_file


def timed(label: str, work: Callable[[], object]) -> float:
    started = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - started
    print(f"{label:46s} {seconds:7.2f} s   {result}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--year", type=int, default=2026)
    args = parser.parse_args()
    load_all()
    open_database(resolve_data_dir(args.data_dir))
    query = ExportQuery(year=args.year)
    with tempfile.TemporaryDirectory() as folder, unit_of_work(CLI, read_only=True) as s:
        out = Path(folder)
        for kind, template in (("incoming", "收文情况登记表"), ("visits", "信访情况统计表"),
                               ("seal-uses", "用印情况月度统计表")):  # fmt: skip
            base = timed(f"{kind}: 导出 xlsx（同次基线）",
                         lambda k=kind: export_file(s, k, out / f"{k}.xlsx", query))  # fmt: skip
            path = sample_template(f"{template}.xlsx")
            fill = timed(f"{kind}: 填写{template}",
                         lambda k=kind, p=path: _fill(s, p, k, query, out))  # fmt: skip
            print(f"{'':46s} 填写 / 导出 = {fill / base:.2f}")


def _fill(session, template, kind, query, out):  # type: ignore[no-untyped-def]
    done = filling.fill(session, template, kind, query, out / f"{kind}-filled.xlsx")
    return f"{done.rows} 行 / {done.cells} 格"


if __name__ == "__main__":
    main()

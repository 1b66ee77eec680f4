"""公文 benchmark on demo data: list paint and RSS, search vs bare FTS5, import, export.

Run: QT_QPA_PLATFORM=offscreen python bench/filing.py [--size 200000] [--data-dir DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.config import DataDir
from app.db import open_database, unit_of_work
from app.services import users
from app.services.context import CLI
from app.services.modules import load_all

WORDS = ["防汛抗旱", "县农业农村局", "县政办发〔2026〕1", "安全生产大检查", "值班", "乡村振兴重点"]


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def prepare(folder: Path, size: int) -> Path:
    load_all()
    data_dir = DataDir(folder)
    fresh = not data_dir.database.exists()
    open_database(data_dir)
    if fresh:
        with unit_of_work(CLI) as session:
            users.first_run_setup(
                session,
                users.SetupForm(
                    org_name="某某镇人民政府",
                    fonds_code="Z109",
                    issuer_codes=["镇委", "镇政", "镇政办"],
                    admin_username="admin",
                    admin_display_name="管理员",
                    admin_password="bench-pass-1",
                ),
            )
        from app.services.filing.demo import fill_filing

        start = time.perf_counter()
        with unit_of_work(CLI) as session:
            fill_filing(session, size, random.Random(2026))
        print(f"demo --size {size}: {time.perf_counter() - start:.1f} s")
    return data_dir.database


def bench_list() -> None:
    from PySide6.QtWidgets import QApplication

    from app.ui.filing.incoming_page import IncomingPage

    app = QApplication.instance() or QApplication([])
    before = rss_mb()
    start = time.perf_counter()
    page = IncomingPage(CLI)
    page.resize(1280, 800)
    page.show()
    app.processEvents()
    page.view.viewport().grab()  # force the first paint
    paint = (time.perf_counter() - start) * 1000
    bar = page.view.verticalScrollBar()
    samples = [rss_mb()]
    steps = 40
    start = time.perf_counter()
    for k in range(1, steps + 1):
        bar.setValue(bar.maximum() * k // steps)
        app.processEvents()
        page.view.viewport().grab()
        samples.append(rss_mb())
    scroll = time.perf_counter() - start
    print(f"收文 list first paint: {paint:.0f} ms ({page.model.rowCount()} rows)")
    print(
        f"RSS before page {before:.0f} MB; while scrolling to the end: start {samples[0]:.0f} MB,"
        f" middle {samples[steps // 2]:.0f} MB, end {samples[-1]:.0f} MB, max {max(samples):.0f} MB"
        f" ({steps} jumps in {scroll:.1f} s, pages cached {page.model.cached_rows()} rows)"
    )
    _bench_page_search(app, page)


def _bench_page_search(app: Any, page: Any) -> None:
    """What the clerk waits for: words in the 收文 page's box to the list repainted (count,
    first page, row texts, the one repaint processEvents does)."""

    def search(word: str) -> None:
        page.search.setText(word)
        page.reload()
        app.processEvents()

    for word in WORDS:
        shown = _median_ms(lambda w=word: search(w))
        print(f"收文 page search {word}: {shown:.1f} ms to repaint, {page.model.rowCount()} hits")


def _median_ms(fn: Any, repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _bare_sql(word: str) -> tuple[str, str, str]:
    """The bare queries for one word: FTS5 `SELECT rowid, *` and `rowid, title`, or LIKE.

    `SELECT * FROM t WHERE t MATCH …` is FTS5's own canonical query: every indexed column
    of each hit (标题, 来文字号, 来文机关, 主办, 承办人); both read the page the list shows,
    the newest 200 hits. Words under three characters cannot use the trigram index, so both
    sides scan with LIKE.
    """
    if len(word) >= 3:
        head = "FROM incoming_fts WHERE incoming_fts MATCH ? ORDER BY rowid DESC LIMIT 200"
        return f"SELECT rowid, * {head}", f"SELECT rowid, title {head}", '"' + word + '"'
    head = "FROM incoming_docs WHERE title LIKE ? ORDER BY id DESC LIMIT 200"
    return (
        f"SELECT id, title, sender_doc_number, sender {head}",
        f"SELECT id, title {head}",
        (f"%{word}%"),
    )


def _interleaved_ms(fns: dict[str, Any], rounds: int) -> dict[str, float]:
    """Median ms of each function, called in turn round after round: load drifts on a
    shared machine hit every side alike."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(rounds):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            times[name].append((time.perf_counter() - start) * 1000)
    return {name: statistics.median(t) for name, t in times.items()}


def bench_search(db: Path, rounds: int = 101) -> None:
    """Our service (unit of work + SQL + 200 row objects) vs bare sqlite3 in the same run."""
    from app.services.filing import incoming_list, queries
    from app.services.filing.queries import FilingFilter

    conn = sqlite3.connect(db)
    print(
        f"search, newest 200 hits, median of {rounds} interleaved rounds (ms):\n"
        "  word                   service  FTS5-rowid,*  FTS5-rowid,title  same-SQL-bare"
        "  ratio-vs-*  ratio-vs-title  ratio-vs-same  hits"
    )
    for word in WORDS:
        flt = FilingFilter(text=word)

        def service(f: FilingFilter = flt) -> Any:
            with unit_of_work(CLI) as session:
                return queries.list_incoming(session, f, limit=200)

        wide, narrow, arg = _bare_sql(word)
        ours_sql, ours_args = incoming_list._select(flt, "sqlite")
        m = _interleaved_ms(
            {
                "ours": service,
                "wide": lambda s=wide, a=arg: conn.execute(s, (a,)).fetchall(),
                "narrow": lambda s=narrow, a=arg: conn.execute(s, (a,)).fetchall(),
                "same": lambda q=ours_sql + " LIMIT 200", a=ours_args: conn.execute(
                    q, a
                ).fetchall(),
            },
            rounds,
        )
        ours = m["ours"]
        print(
            f"  {word:<20}{ours:9.2f}{m['wide']:14.2f}{m['narrow']:18.2f}{m['same']:15.2f}"
            f"{ours / m['wide']:12.2f}{ours / m['narrow']:16.2f}{ours / m['same']:15.2f}"
            f"{len(service()):6d}"
        )
    _bench_count(conn)
    conn.close()


def _bench_count(conn: sqlite3.Connection, rounds: int = 51) -> None:
    """What the 收文 window asks when words are typed: how many hits (for the scroll bar and
    共 N 件) and the newest page, each in its own unit of work; bare: FTS5 count(*) and the
    `SELECT rowid, *` page of the same words."""
    from app.services.filing import queries
    from app.services.filing.queries import FilingFilter

    print(
        f"search answer = count + first page, median of {rounds} interleaved rounds (ms):\n"
        "  word                   service  bare-FTS5  ratio   count-only ours/bare   hits"
    )
    for word in (w for w in WORDS if len(w) >= 3):
        flt = FilingFilter(text=word)
        wide, _, arg = _bare_sql(word)

        def count(f: FilingFilter = flt) -> int:
            with unit_of_work(CLI) as session:
                return queries.count_incoming(session, f)

        def answer(f: FilingFilter = flt) -> Any:
            with unit_of_work(CLI) as session:
                queries.list_incoming(session, f, limit=200)
            return count(f)

        def bare_count(a: str = arg) -> Any:
            return conn.execute(_FTS_COUNT, (a,)).fetchall()

        def bare_answer(s: str = wide, a: str = arg) -> Any:
            conn.execute(s, (a,)).fetchall()
            return bare_count(a)

        m = _interleaved_ms(
            {"ours": answer, "bare": bare_answer, "count": count, "bare_count": bare_count},
            rounds,
        )
        print(
            f"  {word:<20}{m['ours']:9.2f}{m['bare']:11.2f}{m['ours'] / m['bare']:7.2f}"
            f"{m['count']:11.2f}{m['bare_count']:6.2f}{count():9d}"
        )


_FTS_COUNT = "SELECT count(*) FROM incoming_fts WHERE incoming_fts MATCH ?"


def bench_import(tmp: Path) -> None:
    from openpyxl import Workbook

    from app.services.transfer import import_file

    path = tmp / "收文10000.xlsx"
    last_year = date.today().year - 1
    sender = f"县档案馆{int(time.time()) % 100000}"  # a fresh sender: rerunning is no duplicate
    book = Workbook(write_only=True)
    sheet = book.create_sheet("收文")
    sheet.append(["某某镇收文登记簿"])
    sheet.append(["序号", "收文日期", "来文单位", "文号", "文件标题", "紧急程度", "份数"])
    for i in range(1, 10_001):
        sheet.append(
            [
                i,
                f"{last_year}.{1 + i % 12}.{1 + i % 28}",  # all past: a future 签收 is refused
                sender,
                f"县档发[{last_year}]{i:03d}号",
                f"关于做好第{i}批档案移交工作的通知",
                "急件" if i % 20 == 0 else "",
                1,
            ]
        )
    book.save(path)
    start = time.perf_counter()
    with unit_of_work(CLI) as session:
        count = import_file(session, "incoming", path)
    print(f"import of a {count}-row sheet: {time.perf_counter() - start:.2f} s")


def bench_export(tmp: Path, db: Path) -> None:
    from openpyxl import Workbook

    from app.services.filing.exchange.exports import INCOMING_HEADERS, incoming_register
    from app.services.registry import ExportQuery
    from app.services.transfer import export_file

    with sqlite3.connect(db) as conn:  # the 签收 day of the 100,000th 收文: about 100k rows
        cut_at = conn.execute(
            "SELECT min(received_at), (SELECT received_at FROM incoming_docs "
            "ORDER BY received_at LIMIT 1 OFFSET 99999) FROM incoming_docs"
        ).fetchone()
    first, last = (date.fromisoformat(str(v)[:10]) for v in cut_at)
    query = ExportQuery(date_from=first, date_to=last)
    ours_path, bare_path = tmp / "ours.xlsx", tmp / "bare.xlsx"
    start = time.perf_counter()
    with unit_of_work(CLI) as session:
        written = export_file(session, "incoming", ours_path, query)
    ours = time.perf_counter() - start
    with unit_of_work(CLI) as session:
        cells = list(incoming_register(session, query).rows)
    start = time.perf_counter()
    book = Workbook(write_only=True)
    sheet = book.create_sheet("收文登记簿")
    sheet.append([h for h, _ in INCOMING_HEADERS])
    for row in cells:
        sheet.append(row)
    book.save(bare_path)
    bare = time.perf_counter() - start
    print(
        f"export {written} rows to xlsx: ours {ours:.1f} s (query included), "
        f"bare openpyxl write-only {bare:.1f} s (same cells), ratio {ours / bare:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=200_000)
    parser.add_argument("--data-dir", default="")
    parser.add_argument("--skip", nargs="*", default=[], help="list search import export")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(args.data_dir or Path(scratch) / "data")
        db = prepare(folder, args.size)
        if "list" not in args.skip:
            bench_list()
        if "search" not in args.skip:
            bench_search(db)
        if "import" not in args.skip:
            bench_import(Path(scratch))
        if "export" not in args.skip:
            bench_export(Path(scratch), db)


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    main()

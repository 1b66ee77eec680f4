"""Bench: the 目录 list's first paint over 100,000 件 (< 200 ms), numbering a year of 5,000 (< 2 s).

Run: `.venv/bin/python -m bench.archives [--size 100000] [--year-size 5000]`. Each figure is
printed beside a baseline measured in the same run: a bare QTableView over 200 ready-made
rows, a bare SELECT of the same page, and bare executemany INSERT/UPDATE of the same rows.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from app import clock
from app.config import DataDir
from app.db import open_database, unit_of_work
from app.db.session import dispose
from app.models.archives import ArchiveItem
from app.models.filing import IncomingDoc
from app.services import users
from app.services.archives import demo, filing, scheme
from app.services.archives import numbering as numbering_arch
from app.services.archives.codes import Category
from app.services.bulk import bulk_insert
from app.services.context import CLI
from app.services.filing import flow, numbering
from app.services.filing.demo import _incoming_rows
from app.services.modules import load_all

PAGE_SQL = (
    "SELECT i.id, i.archive_code, i.doc_no, i.author, i.title, i.doc_date, i.secrecy, i.pages,"
    " b.box_no, i.status, i.note FROM archive_items i LEFT JOIN archive_boxes b"
    " ON b.id = i.box_id ORDER BY i.year, i.period, i.org_code, i.item_no LIMIT 200"
)


def _median(times: list[float]) -> str:
    ms = sorted(t * 1000 for t in times)
    return f"median {statistics.median(ms):.1f} ms (min {ms[0]:.1f}, max {ms[-1]:.1f})"


def fill(size: int) -> float:
    began = time.perf_counter()
    with unit_of_work(CLI) as session:
        demo.fill(session, size * 2, random.Random(2026))  # the demo makes size/2 件
    return time.perf_counter() - began


def paint_catalog(app: Any, all_years: bool) -> float:
    from app.ui.archives.catalog_tab import CatalogTab

    began = time.perf_counter()
    tab = CatalogTab(CLI)
    if all_years:
        tab.filters.widgets["year"].setCurrentIndex(0)  # 全部: every 件 of the 全宗
    tab.resize(1366, 700)
    tab.show()
    app.processEvents()
    tab.view.viewport().grab()  # force the first paint
    took = time.perf_counter() - began
    tab.close()
    tab.deleteLater()
    app.processEvents()
    return took


def paint_bare(app: Any, rows: list[tuple[Any, ...]]) -> float:
    """The floor: a QTableView over a model holding the same 200 rows, no database."""
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QTableView

    began = time.perf_counter()
    model = QStandardItemModel(len(rows), len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            model.setItem(r, c, QStandardItem("" if value is None else str(value)))
    view = QTableView()
    view.setModel(model)
    view.resize(1366, 700)
    view.show()
    app.processEvents()
    view.viewport().grab()
    took = time.perf_counter() - began
    view.close()
    view.deleteLater()
    app.processEvents()
    return took


def bench_paint(db: Path, runs: int) -> None:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    with sqlite3.connect(db) as conn:
        rows = conn.execute(PAGE_SQL).fetchall()
        began = time.perf_counter()
        for _ in range(runs):
            conn.execute(PAGE_SQL).fetchall()
        bare_sql = (time.perf_counter() - began) / runs
    newest = [paint_catalog(app, False) for _ in range(runs)]
    every = [paint_catalog(app, True) for _ in range(runs)]
    bare = [paint_bare(app, rows) for _ in range(runs)]
    print(f"目录 first paint, newest 年度 (the default): {_median(newest)}   (target < 200 ms)")
    print(f"目录 first paint, 全部 年度:               {_median(every)}   (target < 200 ms)")
    print(f"  baseline: bare QTableView over 200 ready rows {_median(bare)};"
          f" bare SELECT of the page {bare_sql * 1000:.1f} ms")  # fmt: skip


def bench_search(db: Path, runs: int) -> None:
    """A two-character word (防汛) over every 件: the bigram index against a LIKE scan of the
    same three columns, in the same run."""
    from app.services.archives import queries

    flt = queries.CatalogFilter(text="防汛")
    times, found = [], 0
    for _ in range(runs):
        began = time.perf_counter()
        with unit_of_work(CLI, read_only=True) as session:
            found = queries.count_items(session, flt)
            queries.list_items(session, flt)
        times.append(time.perf_counter() - began)
    like = ("SELECT count(*) FROM archive_items WHERE title LIKE '%防汛%' OR doc_no LIKE"
            " '%防汛%' OR author LIKE '%防汛%'")  # fmt: skip
    with sqlite3.connect(db) as conn:
        scans = []
        for _ in range(runs):
            began = time.perf_counter()
            bare = conn.execute(like).fetchone()[0]
            scans.append(time.perf_counter() - began)
    assert found == bare, (found, bare)
    print(f"目录 search 防汛 ({found:,} 件), count + first page: {_median(times)}")
    print(f"  baseline: bare LIKE count over the same columns {_median(scans)}")


def add_year(year: int, size: int) -> list[dict[str, Any]]:
    """size finished 收文 of one year, through the filing demo's bulk path."""
    with unit_of_work(CLI) as session:
        start = numbering.last_number(session, numbering.INCOMING_SERIES, year)
        rows = _incoming_rows(random.Random(7), size, year, "收〔{year}〕{n}号", start)
        for row in rows:
            row.update(state=flow.DONE, result="已办理", done_on=row["received_at"].date())
        bulk_insert(session, IncomingDoc, rows)
        numbering.raise_to(session, numbering.INCOMING_SERIES, year, start + size)
    return rows


def bench_numbering(db: Path, year: int, size: int) -> None:
    add_year(year, size)
    with unit_of_work(CLI, read_only=True) as session:
        found = filing.candidates(session, year)
    began = time.perf_counter()
    with unit_of_work(CLI) as session:
        done = filing.file_year(session, year)
    took = time.perf_counter() - began
    with unit_of_work(CLI) as session:
        count = session.scalar(select(func.count()).where(ArchiveItem.year == year))
    assert done.filed + done.skipped == size and count == done.filed, (done, count)
    bare = _bare_write(db, year, done.filed)
    print(f"年度归档 of {size:,} 收文 ({done.filed:,} 件 numbered, {done.skipped} 不归档),"
          f" suggestions and commit included: {took:.2f} s   (target < 2 s)")  # fmt: skip
    print(f"  baseline: bare executemany INSERT of {done.filed:,} rows into a copy of"
          f" archive_items + UPDATE of as many 收文, committed: {bare:.2f} s")  # fmt: skip
    bench_numbering_alone(db, year + 1, found)


def bench_numbering_alone(db: Path, year: int, found: list[filing.Candidate]) -> None:
    """The numbering step alone: the same 件 (their suggested categories, 日期, 文号) given
    件号 and 档号 in an empty 年度 and inserted, search index included; no 收文/发文 read,
    no 保管期限表, no register moved."""
    slots: dict[Category, list[numbering_arch.Slot]] = defaultdict(list)
    for c in found:
        values = {"author": c.author[:100], "title": c.title, "secrecy": c.secrecy,
                  "pages": c.pages, "filed_by": "bench"}  # fmt: skip
        slot = numbering_arch.Slot(None, c.doc_date, c.doc_no, values=values)
        slots[Category(year, c.period, c.org_code)].append(slot)
    began = time.perf_counter()
    with unit_of_work(CLI) as session:
        placed = numbering_arch.place(session, scheme.load(session), slots)
    took = time.perf_counter() - began
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT * FROM archive_items WHERE year = ?", (year,)).fetchall()
        bare = _bare_insert(conn, rows, indexed=False)
        indexed = _bare_insert(conn, rows, indexed=True)
    assert placed == len(rows), (placed, len(rows))
    print(f"numbering alone: {placed:,} 件 of one 年度 given 件号/档号 and inserted, search"
          f" index and commit included: {took:.2f} s   (target < 2 s)")  # fmt: skip
    print(f"  baseline: bare executemany INSERT of the same {len(rows):,} rows, committed, into"
          f" a copy of archive_items: without indexes {bare:.2f} s; with its unique and"
          f" catalog indexes (no search index) {indexed:.2f} s")  # fmt: skip


def _bare_insert(conn: sqlite3.Connection, rows: list[Any], indexed: bool) -> float:
    """rows into an empty copy of archive_items, with or without the table's own indexes."""
    name = "bare_ix" if indexed else "bare_n"
    if indexed:  # the table as created (its UNIQUE constraints) and its indexes, renamed
        made = conn.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = 'archive_items'"
            " AND type IN ('table', 'index') AND sql IS NOT NULL"
        ).fetchall()
        for (sql,) in made:
            sql = sql.replace("CREATE TABLE archive_items", f"CREATE TEMP TABLE {name}")
            conn.execute(sql.replace("ix_archive_items", "ix_bare").replace(
                " ON archive_items ", f" ON {name} "))  # fmt: skip
    else:
        conn.execute(f"CREATE TEMP TABLE {name} AS SELECT * FROM archive_items WHERE 0")
    began = time.perf_counter()
    conn.executemany(f"INSERT INTO {name} VALUES ({','.join('?' * len(rows[0]))})", rows)
    conn.commit()
    return time.perf_counter() - began


def _bare_write(db: Path, year: int, n: int) -> float:
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TEMP TABLE bare AS SELECT * FROM archive_items WHERE 0")
        rows = conn.execute("SELECT * FROM archive_items WHERE year = ?", (year,)).fetchall()
        marks = ",".join("?" * len(rows[0]))
        ids = [(r[0],) for r in rows[:n]]
        began = time.perf_counter()
        conn.executemany(f"INSERT INTO bare VALUES ({marks})", rows)
        conn.executemany("UPDATE incoming_docs SET version = version WHERE id = ?", ids)
        conn.commit()
        return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--year-size", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    load_all()
    with tempfile.TemporaryDirectory() as scratch:
        data_dir = DataDir(Path(scratch)).ensure()
        open_database(data_dir)
        with unit_of_work(CLI) as session:
            users.first_run_setup(session, users.SetupForm(
                "某某镇人民政府", "Z109", ["镇委"], "admin", "管理员", "bench-pass"))  # fmt: skip
        print(f"demo: {args.size:,} 件 over ten 年度 (bulk): {fill(args.size):.1f} s")
        bench_paint(data_dir.database, args.runs)
        bench_search(data_dir.database, args.runs)
        bench_numbering(data_dir.database, clock.today().year, args.year_size)
        dispose()


if __name__ == "__main__":
    main()

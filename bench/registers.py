"""Every register page at scale in one table: first paint and search, beside bare baselines.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/registers.py --data-dir D [--repeat 7]

D is a data folder filled by `python -m app.cli demo --size 200000` (收文 200,000, 发文 50,000,
督办 20,000, 用印 200,000, 来访 50,000). Per register: the page built, shown and painted
(baseline: a bare QTableView over 200 rows of a QStandardItemModel), then each word searched
as the window does it (committed, then read off the GUI thread through the page's ops.Latest):
ms until the list is repainted, and until 共 N 件 shows the count (a page that lists its first
rows before counting shows the count later; baseline: bare sqlite3, the same word's bigram or
trigram MATCH, count plus 200 rowids). Goals: paint < 200 ms, search < 50 ms.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.config import DataDir
from app.db import bigrams, open_database
from app.services.context import CLI
from app.services.modules import load_all

# register: (page module, class, words, index of the bare baseline)
REGISTERS: dict[str, tuple[str, str, tuple[str, ...], str]] = {
    "收文": ("app.ui.filing.incoming_page", "IncomingPage", ("值班", "防汛抗旱"), "incoming"),
    "发文": ("app.ui.filing.outgoing_page", "OutgoingPage", ("安全", "安全生产大检查"), "outgoing"),
    "督办": ("app.ui.filing.tasks_page", "TasksPage", ("饮水", "河湖长制"), "tasks"),
    "用印": ("app.ui.seals.page", "SealsPage", ("王芳", "介绍信"), "seal_uses"),
    "来访": ("app.ui.visits.page", "VisitsPage", ("拖欠", "工资被拖欠"), "visit_cases"),
}


def _ms(fn: Callable[[], Any], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def _bare_paint(app: Any) -> float:
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QTableView

    start = time.perf_counter()
    model = QStandardItemModel(200, 8)
    for row in range(200):
        for col in range(8):
            model.setItem(row, col, QStandardItem(f"第{row}行 关于做好工作的通知"))
    view = QTableView()
    view.setModel(model)
    view.resize(1280, 800)
    view.show()
    app.processEvents()
    view.viewport().grab()
    took = (time.perf_counter() - start) * 1000
    view.close()
    return took


def _page_paint(app: Any, module: str, name: str) -> tuple[float, Any]:
    import importlib

    start = time.perf_counter()
    page = getattr(importlib.import_module(module), name)(CLI)
    page.resize(1280, 800)
    page.show()
    app.processEvents()
    page.grab()
    return (time.perf_counter() - start) * 1000, page


def _searcher(app: Any, register: str, page: Any) -> Callable[[str], tuple[float, float]]:
    """The page's own search, as the window runs it: the word committed (a pinyin input
    method commits it at once, then Enter), read off the GUI thread through the page's
    ops.Latest. Returns ms until the list is repainted, and until 共 N 件 is shown."""
    if register == "用印":
        from app.services.seals.dto import UseFilter

        tab = page.uses
        model, reads, view, label = tab.model, tab.reads, tab.view, tab.count_label

        # what the filter bar does (the branch's base called set_filter_in itself)
        search_for = getattr(tab, "search_for", lambda flt: model.set_filter_in(reads, flt))

        def start(word: str) -> None:
            tab.search.setText(word)
            search_for(UseFilter(text=word))
    else:
        model, reads, label = page.model, page.reads, page.count_label
        view = page.table if register == "来访" else page.view

        def start(word: str) -> None:
            page.search.setText(word)
            page.reload_list(background=True) if register == "来访" else page._search()

    def search(word: str) -> tuple[float, float]:
        begun = time.perf_counter()
        reset: list[bool] = []
        mark = lambda: reset.append(True)  # noqa: E731
        model.modelReset.connect(mark)
        start(word)
        _wait(app, lambda: bool(reset))
        view.viewport().grab()
        rows = (time.perf_counter() - begun) * 1000
        _wait(app, lambda: not reads.busy)
        label.grab()
        model.modelReset.disconnect(mark)
        return rows, (time.perf_counter() - begun) * 1000

    return search


def _wait(app: Any, until: Callable[[], bool]) -> None:
    end = time.perf_counter() + 60
    app.processEvents()
    while not until() and time.perf_counter() < end:
        time.sleep(0.0005)
        app.processEvents()


def _bare_search(conn: sqlite3.Connection, table: str, word: str) -> Callable[[], None]:
    fts, query = f"{table}_bi_fts", bigrams.match_expression([word])
    if len(word) >= 3 and table in ("incoming", "outgoing", "tasks"):
        fts, query = f"{table}_fts", f'"{word}"'

    def run() -> None:
        conn.execute(f"SELECT count(*) FROM {fts} WHERE {fts} MATCH ?", (query,)).fetchone()
        conn.execute(
            f"SELECT rowid FROM {fts} WHERE {fts} MATCH ? ORDER BY rowid DESC LIMIT 200", (query,)
        ).fetchall()

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--only", nargs="*", default=list(REGISTERS), help="收文 发文 …")
    args = parser.parse_args()
    # An installed program runs from compiled bytecode (bench/startup.py does the same): else
    # each page's first paint compiled its modules (PYTHONDONTWRITEBYTECODE on this machine).
    root = Path(__file__).resolve().parent.parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", "app"], check=True, cwd=root,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    load_all()
    data_dir = DataDir(Path(args.data_dir))
    open_database(data_dir)
    conn = sqlite3.connect(f"file:{data_dir.database}?mode=ro", uri=True)
    print(f"{'register':6} {'rows':>8} {'what':18} {'ours ms':>9} {'bare ms':>9}  goal"
          f"   {'共 N 件 shown ms':>16}")  # fmt: skip
    for register, (module, name, words, table) in REGISTERS.items():
        if register not in args.only:
            continue
        bare = _bare_paint(app)
        paint, page = _page_paint(app, module, name)
        rows = conn.execute(f"SELECT count(*) FROM {_table_name(table)}").fetchone()[0]
        print(f"{register:6} {rows:>8} {'first paint':18} {paint:9.0f} {bare:9.0f}  < 200")
        search = _searcher(app, register, page)
        for word in words:
            runs = [search(word) for _ in range(args.repeat)]
            ours = statistics.median(r[0] for r in runs)
            counted = statistics.median(r[1] for r in runs)
            base = statistics.median(_ms(_bare_search(conn, table, word), args.repeat))
            print(f"{register:6} {rows:>8} {'search ' + word:18} {ours:9.1f} {base:9.1f}  < 50"
                  f"   {counted:16.1f}")  # fmt: skip
        page.close()


def _table_name(key: str) -> str:
    return {"incoming": "incoming_docs", "outgoing": "outgoing_docs",
            "tasks": "supervision_tasks"}.get(key, key)  # fmt: skip


if __name__ == "__main__":
    main()

"""Time to first paint of a list over 200,000 rows vs 200 rows, and memory while scrolling.

    python bench/paged_model.py [ROWS]

Prints, in one run: a bare QStandardItemModel of 200 rows; PagedTableModel over a fast
in-memory source of ROWS rows; PagedTableModel over ROWS audit entries in a SQLite data
folder (made in a temporary folder, filled by a bulk insert). For each paged list it then
scrolls to the end page by page and prints the process RSS before and after.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QTableView

from app.config import DataDir
from app.ui.kit.paged_model import Col, PagedTableModel, ServiceSource, Sort

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
HEADERS = ["收文编号", "来文机关", "标题", "收文日期", "份数"]


def rss_mb() -> float:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:  # not Linux: the peak is the best the standard library offers
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class FastSource:
    columns: Sequence[Col] = [Col(h) for h in HEADERS]

    def count(self) -> int:
        return ROWS

    def fetch(self, offset: int, limit: int, sort: Sort | None) -> list[tuple]:
        end = min(offset + limit, ROWS)
        return [(i, f"收〔2026〕{i}号", "县委办公室", f"关于做好第{i}项工作的通知",
                 "2026-03-05", 2) for i in range(offset, end)]  # fmt: skip

    def sort_key(self, column: int) -> str | None:
        return None


class PaintWatch(QObject):
    painted = False

    def eventFilter(self, _obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted = True
        return False


def first_paint(make_model: Callable[[], object]) -> tuple[float, QTableView]:
    """Seconds from building the model to the table's first painted rows."""
    app = QApplication.instance()
    start = time.perf_counter()
    view = QTableView()
    watch = PaintWatch(view)
    view.viewport().installEventFilter(watch)
    view.setModel(make_model())  # type: ignore[arg-type]
    view.resize(1000, 700)
    view.show()
    while not watch.painted:
        app.processEvents()  # type: ignore[union-attr]
    app.processEvents()  # type: ignore[union-attr]
    return time.perf_counter() - start, view


def standard_model(rows: int) -> QStandardItemModel:
    model = QStandardItemModel(0, len(HEADERS))
    model.setHorizontalHeaderLabels(HEADERS)
    for row in FastSource().fetch(0, rows, None):
        model.appendRow([QStandardItem(str(v)) for v in row[1:]])
    return model


def scroll_to_end(view: QTableView, step: int = 150) -> None:
    """Scroll down in steps smaller than a page of the model, painting each screen."""
    model = view.model()
    app = QApplication.instance()
    for row in [*range(0, model.rowCount(), step), model.rowCount() - 1]:
        view.scrollTo(model.index(row, 0), QTableView.ScrollHint.PositionAtTop)
        view.viewport().repaint()
        app.processEvents()  # type: ignore[union-attr]


def audit_database(folder: Path) -> ServiceSource:
    """A migrated data folder with ROWS audit entries (bulk insert: this is a bench)."""
    from sqlalchemy import insert

    from app.db import open_database, unit_of_work
    from app.models.audit import AuditEntry
    from app.services import audit
    from app.services.context import SYSTEM
    from app.services.modules import load_all

    load_all()
    open_database(DataDir(folder).ensure())
    base = datetime(2026, 1, 1, tzinfo=UTC)
    with unit_of_work(SYSTEM) as session:
        session.execute(insert(AuditEntry), [
            {"user_id": None, "username": "文书", "action": "新增", "entity": "收文",
             "entity_id": str(i), "summary": f"关于做好第{i}项工作的通知",
             "at": base + timedelta(minutes=i), "before_json": None, "after_json": None}
            for i in range(ROWS)
        ])  # fmt: skip

    def rows(session, flt, **kw):  # type: ignore[no-untyped-def]
        page = audit.page(session, flt, **kw)
        return [(r.id, r.at, r.username, r.action, r.entity, r.summary) for r in page]

    cols = [Col(h) for h in ("时间", "用户", "操作", "对象", "摘要")]
    return ServiceSource(cols, rows, audit.count, audit.AuditFilter(), SYSTEM)


def report(name: str, seconds: float, view: QTableView | None = None) -> None:
    print(f"{name:<42} 首次绘制 {seconds * 1000:8.1f} ms", flush=True)
    if view is None:
        return
    model = view.model()
    t = time.perf_counter()
    view.scrollToBottom()  # Ctrl+End / dragging the bar down: one deep page
    view.viewport().repaint()
    print(f"{'':<42} 跳到末行 {(time.perf_counter() - t) * 1000:8.1f} ms")
    view.scrollToTop()
    before = rss_mb()
    t = time.perf_counter()
    scroll_to_end(view)
    took = time.perf_counter() - t
    assert isinstance(model, PagedTableModel)
    last = model.data(model.index(model.rowCount() - 1, 0))
    print(f"{'':<42} 滚动到底 {took:6.1f} s，RSS {before:.1f} → {rss_mb():.1f} MB，"
          f"读取 {model.fetches} 页，缓存 {model.cached_rows()} 行，末行 {last}")  # fmt: skip


def median_paint(make_model: Callable[[], object], runs: int = 3) -> tuple[float, QTableView]:
    """The median of a few first paints (the machine is shared: single runs are noisy)."""
    results = [first_paint(make_model) for _ in range(runs)]
    for _, view in results[:-1]:
        view.close()
    return sorted(t for t, _ in results)[runs // 2], results[-1][1]


def main() -> None:
    app = QApplication.instance() or QApplication([])
    first_paint(lambda: standard_model(20))  # warm up fonts and styles first
    seconds, _ = median_paint(lambda: standard_model(200))
    report("QStandardItemModel, 200 行", seconds)
    seconds, view = median_paint(lambda: PagedTableModel(FastSource()))
    report(f"PagedTableModel（内存数据源）, {ROWS} 行", seconds, view)
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        source = audit_database(Path(tmp))
        print(f"（写入 {ROWS} 条审计记录用时 {time.perf_counter() - t:.1f} s）")
        seconds, view = median_paint(lambda: PagedTableModel(source))
        report(f"PagedTableModel（SQLite 审计表）, {ROWS} 行", seconds, view)
        from app.db.session import dispose

        view.close()
        dispose()
    app.quit()


if __name__ == "__main__":
    main()

"""导出 (Ctrl+E): write the current filtered list to .xlsx or .pdf, off the GUI thread.

Usage::

    def current_table() -> ReportTable:              # runs on a worker thread
        return ops.perform(actor, lambda s: exports.incoming_register(s, query_now))

    export = ExportAction(page, current_table, default_name="收文登记簿")
    toolbar.addAction(export)                 # the page gets Ctrl+E as well
    export.exported.connect(lambda path: ...)

With ``capture=lambda: self.flt`` the value is taken on the GUI thread when the clerk
presses Ctrl+E and handed to ``make_table(captured)`` on the worker thread.
The file name is asked with QFileDialog (tests set ``export.ask_path``); the suffix picks
the writer (``app.reports.write_report``). Errors are shown with show_error.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QWidget

from app import clock
from app.reports.table import ReportTable
from app.services.errors import StorageError, ValidationError
from app.ui.tasks import Task, Token, run_task

FILTERS = "Excel 文件 (*.xlsx);;PDF 文件 (*.pdf)"
SUFFIXES = (".xlsx", ".pdf")
Writer = Callable[[Any, Path], Any]  # (what make_table made, path): a ReportTable by default


def default_writer(table: ReportTable, path: Path) -> Any:
    from app.reports import write_report  # lands with the report kit

    return write_report(table, path)


class ExportAction(QAction):
    exported = Signal(str)  # the path written

    def __init__(
        self,
        parent: QWidget,
        make_table: Callable[..., Any],  # a ReportTable, or what a page's own writer takes
        *,
        default_name: str = "导出",
        writer: Writer = default_writer,
        capture: Callable[[], Any] | None = None,
        stem: Callable[[], str] | None = None,
    ) -> None:
        super().__init__("导出", parent)
        self._page = parent
        self._make_table = make_table
        self._capture = capture
        self._writer = writer
        self.default_name = default_name
        self.stem = stem  # the name from what the list shows now (its year or dates)
        self.last_dir = ""
        self.ask_path: Callable[[], str | None] = self._ask_path
        self.task: Task | None = None
        self.setShortcut(QKeySequence("Ctrl+E"))
        # Ctrl+E works as soon as the page shows, without a click into it; the pages the
        # stack hides are not asked.
        self.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.setToolTip("把当前筛选出的列表导出为 Excel 或 PDF（Ctrl+E）")
        self.triggered.connect(self.start)
        parent.addAction(self)  # the shortcut works anywhere in the page

    def suggested_name(self) -> str:
        """What the file is called unless the clerk renames it: 收文登记簿-2026, in Chinese."""
        if self.stem is not None:
            return self.stem()
        if re.search(r"\d{4}$", self.default_name):
            return self.default_name  # the page named the year itself (the filter's)
        return f"{self.default_name}-{clock.today().year}"

    def _ask_path(self) -> str | None:
        name = f"{self.suggested_name()}.xlsx"
        start = str(Path(self.last_dir or Path.home()) / name)
        path, chosen = QFileDialog.getSaveFileName(self._page, "导出", start, FILTERS)
        if not path:
            return None
        if Path(path).suffix.lower() not in SUFFIXES:
            path += ".pdf" if "pdf" in chosen.lower() else ".xlsx"
        return path

    def start(self) -> Task | None:
        """Ask for a file, then build the table and write it on a worker thread."""
        answer = self.ask_path()
        if not answer:
            return None
        path = Path(answer)
        self.last_dir = str(path.parent)
        # capture() runs here, on the GUI thread: the filter as it is on screen now.
        args = () if self._capture is None else (self._capture(),)
        self.task = run_task(self._page, f"正在导出到 {path.name} …", self._work(path, args),
                             on_done=lambda _n: self._done(path))  # fmt: skip
        return self.task

    def _work(self, path: Path, args: tuple[Any, ...]) -> Callable[[Token], Any]:
        def work(token: Token) -> Any:
            if path.suffix.lower() not in SUFFIXES:
                raise ValidationError("只能导出为 .xlsx 或 .pdf 文件。", field="path")
            table = self._make_table(*args)
            token.check()
            try:
                return self._writer(table, path)
            except OSError as exc:  # on Windows: mostly the file is open in Excel/WPS
                raise StorageError(
                    f"无法写入“{path.name}”：文件可能正在 Excel/WPS 中打开，"
                    "或该文件夹不可写。请关闭文件或换个位置后重试。",
                    str(exc),
                ) from exc

        return work

    def _done(self, path: Path) -> None:
        window = self._page.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(f"已导出：{path}", 8000)
        self.exported.emit(str(path))

"""What the 档案 tabs share: their lists, the year box, reads through ops, and the 打印 menu."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import (
    QFileDialog,
    QMenu,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QWidget,
)

from app import clock
from app.services.context import Actor
from app.services.errors import ConflictError
from app.services.registry import ExportQuery
from app.ui import ops
from app.ui.exporting import export_kind
from app.ui.kit import FormDialog, shortcut
from app.ui.kit.small_table import fill_small_table, small_table
from app.ui.messages import offer_reload
from app.ui.tasks import Task

REGISTER = "档案"  # what the changes here touch: the 目录 and the other 档案 tabs reload
REGISTERS = ("档案", "收文", "发文")  # 归档 and 撤出 also change the registers' 档号
T = TypeVar("T")
D = TypeVar("D", bound=FormDialog)
W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str) -> W:
    """The widget with its objectName (tests find it so); the stubs take no keyword for it."""
    widget.setObjectName(name)
    return widget


FILTERS = "PDF 文件 (*.pdf);;Excel 文件 (*.xlsx)"


def read(page: QWidget, actor: Actor, fn: Callable[..., T], *args: Any, empty: Any) -> T:
    """A read through ops; on failure the clerk was told and ``empty`` stands in."""
    found = ops.query(page, actor, lambda session: fn(session, *args))
    return empty if found is None else found


def conflict_aware(dialog: D, reload: Callable[[], None]) -> D:
    """A save refused because someone saved first: the red line says who and when, and a
    box offers 重新载入 (``reload`` reads the record again into a fresh form)."""
    save = dialog.save

    def guarded() -> Any:
        try:
            return save()
        except ConflictError as exc:
            offer_reload(dialog, exc, reload)
            raise

    dialog.save = guarded  # type: ignore[method-assign]
    return dialog


def table(name: str, headers: tuple[str, ...], multi: bool) -> QTableWidget:
    """A read-only list that selects whole rows (several with Shift/Ctrl when multi)."""
    return small_table(name, headers, multi)


fill = fill_small_table


def selected_rows(view: QTableWidget) -> list[int]:
    return sorted({index.row() for index in view.selectionModel().selectedRows()})


def year_box(value: int | None = None) -> QSpinBox:
    spin = QSpinBox()
    spin.setObjectName("year")
    spin.setRange(1949, 2100)
    spin.setValue(value or clock.today().year - 1)  # filing is for last year's documents
    spin.setSuffix(" 年度")
    return spin


class Prints:
    """A tab's 打印 button: a menu of the 档案 prints (the CLI's export kinds), each written
    as PDF (or xlsx) off the GUI thread by app.ui.exporting; ``query()`` is the tab's year
    and filters as shown. Tests replace ``ask_path``."""

    def __init__(self, page: QWidget, actor: Actor, kinds: list[tuple[str, str]],
                 query: Callable[[], ExportQuery]) -> None:  # fmt: skip
        self.page, self.actor, self.query = page, actor, query
        self.ask_path: Callable[[str], str] = self._ask_path
        self.task: Task | None = None
        self.button = QPushButton("打印…（Ctrl+E）")
        self.button.setObjectName("prints")
        self.button.setToolTip("生成 A4 的 PDF（或 Excel），打开后打印")
        shortcut(page, "Ctrl+E", self.pop_up)  # as 导出 on the other pages
        self.menu = QMenu(self.button)
        for title, kind in kinds:
            action = self.menu.addAction(title)
            action.setObjectName(kind)
            action.triggered.connect(lambda _c=False, k=kind, t=title: self.start(k, t))
        self.button.setMenu(self.menu)

    def pop_up(self) -> None:
        """The menu under its button, the first print chosen: Enter prints it."""
        self.menu.popup(self.button.mapToGlobal(QPoint(0, self.button.height())))
        self.menu.setActiveAction(self.menu.actions()[0])

    def _ask_path(self, name: str) -> str:
        path, chosen = QFileDialog.getSaveFileName(self.page, "打印", f"{name}.pdf", FILTERS)
        if path and Path(path).suffix.lower() not in (".pdf", ".xlsx"):
            path += ".xlsx" if "xlsx" in chosen else ".pdf"
        return path

    def start(self, kind: str, title: str = "") -> Task | None:
        query = self.query()
        name = f"{title or kind}-{query.year}" if query.year else title or kind
        path = self.ask_path(name.replace("…", ""))
        if not path:
            return None
        self.task = export_kind(self.page, self.actor, kind, Path(path), query)
        return self.task

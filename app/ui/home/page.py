"""首页: greeting with the unit and today's date, then the 待办 list sorted by urgency."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.services import settings, todo
from app.services.calendar import weekday_name
from app.services.context import Actor
from app.services.registry import TodoItem
from app.services.session import unit_of_work
from app.ui import ops
from app.ui.messages import EXPECTED, error_text

HEADERS = ("模块", "事项", "说明", "期限", "剩余/逾期")
COLOURS = {"逾期": "#fde2e1", "今日": "#fff1c2", "临期": "#fff8e1", "提示": "#ffffff"}
TEXT_COLOURS = {"逾期": "#9b1c1c", "今日": "#8a5a00"}
_Index = QModelIndex | QPersistentModelIndex


def days_text(item: TodoItem) -> str:
    if item.days_left is None:
        return ""
    if item.days_left < 0:
        return f"逾期 {-item.days_left} 天"
    return "今天" if item.days_left == 0 else f"剩 {item.days_left} 天"


class TodoModel(QAbstractTableModel):
    """The 待办 list: a few dozen lines at most, so it holds them all."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[TodoItem] = []

    def set_items(self, items: list[TodoItem]) -> None:
        self.beginResetModel()
        self.items = items
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def data(self, index: _Index, role: int = 0) -> object:
        if not index.isValid():
            return None
        item = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            due = item.due.isoformat() if item.due else ""
            return (item.module, item.title, item.detail, due, days_text(item))[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(COLOURS.get(item.severity, "#ffffff")))
        if role == Qt.ItemDataRole.ForegroundRole and item.severity in TEXT_COLOURS:
            return QBrush(QColor(TEXT_COLOURS[item.severity]))
        return None


class HomePage(QWidget):
    open_page = Signal(str)  # the main window shows that module's page

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.greeting = QLabel()
        self.greeting.setObjectName("greeting")
        self.summary = QLabel()
        self.summary.setObjectName("hint")
        self.model = TodoModel()
        self.table = self._table()
        refresh = QPushButton("刷新")
        refresh.clicked.connect(self.refresh_later)
        self.reads = ops.Latest(self, actor)
        self.pending = QLabel()
        self.pending.setObjectName("hint")
        self.pending.setWordWrap(True)
        self._layout(refresh)
        self.pending.setText(_pending_modules())

    def _table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 80), (2, 240), (3, 110), (4, 110)):
            table.setColumnWidth(column, width)
        table.doubleClicked.connect(self._open)
        table.activated.connect(self._open)  # Enter on a line opens it too
        return table

    def _layout(self, refresh: QPushButton) -> None:
        top = QHBoxLayout()
        top.addWidget(self.greeting, 1)
        top.addWidget(refresh)
        title = QLabel("待办事项")
        title.setObjectName("pageTitle")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(title)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.pending)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh_later()

    def refresh_later(self) -> None:
        """On show and 刷新: the 待办 read off the GUI thread (every register's; a newer wins)."""
        today = clock.today()
        self.reads.run(lambda s: _read(s, today), lambda found: self._show(today, *found))

    def refresh(self) -> None:
        """The 待办 read at once (tests, and after the clerk's own change)."""
        today = clock.today()
        try:
            with unit_of_work(self.actor) as session:
                found = _read(session, today)
        except EXPECTED as exc:
            self.error(error_text(exc))
            return
        self._show(today, *found)

    def error(self, text: str) -> None:
        """Where ops.Latest tells a failed read."""
        self.summary.setText(f"待办读取失败：{text}")

    def _show(self, today: date, org: str, items: list[TodoItem]) -> None:
        self.greeting.setText(_greeting(self.actor.display_name, org, today))
        self.model.set_items(items)
        self.summary.setText(_summary(items))

    def _open(self, index: QModelIndex) -> None:
        item = self.model.items[index.row()]
        if item.page:
            self.open_page.emit(item.page)


def _read(session: Any, today: date) -> tuple[str, list[TodoItem]]:
    return settings.org_name(session), todo.collect(session, today)


def _greeting(name: str, org: str, today: date) -> str:
    day = f"{today.year}年{today.month}月{today.day}日"
    return f"{name}，您好！　{org}　今天是 {day}　{weekday_name(today)}"


def _summary(items: list[TodoItem]) -> str:
    """Totals count what the closing “另有 N 件” lines stand for, not the lines themselves."""
    if not items:
        return "目前没有待办事项。"
    listed = [i for i in items if not i.hidden]
    hidden = sum(i.hidden for i in items)
    counts = {s: sum(1 for i in listed if i.severity == s) for s in todo.SEVERITY_ORDER}
    parts = [f"{s} {n} 项" for s, n in counts.items() if n]
    more = f"；另有 {hidden} 项未逐条列出" if hidden else ""
    total = len(listed) + hidden
    return (
        f"共 {total} 项，列出 {len(listed)} 项："
        + "，".join(parts)
        + more
        + ("。双击一行可打开对应模块。")
    )


def _pending_modules() -> str:
    from app.ui.pages import PAGES

    waiting = [spec.title for spec in PAGES if spec.factory is None]
    if not waiting:
        return ""
    return f"以下模块尚未上线，暂不提供待办：{'、'.join(waiting)}。"

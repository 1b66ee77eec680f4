"""首页's 待办 table model: one line per item, in the order the service gives."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app import clock
from app.services import todo
from app.services.registry import MORE, TodoItem

HEADERS = ("时段", "模块", "事项", "说明", "情况", "期限", "剩余/逾期")
COLOURS = {"逾期": "#fde2e1", "今日": "#fff1c2", "临期": "#fff8e1", "提示": "#ffffff"}
TEXT_COLOURS = {"逾期": "#9b1c1c", "今日": "#8a5a00"}
_Index = QModelIndex | QPersistentModelIndex


def days_text(item: TodoItem) -> str:
    """How much time is left: minutes and hours for a clock that runs by the hour."""
    if item.due_at is not None:
        minutes = int((item.due_at - clock.now()).total_seconds() // 60)
        span = _span(abs(minutes))
        return f"超时 {span}" if minutes < 0 else f"剩 {span}"
    if item.days_left is None or item.severity == MORE:
        return ""
    if item.days_left < 0:
        return f"逾期 {-item.days_left} 天"
    return "今天" if item.days_left == 0 else f"剩 {item.days_left} 天"


def _span(minutes: int) -> str:
    if minutes < 60:
        return f"{minutes} 分钟"
    if minutes < 48 * 60:
        return f"{minutes // 60} 小时 {minutes % 60} 分"
    return f"{minutes // (24 * 60)} 天"


def due_text(item: TodoItem) -> str:
    if item.due_at is not None:
        return f"{item.due_at.astimezone():%m-%d %H:%M}"
    if item.filter == "逾期":
        return ""  # the title names the earliest
    return item.due.isoformat() if item.due else ""


class TodoModel(QAbstractTableModel):
    """The 待办 list: short (overdue lines are folded per module), so it holds them all."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[TodoItem] = []
        self.today = date.min

    def set_items(self, items: list[TodoItem], today: date) -> None:
        self.beginResetModel()
        self.items, self.today = items, today
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def texts(self, row: int) -> tuple[str, ...]:
        item = self.items[row]
        part = todo.section(item, self.today)
        return (part, item.module, item.title, item.action, item.detail, due_text(item),
                days_text(item))  # fmt: skip

    def data(self, index: _Index, role: int = 0) -> object:
        if not index.isValid():
            return None
        item = self.items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.texts(index.row())[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(COLOURS.get(item.severity, "#ffffff")))
        if role == Qt.ItemDataRole.ForegroundRole and item.severity in TEXT_COLOURS:
            return QBrush(QColor(TEXT_COLOURS[item.severity]))
        return None

"""The case list: a paged table model over the register, late clocks painted red."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.services.context import Actor
from app.services.session import unit_of_work
from app.services.visits.queries import CaseFilter, CaseRow, count_cases, list_cases

PAGE = 200
Index = QModelIndex | QPersistentModelIndex


def _clock_text(r: CaseRow) -> str:
    if r.days_left is None:
        return ""
    if r.days_left < 0:
        return f"{r.next_clock}逾期{-r.days_left}天"
    return f"{r.next_clock}剩{r.days_left}天"


def _d(day: date | None) -> str:
    return day.isoformat() if day else ""


# the clock columns come early: they are what the clerk scans the list for
COLUMNS: tuple[tuple[str, Any, int], ...] = (
    ("登记编号", lambda r: r.reg_no, 80),
    ("登记日期", lambda r: _d(r.received_on), 90),
    ("信访人", lambda r: r.names, 110),
    ("村/社区", lambda r: r.village, 80),
    ("反映问题", lambda r: r.issue, 220),
    ("状态", lambda r: r.state, 70),
    ("期限", _clock_text, 110),
    ("类别", lambda r: r.category, 85),
    ("受理日期", lambda r: _d(r.accepted_on), 90),
    ("告知期限", lambda r: _d(r.notify_due), 90),
    ("办结期限", lambda r: _d(r.conclude_due), 90),
    ("形式", lambda r: r.form, 65),
    ("初/重", lambda r: "重复访" if r.is_repeat else "初访", 55),
    ("处理方式", lambda r: r.handling, 70),
    ("证件号", lambda r: r.id_number, 150),
    ("电话", lambda r: r.phone, 100),
)
CLOCK_COLUMN = 6
LATE = QColor("#c62828")
SOON = QColor("#e65100")


class CaseTableModel(QAbstractTableModel):
    """Holds the rows fetched so far; fetchMore asks the service for the next page."""

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.filter = CaseFilter()
        self.rows: list[CaseRow] = []
        self.total = 0

    def reload(self, flt: CaseFilter | None = None) -> None:
        self.beginResetModel()
        self.filter = flt or self.filter
        with unit_of_work(self.actor) as session:
            self.total = count_cases(session, self.filter)
            self.rows = list_cases(session, self.filter, limit=PAGE)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        with unit_of_work(self.actor) as session:
            more = list_cases(session, self.filter, offset=len(self.rows), limit=PAGE)
        if more:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
            self.rows += more
            self.endInsertRows()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][0]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[index.column()][1](row)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._colour(row, index.column())
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def _colour(self, row: CaseRow, column: int) -> QBrush | None:
        if row.overdue:
            return QBrush(LATE)
        if column == CLOCK_COLUMN and row.days_left is not None and row.days_left <= 7:
            return QBrush(SOON)
        return None

    def row_at(self, index: int) -> CaseRow | None:
        return self.rows[index] if 0 <= index < len(self.rows) else None

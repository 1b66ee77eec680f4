"""Small pieces the 用印 tabs share: the register name, date-time fields, the dialog base."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.context import Actor
from app.services.errors import ValidationError
from app.ui.kit import DateTimeEdit, FormDialog, empty_hint

SEALS = ("用印",)  # what a 用印 change touches (ops.watch): seals, uses, loans
D = TypeVar("D", bound=QDialog)
FORMAT = "%Y-%m-%d %H:%M"


def show_moment(moment: datetime | None) -> str:
    return "" if moment is None else moment.astimezone().strftime(FORMAT)


class MomentEdit(DateTimeEdit):
    """The kit's date-time field; moment() refuses unreadable text with the field named."""

    def __init__(self, value: datetime | None = None, placeholder: str = "") -> None:
        super().__init__()
        if value is not None:
            self.setDateTime(value)
        if placeholder:
            self.setPlaceholderText(placeholder)

    def moment(self, label: str, field: str, required: bool = True) -> datetime | None:
        value = self.dateTime()
        if value is None and (required or self.text().strip()):
            text = self.text().strip() or "（空）"
            raise ValidationError(f"{label}无法识别：{text}，请写成 2026-03-05 09:30", field)
        return value


class SealsDialog(FormDialog):
    """The kit's form dialog acting as the clerk; save() runs one service call."""

    def __init__(self, actor: Actor, title: str, parent: QWidget | None = None,
                 ok_text: str = "保存") -> None:  # fmt: skip
        super().__init__(parent, title, ok_text=ok_text)
        self.actor = actor
        self.setMinimumWidth(460)


def open_dialog(dialog: D, on_saved: Callable[[], Any]) -> D:
    """Open a dialog window-modal; the list is read again once it saved, or when its save
    was refused because someone saved the record first and the clerk chose 重新载入."""
    dialog.accepted.connect(on_saved)
    if isinstance(dialog, FormDialog):
        dialog.reload = on_saved
    dialog.open()
    return dialog


def combo_data(combo: QComboBox) -> Any:
    return combo.currentData()


class TableTab(QWidget):
    """A short list (seals, loans) with a row of buttons above it.

    Buttons named in needs_row act on the selected row: they are greyed out until a row
    the action fits (row_ready) is selected, rather than doing nothing when pressed.
    """

    needs_row: frozenset[str] = frozenset()
    empty_text = "还没有记录。"  # what to do first, in the middle of the empty table

    def __init__(self, actor: Actor, name: str, headers: tuple[str, ...],
                 buttons: list[tuple[str, str, Callable[[], Any]]]) -> None:  # fmt: skip
        super().__init__()
        self.actor = actor
        self.table = QTableWidget(0, len(headers))
        self.table.setObjectName(name)
        self.table.setHorizontalHeaderLabels(list(headers))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.empty = empty_hint(self.table, self.empty_text)
        bar = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for text, object_name, slot in buttons:
            button = QPushButton(text)
            button.setObjectName(object_name)
            button.clicked.connect(slot)
            bar.addWidget(button)
            self.buttons[object_name] = button
        bar.addStretch(1)
        self.table.itemSelectionChanged.connect(self.update_buttons)
        self.update_buttons()
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.loaded = False  # a tab that does not read in __init__ reads when first shown

    def reload(self) -> None:
        """Read the rows and fill() them (each tab says what it reads)."""
        raise NotImplementedError

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.loaded:
            self.reload()

    def fill(self, rows: list[tuple[str, ...]], red: set[int] | None = None) -> None:
        """Show rows; those whose index is in red are drawn in red (overdue)."""
        self.loaded = True
        self.table.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if red and r in red:
                    item.setForeground(QBrush(QColor("#b00020")))
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.update_buttons()

    def row_ready(self, row: int) -> bool:
        """Whether the needs_row buttons fit this row (a loan already returned: no 归还)."""
        return True

    def update_buttons(self) -> None:
        selected = self.table.selectionModel().selectedRows()
        row = selected[0].row() if selected else -1
        for name in self.needs_row:
            self.buttons[name].setEnabled(row >= 0 and self.row_ready(row))

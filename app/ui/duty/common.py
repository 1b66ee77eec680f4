"""Small helpers every 值班 tab uses: the register name, inline messages, plain tables."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from app.common.dates import parse_date
from app.services.context import Actor

DUTY = ("值班",)  # what a 值班 change touches (ops.watch)


class Message(QLabel):
    """An inline line for errors (red) and confirmations (green): no modal box to dismiss."""

    def __init__(self) -> None:
        super().__init__("")
        self.setWordWrap(True)
        self.setObjectName("message")

    def error(self, text: str) -> None:
        self.setStyleSheet("color: #b00020;")
        self.setText(text)

    def ok(self, text: str) -> None:
        self.setStyleSheet("color: #1b5e20;")
        self.setText(text)


def table(headers: Sequence[str]) -> QTableWidget:
    view = QTableWidget(0, len(headers))
    view.setHorizontalHeaderLabels(list(headers))
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def fill(view: QTableWidget, rows: Sequence[Sequence[Any]], keys: Sequence[Any] = ()) -> None:
    """Replace the rows; keys (ids, dates) ride on column 0 as UserRole data."""
    view.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem("" if value is None else str(value))
            if c == 0 and keys:
                item.setData(Qt.ItemDataRole.UserRole, keys[r])
            view.setItem(r, c, item)


def selected_key(view: QTableWidget) -> Any:
    row = view.currentRow()
    item = view.item(row, 0) if row >= 0 else None
    return None if item is None else item.data(Qt.ItemDataRole.UserRole)


def kept_selection(view: QTableWidget, reload: Callable[[], None]) -> Callable[[], None]:
    """For ops.watch: the list read again after a change made elsewhere, the same row still
    selected and no selection signal sent (a form beside the list keeps what is typed)."""

    def again() -> None:
        key = selected_key(view)
        view.blockSignals(True)
        try:
            reload()
            rows = (view.item(r, 0) for r in range(view.rowCount()))
            found = [n for n, item in enumerate(rows) if item is not None
                     and item.data(Qt.ItemDataRole.UserRole) == key]  # fmt: skip
            if key is not None and found:
                view.selectRow(found[0])
        finally:
            view.blockSignals(False)

    return again


def date_of(text: str, message: Message, what: str) -> Any:
    day = parse_date(text.strip())
    if day is None:
        message.error(f"{what}“{text}”无法识别，可写 2026-03-05、2026.3.5、20260305")
    return day


def open_import(
    parent: QWidget, actor: Actor, kind: str, on_imported: Callable[[], None], path: Path | None
) -> QWidget:
    """The import dialog (read, check and import in the background) for a 值班 sheet: the
    tab stays usable, and closing the dialog mid-import leaves the import to finish."""
    from app.ui.kit.import_dialog import ImportDialog  # reading sheets loads at first use

    dialog = ImportDialog(parent, actor, kind, on_imported)
    dialog.open()
    if path is not None:
        dialog.path.setText(str(path))
        dialog.check()
    return dialog

"""A small read-only list (a QTableWidget) for tabs whose rows all fit at once."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QTableWidget, QTableWidgetItem


def small_table(name: str, headers: tuple[str, ...], multi: bool = False) -> QTableWidget:
    """A read-only list that selects whole rows (several with Shift/Ctrl when multi)."""
    view = QTableWidget(0, len(headers))
    view.setObjectName(name)
    view.setHorizontalHeaderLabels(list(headers))
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    mode = QAbstractItemView.SelectionMode
    view.setSelectionMode(mode.ExtendedSelection if multi else mode.SingleSelection)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    return view


def fill_small_table(view: QTableWidget, rows: list[tuple[object, ...]]) -> None:
    """Put ``rows`` in the list as text (None as blank) and fit the columns to them."""
    view.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            view.setItem(r, c, QTableWidgetItem("" if value is None else str(value)))
    view.resizeColumnsToContents()

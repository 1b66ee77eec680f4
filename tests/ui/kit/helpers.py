"""Test helpers: an in-memory PagedSource, and showing a window as the active one."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from PySide6.QtWidgets import QWidget

from app.ui.kit.paged_model import Col, Sort

COLUMNS = [Col("编号"), Col("标题"), Col("日期"), Col("份数")]


class FakeSource:
    """n rows computed on demand (nothing held), sortable by 标题 and 份数."""

    columns: Sequence[Col] = COLUMNS

    def __init__(self, n: int) -> None:
        self.n = n
        self.fetch_calls: list[tuple[int, int, Sort | None]] = []

    def count(self) -> int:
        return self.n

    def _row(self, i: int) -> tuple:
        day = date(2026, 1, 1) + timedelta(days=i % 365)
        return (i + 1, f"第{i + 1}号", f"标题{i % 97:02d}", day, (i * 7) % 13, i % 5 == 0)

    def fetch(self, offset: int, limit: int, sort: Sort | None) -> list[tuple]:
        self.fetch_calls.append((offset, limit, sort))
        order: Sequence[int] = range(self.n)
        if sort is not None:
            key = {"title": lambda i: (i % 97, i), "copies": lambda i: ((i * 7) % 13, i)}[sort.key]
            order = sorted(order, key=key, reverse=sort.descending)
        return [self._row(i) for i in order[offset : offset + limit]]

    def sort_key(self, column: int) -> str | None:
        return {1: "title", 3: "copies"}.get(column)


def show_active(qtbot, widget: QWidget) -> QWidget:  # type: ignore[no-untyped-def]
    """Show widget as the active window: shortcuts (Ctrl+F, Ctrl+N…) only fire there."""
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.windowHandle().requestActivate()  # activateWindow() is not enough offscreen
    qtbot.waitUntil(widget.isActiveWindow)
    return widget

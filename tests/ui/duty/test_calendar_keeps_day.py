"""The 日历 tab keeps the clerk's day selected through a correction and a reload."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from app.ui.duty.calendar_tab import DutyCalendarTab
from tests.ui.typing_helpers import type_text


def test_the_corrected_day_stays_selected_for_the_next_correction(qtbot, admin):
    tab = DutyCalendarTab(admin)
    qtbot.addWidget(tab)
    tab.select(date(2026, 10, 9))
    type_text(qtbot, tab.name, "镇庆")
    qtbot.mouseClick(tab.apply, Qt.MouseButton.LeftButton)
    assert tab.selected_day() == date(2026, 10, 9)
    assert "镇庆" in tab.grid.currentItem().text()
    assert [i.data(Qt.ItemDataRole.UserRole) for i in tab.grid.selectedItems()] == [
        date(2026, 10, 9)
    ]
    tab.reload()
    assert tab.selected_day() == date(2026, 10, 9)

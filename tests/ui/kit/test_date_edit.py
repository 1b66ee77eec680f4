"""DateEdit / DateTimeEdit typed as a clerk types them."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from app import clock
from app.ui.kit.date_edit import DateEdit, DateTimeEdit
from tests.ui.typing_helpers import type_text


@pytest.fixture
def form(qtbot):
    """A DateEdit with a neighbour to tab to."""
    box = QWidget()
    lay = QVBoxLayout(box)
    edit, other = DateEdit(), QLineEdit()
    lay.addWidget(edit)
    lay.addWidget(other)
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    yield edit, other
    box.close()  # the box is held here: qtbot keeps only a weak reference


@pytest.mark.parametrize(
    "typed", ["2026-03-05", "2026.3.5", "2026年3月5日", "20260305", "2026/3/5"]
)
def test_every_form_becomes_iso_on_enter(qtbot, form, typed):
    edit, _ = form
    type_text(qtbot, edit, typed)
    with qtbot.waitSignal(edit.dateChanged) as changed:
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert changed.args == [date(2026, 3, 5)]
    assert edit.text() == "2026-03-05"
    assert edit.date() == date(2026, 3, 5) and edit.is_valid()


def test_leaving_the_field_normalises(qtbot, form):
    edit, other = form
    type_text(qtbot, edit, "2026年12月1日")
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert other.hasFocus()
    assert edit.text() == "2026-12-01"


def test_unreadable_text_is_marked_then_cleared_while_fixing(qtbot, form):
    edit, _other = form
    type_text(qtbot, edit, "2026.2.30")
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert edit.text() == "2026.2.30"  # left as typed so the clerk can fix it
    assert edit.date() is None and not edit.is_valid()
    assert edit.property("invalid") is True
    assert "无法识别" in edit.toolTip() and "2026.3.5" in edit.toolTip()
    assert "border" in edit.styleSheet()
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    assert edit.property("invalid") is False and edit.styleSheet() == ""
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    type_text(qtbot, edit, "28")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert edit.date() == date(2026, 2, 28)


def test_required_and_set_date(qtbot):
    edit = DateEdit(required=True)
    qtbot.addWidget(edit)
    assert not edit.is_valid() and "必填" in edit.error_text()
    edit.setDate(date(2025, 1, 9))
    assert edit.text() == "2025-01-09" and edit.is_valid()
    edit.setDate(None)
    assert edit.text() == "" and edit.date() is None


@pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen popups: raise, grab
def test_calendar_popup_fills_the_field(qtbot, form):
    edit, _ = form
    edit.setDate(date(2026, 3, 5))
    popup = edit.show_calendar()
    assert popup.isVisible() and popup.selectedDate() == QDate(2026, 3, 5)
    popup.clicked.emit(QDate(2026, 3, 18))
    assert not popup.isVisible() and edit.date() == date(2026, 3, 18)


@pytest.mark.parametrize(
    "typed", ["2026-03-05 09:30", "2026.3.5 9:30", "2026年3月5日 9时30分", "202603050930"]
)
def test_datetime_forms(qtbot, typed):
    edit = DateTimeEdit()
    qtbot.addWidget(edit)
    edit.show()
    type_text(qtbot, edit, typed)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert edit.text() == "2026-03-05 09:30"
    value = edit.dateTime()
    assert value is not None and value.tzinfo is not None
    assert value.replace(tzinfo=None) == datetime(2026, 3, 5, 9, 30)


def test_datetime_rejects_a_bad_hour(qtbot):
    edit = DateTimeEdit()
    qtbot.addWidget(edit)
    type_text(qtbot, edit, "2026-03-05 25:00")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert edit.dateTime() is None and edit.property("invalid") is True


def test_arrow_keys_move_a_day(qtbot, form):
    edit, _ = form
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    assert edit.date() == clock.today()
    edit.setDate(date(2026, 2, 28))
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    assert edit.text() == "2026-03-01"
    qtbot.keyClick(edit, Qt.Key.Key_Down)
    qtbot.keyClick(edit, Qt.Key.Key_Down)
    assert edit.date() == date(2026, 2, 27)

"""Issue 15: Esc on a form with typed, unsaved work asks 请确认 before throwing it away."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QWidget

from app.ui.kit import Field, FormDialog
from app.ui.kit.unsaved import DISCARD_YES
from app.ui.messages import open_error_boxes
from tests.ui.kit.helpers import show_active
from tests.ui.typing_helpers import press, type_text

FIELDS = [
    Field("who", "签发人"),
    Field("on", "签发日期", "date", default=date(2026, 3, 5)),
    Field("note", "说明", "long"),
    Field("kind", "方式", "choice", ("电话", "书面"), default="书面"),
]


@pytest.fixture
def parent(qtbot) -> QWidget:
    return show_active(qtbot, QWidget())


def _dialog(qtbot, parent, fields=FIELDS) -> FormDialog:
    dialog = FormDialog(parent, "签发", fields, lambda values: None)
    dialog.open()
    qtbot.waitExposed(dialog)
    dialog.windowHandle().requestActivate()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def _asked() -> list[QMessageBox]:
    return [b for b in open_error_boxes() if b.objectName() == "askBox" and b.isVisible()]


def test_esc_on_an_untouched_form_closes_at_once(qtbot, parent):
    dialog = _dialog(qtbot, parent)
    press(qtbot, dialog.inputs["who"], Qt.Key.Key_Escape)
    assert not dialog.isVisible() and _asked() == []


def test_a_prefilled_form_left_as_it_was_closes_at_once(qtbot, parent):
    """An edit form's loaded values are not the clerk's typing."""
    dialog = FormDialog(parent, "修改", FIELDS, lambda values: None)
    dialog.inputs["who"].setText("张镇长")  # a subclass fills in the record it edits
    dialog.open()
    qtbot.waitExposed(dialog)
    dialog.close()  # the window's own close button
    assert not dialog.isVisible() and _asked() == []


def test_esc_on_typed_work_asks_and_keeps_it_when_the_clerk_goes_back(qtbot, parent):
    dialog = _dialog(qtbot, parent)
    type_text(qtbot, dialog.inputs["who"], "张镇长")
    press(qtbot, dialog.inputs["who"], Qt.Key.Key_Escape)
    (box,) = _asked()
    assert box.windowTitle() == "请确认" and "还没有保存" in box.text()
    assert dialog.isVisible()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.No), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _asked() == [])
    assert dialog.isVisible() and dialog.inputs["who"].text() == "张镇长"


def test_esc_on_typed_work_closes_when_the_clerk_gives_it_up(qtbot, parent):
    dialog = _dialog(qtbot, parent)
    type_text(qtbot, dialog.inputs["note"], "第一行")
    press(qtbot, dialog.inputs["who"], Qt.Key.Key_Escape)
    (box,) = _asked()
    give_up = next(b for b in box.buttons() if b.text() == DISCARD_YES)
    qtbot.mouseClick(give_up, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_the_window_button_and_cancel_ask_too(qtbot, parent):
    dialog = _dialog(qtbot, parent)
    dialog.inputs["kind"].setCurrentText("电话")
    dialog.close()  # the title bar's close button
    assert dialog.isVisible() and len(_asked()) == 1
    _asked()[0].close()  # Esc on the question: back to the form
    qtbot.waitUntil(lambda: _asked() == [])
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and len(_asked()) == 1


def test_typing_then_undoing_it_is_nothing_to_lose(qtbot, parent):
    dialog = _dialog(qtbot, parent)
    type_text(qtbot, dialog.inputs["who"], "张")
    dialog.inputs["who"].clear()
    press(qtbot, dialog.inputs["who"], Qt.Key.Key_Escape)
    assert not dialog.isVisible() and _asked() == []


def test_a_saved_form_closes_without_asking(qtbot, parent):
    dialog = _dialog(qtbot, parent)
    type_text(qtbot, dialog.inputs["who"], "张镇长")
    press(qtbot, dialog.inputs["who"], Qt.Key.Key_Return)
    assert not dialog.isVisible() and _asked() == []


def test_reload_after_a_conflict_is_consent_to_lose_the_typing(qtbot, parent):
    """重新载入 says the typing must be done again: a form closing itself then does not ask."""
    from app.services.errors import ConflictError
    from app.ui.messages import RELOAD, offer_reload

    dialog = _dialog(qtbot, parent)
    type_text(qtbot, dialog.inputs["who"], "张镇长")
    box = offer_reload(dialog, ConflictError("已被他人修改。"), dialog.reject)
    qtbot.mouseClick(next(b for b in box.buttons() if b.text() == RELOAD),
                     Qt.MouseButton.LeftButton)  # fmt: skip
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert _asked() == []

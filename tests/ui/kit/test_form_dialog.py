"""The kit's small form dialog, driven by keys: Enter saves, refusals stay in the form."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QWidget

from app.services.errors import StorageError, ValidationError
from app.ui.kit import Field, FormDialog
from app.ui.kit.forms import REQUIRED_HINT
from app.ui.messages import open_error_boxes
from tests.ui.kit.helpers import show_active
from tests.ui.typing_helpers import type_text

FIELDS = [
    Field("who", "签发人"),
    Field("on", "签发日期", "date", default=date(2026, 3, 5)),
    Field("note", "说明", "long"),
    Field("kind", "方式", "choice", ("电话", "书面"), default="书面"),
    Field("done", "已办结", "check"),
]


@pytest.fixture
def parent(qtbot) -> QWidget:
    return show_active(qtbot, QWidget())


def _dialog(qtbot, parent, save) -> FormDialog:
    dialog = FormDialog(parent, "签发", FIELDS, save)
    dialog.open()
    qtbot.waitExposed(dialog)
    dialog.windowHandle().requestActivate()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_enter_in_a_field_saves_what_the_rows_hold(qtbot, parent):
    saved = []
    dialog = _dialog(qtbot, parent, saved.append)
    assert dialog.focusWidget() is dialog.inputs["who"]  # the clerk types at once
    buttons = dialog.buttons
    assert buttons.button(QDialogButtonBox.StandardButton.Ok).text() == "确定（Ctrl+回车）"
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"
    type_text(qtbot, dialog.inputs["who"], "张镇长")
    type_text(qtbot, dialog.inputs["note"], "第一行")
    qtbot.keyClick(dialog.inputs["note"], Qt.Key.Key_Return)  # a new line, not a save
    assert saved == []
    dialog.inputs["on"].clear()
    type_text(qtbot, dialog.inputs["on"], "2026.3.6")
    qtbot.keyClick(dialog.inputs["on"], Qt.Key.Key_Return)
    assert saved == [{"who": "张镇长", "on": date(2026, 3, 6), "note": "第一行",
                      "kind": "书面", "done": False}]  # fmt: skip
    assert not dialog.isVisible()


def test_ctrl_return_saves_from_a_multi_line_field(qtbot, parent):
    """Issue 15: Ctrl+Return in 办理结果 (a multi-line field) did nothing."""
    saved = []
    dialog = _dialog(qtbot, parent, saved.append)
    type_text(qtbot, dialog.inputs["note"], "已办结")
    qtbot.keyClick(dialog.inputs["note"], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert [v["note"] for v in saved] == ["已办结"] and not dialog.isVisible()


def test_a_refusal_stays_in_the_form_with_the_cursor_on_its_field(qtbot, parent):
    def save(values):
        raise ValidationError("请填写签发人。", field="who")

    dialog = _dialog(qtbot, parent, save)
    assert dialog.error.isHidden()  # no blank band until there is something to say
    dialog.inputs["on"].clear()
    type_text(qtbot, dialog.inputs["on"], "三月")
    qtbot.keyClick(dialog.inputs["on"], Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.error.text() == "签发日期：无法识别的日期“三月”"
    assert dialog.focusWidget() is dialog.inputs["on"]
    dialog.inputs["on"].clear()
    qtbot.keyClick(dialog.inputs["on"], Qt.Key.Key_Return)
    assert dialog.error.text() == "请填写签发人。" and dialog.focusWidget() is dialog.inputs["who"]
    assert open_error_boxes() == []


def test_a_storage_error_gets_the_message_box_and_the_form_stays_filled(qtbot, parent):
    def save(values):
        raise StorageError("磁盘空间已满，本次操作未保存。", "database or disk is full")

    dialog = _dialog(qtbot, parent, save)
    type_text(qtbot, dialog.inputs["who"], "张镇长")
    qtbot.keyClick(dialog.inputs["who"], Qt.Key.Key_Return)
    box = open_error_boxes()[-1]
    assert box.text() == "磁盘空间已满，本次操作未保存。" and box.windowTitle() == "无法完成"
    box.close()
    assert dialog.isVisible() and dialog.inputs["who"].text() == "张镇长"
    assert dialog.error.isHidden()


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_a_refusal_shows_under_its_field_and_required_fields_are_marked(qtbot, parent):
    """Issue 15: a step's refusal sat on one line above the buttons, away from its field,
    and nothing said which fields must be filled before the clerk tried to save."""

    def save(values):
        raise ValidationError("请填写签发人。", field="who")

    fields = [Field("who", "签发人", required=True), *FIELDS[1:]]
    dialog = FormDialog(parent, "签发", fields, save)
    dialog.open()
    qtbot.waitExposed(dialog)
    labels = {w.text() for w in dialog.findChildren(QLabel) if w.isVisibleTo(dialog)}
    assert {"签发人 *", "签发日期", REQUIRED_HINT} <= labels
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.error.isVisible())
    who, on = dialog.inputs["who"], dialog.inputs["on"]
    assert who.geometry().bottom() <= dialog.error.geometry().top()
    assert dialog.error.geometry().bottom() <= on.geometry().top()  # between 签发人 and 签发日期
    assert dialog.focusWidget() is who
    dialog.refuse("保存失败：请重试。")  # no field named: the line above the buttons
    done = dialog.inputs["done"]
    qtbot.waitUntil(lambda: dialog.error.geometry().top() > done.geometry().bottom())
    assert dialog.error.geometry().bottom() <= dialog.buttons.geometry().top()

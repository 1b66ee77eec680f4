"""Qt's own texts are Chinese whatever the locale; the date picker shows no week numbers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication, QCalendarWidget, QLineEdit, QMessageBox

from app.ui.chinese import install_chinese, remove_chinese
from app.ui.kit import DateEdit


@pytest.fixture
def chinese() -> Iterator[QApplication]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    QLocale.setDefault(QLocale.c())  # a PC set to English
    assert install_chinese(app)
    yield app
    remove_chinese(app)


def test_text_field_menu_and_message_box_buttons_are_chinese(qtbot, chinese):
    edit = QLineEdit()
    qtbot.addWidget(edit)
    menu = edit.createStandardContextMenu()
    texts = [a.text().split("(")[0].split("\t")[0] for a in menu.actions() if a.text()]
    assert {"重做", "剪切", "复制", "粘贴"} <= set(texts)
    assert "撤销" in texts or "撤消" in texts  # Qt's own wording of 撤销
    box = QMessageBox()
    qtbot.addWidget(box)
    button = box.addButton(QMessageBox.StandardButton.Cancel)
    assert button.text() == "取消"


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_the_date_picker_has_no_week_numbers_and_is_not_clipped(qtbot):
    edit = DateEdit()
    qtbot.addWidget(edit)
    edit.show()

    popup = edit.show_calendar()
    assert popup is not None
    vertical = popup.verticalHeaderFormat()
    assert vertical == QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader
    assert popup.width() >= popup.minimumSizeHint().width()

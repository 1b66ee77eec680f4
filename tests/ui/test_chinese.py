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


def test_the_file_dialog_qt_draws_itself_is_chinese(qtbot, chinese):
    """Issue 15: on a PC whose desktop offers no file dialog Qt draws its own, and Qt 6 names
    two of its labels &Look in: and Files of &type:, which qtbase_zh_CN does not have."""
    import re

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractButton, QFileDialog, QLabel, QTreeView

    dialog = QFileDialog()
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    texts = [w.text() for w in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton)]
    texts += [w.toolTip() for w in dialog.findChildren(QAbstractButton)]
    for view in dialog.findChildren(QTreeView):  # 名称, 大小, 类型, 修改日期
        model = view.model()
        texts += [str(model.headerData(c, Qt.Orientation.Horizontal))
                  for c in range(model.columnCount())]  # fmt: skip
    english = [t for t in texts if re.search(r"[A-Za-z]{3,}", t.replace("Ctrl", ""))]
    assert english == []

"""报表 → 县里的表格, driven by keyboard: open a template, map a column by hand, keep, save."""

from __future__ import annotations

import random

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDialog

from app.services.registry import DEMOS
from app.services.returns import filling, memory
from app.services.session import unit_of_work
from app.ui.returns import dialog as dialog_module
from app.ui.returns.dialog import ReturnsDialog
from tests.ui.test_dialog_sizes import assert_fits, styled  # noqa: F401 - the program's look
from tests.ui.typing_helpers import press

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")
HEADER = ["序号", "收文摘由", "来文单位", "收到日期"]


@pytest.fixture
def template(admin, tmp_path):
    for module, fill in DEMOS:
        if module == "公文":
            with unit_of_work(admin) as session:
                fill(session, 60, random.Random(3))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.merge_cells("A1:D1")
    sheet["A1"] = "收文月报"
    sheet.append([])
    for column, text in enumerate(HEADER, start=1):
        sheet.cell(2, column).value = text
    sheet["A8"] = "填报人："
    book.save(tmp_path / "县收文月报.xlsx")
    return tmp_path / "县收文月报.xlsx"


def _open(qtbot, admin, monkeypatch, template) -> ReturnsDialog:
    dialog = ReturnsDialog(admin)
    assert_fits(qtbot, dialog)
    dialog.windowHandle().requestActivate()
    qtbot.waitUntil(dialog.isActiveWindow)
    monkeypatch.setattr(dialog_module.QFileDialog, "getOpenFileName",
                        lambda *a, **k: (str(template), ""))  # fmt: skip
    press(qtbot, dialog, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)  # 打开文件(O)
    qtbot.waitUntil(
        lambda: dialog.filled is not None and dialog.filled.plan.template == template.name
    )
    return dialog


def test_a_column_mapped_by_keyboard_fills_the_preview_and_is_remembered(
    qtbot, admin, monkeypatch, template, tmp_path
):
    dialog = _open(qtbot, admin, monkeypatch, template)
    assert dialog.kind.currentData() == "incoming"
    assert [s.text for s in dialog.filled.plan.unmapped] == ["收文摘由"]
    table = dialog.mapping
    row = [table.item(r, 1).text() for r in range(table.rowCount())].index("收文摘由")
    table.setFocus()
    table.setCurrentCell(0, 0)
    for _ in range(row):
        press(qtbot, table, Qt.Key.Key_Down)
    for _ in range(2):
        press(qtbot, table, Qt.Key.Key_Right)
    press(qtbot, table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QComboBox)
    for _ in range(editor.findText("标题") - editor.currentIndex()):
        press(qtbot, editor, Qt.Key.Key_Down)
    press(qtbot, editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.filled is not None and not dialog.filled.plan.unmapped)
    assert dialog.filled.plan.mapping()["收文摘由"] == "标题"
    assert table.currentRow() == row  # the clerk stays where the choice was made
    first_title = dialog.preview.item(2, 1).text()
    assert first_title.startswith("关于")

    press(qtbot, dialog, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)  # 记住对应(M)
    qtbot.waitUntil(lambda: "已记住" in dialog.status.text())  # a mnemonic clicks after 100 ms
    with unit_of_work(admin) as session:
        assert memory.recall(session, dialog.filled.plan)["收文摘由"] == "标题"

    out = tmp_path / "填好.xlsx"
    monkeypatch.setattr(dialog_module.QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(out), ""))  # fmt: skip
    press(qtbot, dialog, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)  # 填写并保存(S)
    qtbot.waitUntil(out.exists)
    sheet = openpyxl.load_workbook(out).worksheets[0]
    assert sheet["B3"].value == first_title and sheet["A3"].value == 1
    assert "已保存" in dialog.status.text()

    folder = dialog.folder
    press(qtbot, dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected
    assert not folder.exists()


def test_the_window_button_closes_it_and_a_library_template_comes_back(
    qtbot, admin, monkeypatch, template
):
    dialog = _open(qtbot, admin, monkeypatch, template)
    monkeypatch.setattr(dialog_module.QInputDialog, "getText", lambda *a, **k: ("收文月报", True))
    dialog.keep()
    assert dialog.template.currentText() == "模板库：收文月报"
    qtbot.waitUntil(lambda: dialog.filled is not None)
    with unit_of_work(admin) as session:
        from app.services.returns import library

        assert [t.name for t in library.list_templates(session)] == ["收文月报"]
    assert dialog.filled is not None and dialog.filled.plan.template == "收文月报.xlsx"
    dialog.close()
    assert not dialog.isVisible() and not dialog.folder.exists()
    assert filling  # the service module the window fills through

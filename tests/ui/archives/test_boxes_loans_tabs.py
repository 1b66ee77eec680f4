"""The 装盒 and 借阅 tabs driven as a clerk, by keyboard; results checked through the services."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.services.archives import boxes, loans
from app.ui.archives.boxes_tab import BoxesTab
from app.ui.archives.loans_tab import LoanDialog, LoansTab
from app.ui.messages import open_error_boxes
from tests.services.archives.stock import add_items, add_org
from tests.ui.typing_helpers import press, type_text


@pytest.fixture
def stock(uow) -> list[int]:
    with uow() as s:
        add_org(s)
        return add_items(s, 2025, "Y", 4) + add_items(s, 2025, "D30", 2)


def test_boxing_by_keyboard_never_mixes_periods(qtbot, admin, uow, stock):
    tab = BoxesTab(admin)
    qtbot.addWidget(tab)
    with qtbot.waitActive(tab):
        tab.show()
        tab.activateWindow()
    assert tab.year.value() == 2025 and tab.loose.rowCount() == 6
    tab.loose.setFocus()
    tab.loose.setCurrentCell(0, 0)
    for _ in range(2):  # the first three 件 of 永久
        press(qtbot, tab.loose, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    tab.thickness.setCurrentIndex(1)  # 3 厘米
    press(qtbot, tab.loose, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert [b.text() for b in open_error_boxes()] == []
    with uow() as s:
        made = boxes.list_boxes(s, 2025)
    assert [(b.period, b.box_no, b.first_no, b.last_no, b.thickness_cm) for b in made] == [
        ("Y", 1, 1, 3, 3)
    ]
    assert tab.loose.rowCount() == 3 and tab.boxes.rowCount() == 1
    # now a 永久 and a 定期30年 together: refused with a message, nothing boxed
    tab.loose.selectAll()
    press(qtbot, tab.loose, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    shown = open_error_boxes()
    assert shown and "不得同盒" in shown[-1].text()
    for box in shown:
        box.close()
    with uow() as s:
        assert len(boxes.list_boxes(s, 2025)) == 1
        assert len(boxes.loose_items(s, 2025)) == 3


def _dialog(qtbot, tab: LoansTab) -> LoanDialog:
    press(qtbot, tab.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, LoanDialog))
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    return dialog


def test_a_loan_by_keyboard_needs_an_approver_for_lending_out(qtbot, admin, uow, stock):
    tab = LoansTab(admin)
    qtbot.addWidget(tab)
    with qtbot.waitActive(tab):
        tab.show()
        tab.activateWindow()
    tab.table.setFocus()
    dialog = _dialog(qtbot, tab)
    type_text(qtbot, dialog.search, "Y-BGS-0002")
    press(qtbot, dialog.search, Qt.Key.Key_Return)  # finds, stays open, cursor to the pick
    assert dialog.isVisible() and dialog.item.count() == 1
    assert dialog.item.currentText().startswith("Z109-WS·2025-Y-BGS-0002")
    type_text(qtbot, dialog.borrower, "赵磊")
    type_text(qtbot, dialog.unit, "镇财政所")
    type_text(qtbot, dialog.purpose, "工作查考")
    dialog.mode.setFocus()
    press(qtbot, dialog.mode, Qt.Key.Key_Down)  # 借出
    assert dialog.mode.currentText() == "借出"
    type_text(qtbot, dialog.due_on, "2026.12.10")
    press(qtbot, dialog.due_on, Qt.Key.Key_Return)
    assert dialog.isVisible() and "借出须经批准" in dialog.error.text()
    dialog.approver.setFocus()
    press(qtbot, dialog.approver, Qt.Key.Key_Down)  # 党政办主任, the first on the list
    press(qtbot, dialog.handler, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    with uow() as s:
        (loan,) = loans.list_loans(s)
        out = loans.out_item_ids(s)
    assert (loan.borrower, loan.unit, loan.mode, loan.approver, loan.due_on) == (
        "赵磊", "镇财政所", "借出", "党政办主任", date(2026, 12, 10)
    )  # fmt: skip
    assert out == {stock[1]} and tab.table.rowCount() == 1
    assert tab.table.item(0, 11).text() == "借出中"


def test_a_stale_note_offers_reload_and_the_spine_prints(
    qtbot, admin, uow, stock, tmp_path, monkeypatch
):
    from app.ui import exporting
    from app.ui.messages import RELOAD

    monkeypatch.setattr(exporting, "show_info", lambda parent, text: None)
    with uow() as s:
        made = boxes.create_box(s, stock[:2])
    tab = BoxesTab(admin)
    qtbot.addWidget(tab)
    with qtbot.waitActive(tab):
        tab.show()
        tab.activateWindow()
    tab.boxes.selectRow(0)
    qtbot.mouseClick(tab.findChild(type(tab.prints.button), "notes"), Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    with uow() as s:  # someone else fills the 备考表 first
        boxes.save_notes(s, made.id, boxes.BoxNotes("共 2 件", "王五"), made.version)
    type_text(qtbot, dialog.inputs["arranged_by"], "张三")
    press(qtbot, dialog.inputs["arranged_by"], Qt.Key.Key_Return)
    assert dialog.isVisible() and "已被管理员" in dialog.error.text()
    box = next(b for b in open_error_boxes() if b.isVisible())
    qtbot.mouseClick(
        next(b for b in box.buttons() if b.text() == RELOAD), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: tab.dialog is not dialog and tab.dialog.isVisible())
    assert tab.dialog.inputs["arranged_by"].text() == "王五"  # what was saved, to edit again
    tab.dialog.reject()
    out = tmp_path / "盒脊.pdf"
    tab.prints.ask_path = lambda name: str(out)
    next(a for a in tab.prints.menu.actions() if a.objectName() == "archive-spines").trigger()
    qtbot.waitUntil(lambda: tab.prints.task.done, timeout=20000)
    assert tab.prints.task.error is None and out.read_bytes().startswith(b"%PDF")

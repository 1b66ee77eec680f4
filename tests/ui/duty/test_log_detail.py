"""Issue 15: a 值班日志 entry opens whole (Enter), and 修改 there sends the version it loaded."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from app import clock
from app.services.context import Role
from app.services.duty import log
from app.services.duty.log import EntryForm
from app.services.session import unit_of_work
from app.ui.duty.log_detail import DONE_NOTE, EDIT
from app.ui.duty.log_tab import LogTab
from app.ui.kit import FormDialog
from app.ui.messages import RELOAD, open_error_boxes
from tests.ui.typing_helpers import press, type_text


def _entry(actor) -> int:
    with unit_of_work(actor) as s:
        return log.add_entry(s, EntryForm(clock.utcnow(), "来电", "询问防汛物资", "张三",
                                          source_unit="县应急局"))  # fmt: skip


def _tab(qtbot, actor) -> LogTab:
    tab = LogTab(actor)
    qtbot.addWidget(tab)
    tab.show()
    tab.entries.setCurrentCell(0, 0)
    return tab


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_enter_opens_the_entry_and_edit_saves_it(qtbot, admin):
    entry_id = _entry(admin)
    tab = _tab(qtbot, admin)
    with qtbot.waitSignal(tab.entries.activated):  # Enter on the row opens it
        press(qtbot, tab.entries, Qt.Key.Key_Return)
    detail = tab.detail
    assert detail.values["来电（文）单位"].text() == "县应急局"
    assert detail.values["内容"].text() == "询问防汛物资" and detail.values["已办结"].text() == "否"
    assert "新增" in detail.history.item(0).text()
    # issue 15: 值班日志 keeps no files, so no empty 附件（0 个） box
    assert not detail.files.isVisibleTo(detail)
    assert not [w for w in detail.findChildren(QLabel) if w.text().startswith("附件")]
    qtbot.mouseClick(detail.step_buttons[EDIT], Qt.MouseButton.LeftButton)
    form = [d for d in tab.findChildren(FormDialog) if d.isVisible()][-1]
    assert form.inputs["content"].toPlainText() == "询问防汛物资"
    form.inputs["content"].clear()
    type_text(qtbot, form.inputs["content"], "询问防汛沙袋储备")
    press(qtbot, form.inputs["recorder"], Qt.Key.Key_Return)
    assert not form.isVisible(), form.error.text()
    with unit_of_work(admin) as s:
        assert log.entry(s, entry_id).content == "询问防汛沙袋储备"
    assert tab.entries.item(0, 5).text() == "询问防汛沙袋储备"  # the list read again


def test_an_edit_of_an_entry_saved_elsewhere_is_refused_and_reloaded(qtbot, admin, make_user):
    director = make_user(Role.DIRECTOR, "zhuren")
    entry_id = _entry(admin)
    tab = _tab(qtbot, admin)
    detail = tab.open_selected()
    qtbot.mouseClick(detail.step_buttons[EDIT], Qt.MouseButton.LeftButton)
    form = [d for d in tab.findChildren(FormDialog) if d.isVisible()][-1]
    with unit_of_work(director) as s:  # another window saves it first
        latest = log.form_of(log.entry(s, entry_id))
        log.update_entry(s, entry_id, replace(latest, instruction="速办"))
    type_text(qtbot, form.inputs["handling"], "已答复")
    press(qtbot, form.inputs["recorder"], Qt.Key.Key_Return)
    assert form.isVisible() and "已被zhuren于" in form.error.text()
    with unit_of_work(admin) as s:
        assert log.entry(s, entry_id).handling == ""  # nothing overwritten
    box = open_error_boxes()[-1]
    qtbot.mouseClick(next(b for b in box.buttons() if b.text() == RELOAD),
                     Qt.MouseButton.LeftButton)  # fmt: skip
    qtbot.waitUntil(lambda: not form.isVisible())
    again = [d for d in tab.findChildren(FormDialog) if d.isVisible()][-1]
    assert again.inputs["instruction"].text() == "速办"  # the latest, to edit again


def test_a_closed_entry_is_read_only(qtbot, admin):
    entry_id = _entry(admin)
    with unit_of_work(admin) as s:
        log.close_entry(s, entry_id, "已转告分管领导")
    tab = _tab(qtbot, admin)
    detail = tab.open_selected()
    assert detail.step_buttons == {} and detail.detail.read_only == DONE_NOTE


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_the_log_counts_its_entries_and_a_rows_menu_opens_or_edits(qtbot, admin):
    """Issue 15: the 值班日志 list had no 共 N 件 and no row menu."""
    first, _second, _third = _entry(admin), _entry(admin), _entry(admin)
    with unit_of_work(admin) as s:
        log.close_entry(s, first, "已答复")
    tab = _tab(qtbot, admin)
    assert tab.count_label.text() == "共 3 件"

    def menu_of(row: int) -> list[str]:
        menu = tab.build_menu(tab.entries.visualItemRect(tab.entries.item(row, 1)).center())
        return [a.text() for a in menu.actions() if a.text()]

    done_row = next(r for r in range(3) if tab.entries.item(r, 8).text() == "是")
    open_row = next(r for r in range(3) if tab.entries.item(r, 8).text() == "否")
    assert menu_of(done_row) == ["打开（回车）"]  # 办结: read-only
    assert menu_of(open_row) == ["打开（回车）", EDIT]
    menu = tab.build_menu(tab.entries.visualItemRect(tab.entries.item(open_row, 1)).center())
    next(a for a in menu.actions() if a.text() == EDIT).trigger()
    form = [d for d in tab.findChildren(FormDialog) if d.isVisible()][-1]
    assert form.windowTitle().startswith("修改值班日志")
    form.reject()

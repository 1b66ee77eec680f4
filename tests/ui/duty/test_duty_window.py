"""The 值班 window driven as a clerk: generate a roster, record a 换班, log a call by keys."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.services.duty import changes, log, roster
from app.services.session import unit_of_work
from app.ui.duty.page import DutyPage
from tests.services.duty.helpers import add_staff
from tests.ui.typing_helpers import type_text


def _page(qtbot, admin) -> DutyPage:
    with unit_of_work(admin) as s:
        add_staff(s, 3, 8)
    page = DutyPage(admin)
    qtbot.addWidget(page)
    with qtbot.waitActive(page):
        page.show()
        page.activateWindow()
    return page


def _set(qtbot, edit, text: str) -> None:
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def test_generate_shows_roster_and_tallies(qtbot, admin, tmp_path):
    page = _page(qtbot, admin)
    page.setCurrentWidget(page.roster)
    tab = page.roster
    _set(qtbot, tab.start, "2026.10.1")
    _set(qtbot, tab.end, "20261007")
    qtbot.mouseClick(tab.generate_button, Qt.MouseButton.LeftButton)
    with unit_of_work(admin) as s:
        saved = roster.roster(s, date(2026, 10, 1), date(2026, 10, 7))
    assert len(saved) == 7 and all(r.kind == "节假日" for r in saved)
    assert tab.days.rowCount() == 7 and tab.days.item(0, 3).text() == "国庆节"
    assert tab.tally.rowCount() == 11  # everybody, each with a tally
    assert "7 天" in tab.message.text()
    tab.export_to(tmp_path / "国庆值班表.pdf")
    assert (tmp_path / "国庆值班表.pdf").read_bytes()[
        :4
    ] == b"%PDF" and "已导出 7 天" in tab.message.text()


def test_swap_dialog_records_consent(qtbot, admin):
    page = _page(qtbot, admin)
    with unit_of_work(admin) as s:
        roster.generate(s, date(2026, 3, 2), date(2026, 3, 8))
    tab = page.roster
    page.setCurrentWidget(tab)
    _set(qtbot, tab.start, "2026-03-02")
    _set(qtbot, tab.end, "2026-03-08")
    qtbot.keyClick(tab.end, Qt.Key.Key_Return)
    tab.days.selectRow(0)
    qtbot.mouseClick(tab.swap_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    qtbot.waitExposed(dialog)
    with unit_of_work(admin) as s:
        thursday = roster.on_duty(s, date(2026, 3, 5))
    partner = thursday.staff[0]
    dialog.person_b.setCurrentIndex(dialog.person_b.findData(partner.id))
    qtbot.keyClicks(dialog.day_b, "2026.3.5")
    type_text(qtbot, dialog.reason, "外出开会")
    assert dialog.consent.text() == tab.rows[date(2026, 3, 2)].leader.name
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    with unit_of_work(admin) as s:
        history = changes.swaps(s)
        monday = roster.on_duty(s, date(2026, 3, 2))
    assert len(history) == 1 and history[0].reason == "外出开会"
    assert history[0].person_b == partner.name and partner.id in {p.id for p in monday.staff}
    assert "换班记录" in tab.history.text()


def _type_here(qtbot, text: str) -> None:
    type_text(qtbot, QApplication.focusWidget(), text)


def test_log_a_call_by_keyboard_alone(qtbot, admin):
    page = _page(qtbot, admin)
    tab = page.log
    page.setCurrentWidget(tab)
    _set(qtbot, tab.day, "2026-03-10")
    qtbot.keyClick(tab.day, Qt.Key.Key_Return)
    qtbot.keyClick(tab, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is tab.at
    qtbot.keyClicks(tab.at, "21:05")
    fields = (
        (tab.unit, "县委办"),
        (tab.person, "王科长"),
        (tab.phone, "0571-87001234"),
        (tab.content, "明早八点到县里开防汛会"),
        (tab.instruction, "请镇长参加"),
    )
    for widget, text in fields:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        if QApplication.focusWidget() is tab.kind:  # the 类型 box keeps its 来电 default
            qtbot.keyClick(tab.kind, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is widget
        _type_here(qtbot, text)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    with unit_of_work(admin) as s:
        rows = log.entries(s, date(2026, 3, 10), date(2026, 3, 10))
    assert [
        (r.kind, r.source_unit, r.source_person, r.source_phone, r.instruction) for r in rows
    ] == [("来电", "县委办", "王科长", "0571-87001234", "请镇长参加")]
    assert rows[0].content == "明早八点到县里开防汛会" and rows[0].recorder == admin.display_name
    assert rows[0].at.astimezone().strftime("%Y-%m-%d %H:%M") == "2026-03-10 21:05"
    assert tab.entries.rowCount() == 1 and QApplication.focusWidget() is tab.at


def test_edit_a_day_by_hand(qtbot, admin):
    page = _page(qtbot, admin)
    with unit_of_work(admin) as s:
        roster.generate(s, date(2026, 3, 2), date(2026, 3, 8))
        busy = {
            p.id for d in (date(2026, 3, 3), date(2026, 3, 5)) for p in roster.on_duty(s, d).staff
        }
    tab = page.roster
    page.setCurrentWidget(tab)
    _set(qtbot, tab.start, "2026-03-02")
    _set(qtbot, tab.end, "2026-03-08")
    qtbot.keyClick(tab.end, Qt.Key.Key_Return)
    tab.days.selectRow(2)
    qtbot.mouseClick(tab.edit_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    items = [dialog.staff.item(n) for n in range(dialog.staff.count())]
    for item in items:
        item.setCheckState(Qt.CheckState.Unchecked)
    pick = next(i for i in items if i.data(Qt.ItemDataRole.UserRole) not in busy)
    pick.setCheckState(Qt.CheckState.Checked)
    type_text(qtbot, dialog.note, "临时调整")
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    with unit_of_work(admin) as s:
        day = roster.on_duty(s, date(2026, 3, 4))
    assert [p.id for p in day.staff] == [
        pick.data(Qt.ItemDataRole.UserRole)
    ] and day.note == "临时调整"
    assert tab.days.item(2, 7).text() == "临时调整"

"""人员 and 日历 tabs driven as a clerk; the log tab's emergency warning."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from PySide6.QtCore import Qt

from app import clock
from app.services import calendar as cal
from app.services.context import Role
from app.services.duty import log, staff
from app.services.duty.log import EntryForm
from app.services.session import unit_of_work
from app.ui.duty.calendar_tab import DutyCalendarTab
from app.ui.duty.log_tab import LogTab
from app.ui.duty.staff_tab import StaffTab
from tests.ui.typing_helpers import type_text


def test_add_a_person_and_a_leave(qtbot, admin):
    tab = StaffTab(admin)
    qtbot.addWidget(tab)
    type_text(qtbot, tab.name, "王书记")
    type_text(qtbot, tab.title, "党委书记")
    qtbot.keyClicks(tab.phone, "13900001111")
    tab.can_lead.setChecked(True)
    qtbot.keyClick(tab.phone, Qt.Key.Key_Return)
    with unit_of_work(admin) as s:
        people = staff.people(s)
    assert [(p.name, p.title, p.phone, p.can_lead) for p in people] == [
        ("王书记", "党委书记", "13900001111", True)
    ]
    tab.list.selectRow(0)
    qtbot.keyClicks(tab.away_from, "2026.5.1")
    qtbot.keyClicks(tab.away_to, "20260505")
    qtbot.keyClick(tab.away_to, Qt.Key.Key_Return)
    with unit_of_work(admin) as s:
        away = staff.absences(s, people[0].id)
    assert [(a.kind, a.start, a.end) for a in away] == [
        ("休假", date(2026, 5, 1), date(2026, 5, 5))
    ]
    assert tab.absences.count() == 1


def test_calendar_shows_2026_and_keeps_a_correction(qtbot, admin):
    tab = DutyCalendarTab(admin)
    qtbot.addWidget(tab)
    tab.select(date(2026, 10, 1))
    assert "国庆节" in tab.grid.currentItem().text()
    tab.select(date(2026, 10, 10))
    assert "调休上班" in tab.grid.currentItem().text()
    tab.select(date(2026, 10, 9))
    type_text(qtbot, tab.name, "镇庆")
    qtbot.mouseClick(tab.apply, Qt.MouseButton.LeftButton)
    with unit_of_work(admin) as s:
        info = cal.day_info(cal.days_in(s, date(2026, 10, 9), date(2026, 10, 9)), date(2026, 10, 9))
    assert (info.kind, info.name, info.source) == ("节假日", "镇庆", "本地")
    tab.select(date(2026, 10, 9))
    assert "镇庆" in tab.grid.currentItem().text() and "本地" in tab.grid.currentItem().text()


def test_calendar_says_when_a_year_is_unknown(qtbot, admin):
    tab = DutyCalendarTab(admin)
    qtbot.addWidget(tab)
    tab.year.setValue(2027)
    assert "2027年" in tab.notice.text() and "录入" in tab.notice.text()
    tab.year.setValue(2026)
    assert tab.notice.text() == ""


def test_log_warns_of_a_late_emergency_report(qtbot, admin):
    with unit_of_work(admin) as s:
        log.add_entry(
            s, EntryForm(clock.utcnow() - timedelta(minutes=35), "突发事件", "民房起火", "张三")
        )
    tab = LogTab(admin)
    qtbot.addWidget(tab)
    assert "未电话报告" in tab.warnings.text()
    assert "未书面报告" not in tab.warnings.text()


def test_practice_dialog_saves_rules_and_refuses_a_clerk(qtbot, admin, make_user):
    from app.services.context import Role
    from app.services.duty import config
    from app.ui.duty.roster_tab import RosterTab

    tab = RosterTab(admin)
    qtbot.addWidget(tab)
    qtbot.mouseClick(tab.practice_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    dialog.rows["工作日"][0].setValue(2)
    dialog.rows["工作日"][1].setText("18:00")
    dialog.phone_minutes.setValue(20)
    type_text(qtbot, dialog.texts["reviewer"], "李主任")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    with unit_of_work(admin) as s:
        now = config.practice(s)
    assert now.rules["工作日"].staff == 2 and now.rules["工作日"].start == "18:00"
    assert now.phone_minutes == 20 and now.reviewer == "李主任"
    clerk_tab = RosterTab(make_user(Role.CLERK))
    qtbot.addWidget(clerk_tab)
    qtbot.mouseClick(clerk_tab.practice_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(clerk_tab.dialog.ok, Qt.MouseButton.LeftButton)
    assert "无权" in clerk_tab.dialog.error.text() and clerk_tab.dialog.isVisible()


def test_log_tab_marks_the_phone_report(qtbot, admin):
    with unit_of_work(admin) as s:
        entry_id = log.add_entry(s, EntryForm(clock.utcnow(), "突发事件", "民房起火", "张三"))
    tab = LogTab(admin)
    qtbot.addWidget(tab)
    headers = [tab.entries.horizontalHeaderItem(c).text() for c in range(tab.entries.columnCount())]
    assert headers[-2:] == ["电话报告", "书面报告"] and tab.entries.item(0, 10).text() == "未报"
    tab.entries.selectRow(0)
    qtbot.mouseClick(tab.phone_button, Qt.MouseButton.LeftButton)
    with unit_of_work(admin) as s:
        assert log.entry(s, entry_id).phone_report_at is not None
    assert tab.entries.item(0, 10).text() != "未报" and tab.entries.item(0, 11).text() == "未报"


def test_handover_and_zero_report_from_the_log_tab(qtbot, admin):
    day = date(2026, 3, 10)
    with unit_of_work(admin) as s:
        at = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
        log.add_entry(s, log.call_form(at, "县委办", "王", "1", "报送材料", "", "张三"), day)
    tab = LogTab(admin)
    qtbot.addWidget(tab)
    tab.day.setText("2026-03-10")
    qtbot.keyClick(tab.day, Qt.Key.Key_Return)
    type_text(qtbot, tab.taken_by, "李四")
    qtbot.keyClick(tab.taken_by, Qt.Key.Key_Return)
    assert "移交未办结事项 1 件" in tab.message.text()
    with unit_of_work(admin) as s:
        carried = log.entries(s, date(2026, 3, 11), date(2026, 3, 11))
    assert [(e.content, e.recorder) for e in carried] == [("报送材料", "李四")]
    tab.day.setText("2026-03-12")
    qtbot.keyClick(tab.day, Qt.Key.Key_Return)
    qtbot.mouseClick(tab.zero_button, Qt.MouseButton.LeftButton)
    with unit_of_work(admin) as s:
        assert log.zero_days(s, date(2026, 3, 12), date(2026, 3, 12)) == {date(2026, 3, 12)}
    assert "无事报平安" in tab.message.text()


def test_log_tab_exports_the_shift(qtbot, admin, tmp_path):
    import openpyxl

    with unit_of_work(admin) as s:
        log.mark_zero_report(s, date(2026, 3, 12), "张三")
    tab = LogTab(admin)
    qtbot.addWidget(tab)
    tab.day.setText("2026-03-12")
    qtbot.keyClick(tab.day, Qt.Key.Key_Return)
    tab.export_to(tmp_path / "日志.xlsx")
    cells = [
        c
        for row in openpyxl.load_workbook(tmp_path / "日志.xlsx").active.iter_rows(values_only=True)
        for c in row
    ]
    assert "无事报平安" in cells and "已导出 1 行" in tab.message.text()


def test_an_edit_saved_elsewhere_first_is_refused_and_reloaded(qtbot, admin, make_user):
    """Two windows on one person: the second save says who saved first and offers 重新载入."""
    from app.ui.messages import RELOAD, open_error_boxes

    director = make_user(Role.DIRECTOR, "zhuren")
    with unit_of_work(admin) as s:
        pid = staff.add_person(s, staff.DutyPersonForm("张三", "科员", "党政办", "13800000000"))
    tab = StaffTab(admin)
    qtbot.addWidget(tab)
    tab.list.selectRow(0)
    assert tab.title.text() == "科员"
    with unit_of_work(director) as s:  # the other window saves first
        staff.update_person(s, pid, staff.DutyPersonForm("张三", "副主任", "党政办", "13800000000"))
    tab.title.clear()
    type_text(qtbot, tab.title, "综治干事")
    qtbot.keyClick(tab.phone, Qt.Key.Key_Return)
    assert "已被zhuren于" in tab.message.text()
    [box] = open_error_boxes()
    assert "zhuren" in box.text() and "重新载入" in box.text()
    again = next(b for b in box.buttons() if b.text() == RELOAD)
    qtbot.mouseClick(again, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.title.text() == "副主任")  # the form shows what was saved
    with unit_of_work(admin) as s:
        assert staff.person(s, pid).title == "副主任"
    qtbot.keyClick(tab.phone, Qt.Key.Key_Return)  # saving the fresh copy goes through
    assert tab.message.text().startswith("已保存")


def test_duty_exports_are_named_for_what_they_hold(qtbot, admin, monkeypatch, tmp_path):
    """Issue 15: both offered 节假日值班表.xlsx / 值班日志.xlsx, whatever the days shown."""
    from app.ui.duty import roster_tab as roster_module

    offered: list[str] = []

    def save_as(_parent, _caption, name, _filters):
        offered.append(name)
        return "", ""  # the clerk cancels

    monkeypatch.setattr(roster_module.QFileDialog, "getSaveFileName", save_as)
    roster = roster_module.RosterTab(admin)
    qtbot.addWidget(roster)
    roster.start.setDate(date(2026, 10, 1))
    roster.end.setDate(date(2026, 10, 7))
    roster.choose_export()
    day_log = LogTab(admin)
    qtbot.addWidget(day_log)
    day_log.day.setDate(date(2026, 11, 30))
    day_log.choose_export()
    assert offered == ["节假日值班表-20261001至20261007.xlsx", "值班日志-20261130.xlsx"]

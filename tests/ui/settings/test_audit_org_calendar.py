"""审计日志 filters and export, 单位信息 edits (audited), 节假日 month view and corrections."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from app import clock
from app.services import audit, calendar, settings
from app.services.context import Role
from app.services.session import unit_of_work
from app.ui import exporting
from app.ui.settings.audit_tab import AuditTab
from app.ui.settings.calendar_tab import HolidayCalendarTab
from app.ui.settings.org_tab import OrgTab
from tests.ui.typing_helpers import type_text


@pytest.fixture
def viewer(qtbot, admin, make_user) -> AuditTab:
    make_user(Role.CLERK, "wenshu")
    tab = AuditTab(admin)
    qtbot.addWidget(tab)
    tab.show()
    return tab


def rows(tab: AuditTab) -> list[tuple]:
    """(id, 时间, 用户, 操作, 对象, 编号, 摘要, before, after) for every line of the list."""
    return [tab.model.row_values(r) for r in range(tab.model.rowCount())]


def shown(tab: AuditTab) -> list[tuple[str, str]]:
    return [(r[4], r[5]) for r in rows(tab)]  # id, 时间, 用户, 电脑, then 操作 and 对象


def test_filters_by_object_and_action(qtbot, viewer):
    viewer.entity.setCurrentText("用户")
    viewer.action.setCurrentText("新增")
    viewer.search()
    assert shown(viewer) == [("新增", "用户"), ("新增", "用户")]
    assert [r[7] for r in rows(viewer)] == ["wenshu", "admin"]
    assert {r[3] for r in rows(viewer)} == {audit.this_pc()}  # 电脑: the PC that wrote it
    assert viewer.model.headerData(2, Qt.Orientation.Horizontal) == "电脑"


def test_filters_by_user_and_date(qtbot, viewer):
    type_text(qtbot, viewer.username, "系统")
    viewer.search()
    assert rows(viewer) and {r[2] for r in rows(viewer)} == {"系统"}
    qtbot.keyClicks(viewer.date_from, f"{clock.today().year + 1}.1.1")
    viewer.search()
    assert rows(viewer) == []


def test_a_bad_date_is_explained_and_nothing_changes(qtbot, viewer):
    before = rows(viewer)
    qtbot.keyClicks(viewer.date_to, "2026.13.40")
    viewer.search()
    assert viewer.message.text().startswith("到：无法识别“2026.13.40”")
    assert rows(viewer) == before


def test_detail_pane_shows_before_and_after(qtbot, viewer, admin):
    with unit_of_work(admin) as session:
        settings.save_org(session, settings.OrgInfo("某某镇党委", "Z109", ("镇委",)))
    viewer.entity.setCurrentText("设置")
    viewer.search()
    row = next(i for i, r in enumerate(rows(viewer)) if r[7].startswith("单位名称"))
    viewer.table.setCurrentIndex(viewer.model.index(row, 0))
    assert viewer.before.toPlainText() == "值：某某镇人民政府"
    assert viewer.after.toPlainText() == "值：某某镇党委"


def test_audit_list_passes_the_model_tester(qtmodeltester, viewer):
    qtmodeltester.check(viewer.model)


def test_export_writes_the_filtered_list(qtbot, viewer, tmp_path, monkeypatch):
    told = []
    monkeypatch.setattr(exporting, "show_info", lambda parent, text: told.append(text))
    viewer.action.setCurrentText("登录")
    out = tmp_path / "审计.xlsx"
    task = viewer.export_to(out, viewer.current_filter())
    qtbot.waitUntil(lambda: task.done, timeout=20000)
    assert task.error is None
    actions = [row[3].value for row in load_workbook(out).active.iter_rows() if row[3].value]
    assert "登录" in actions and "新增" not in actions
    assert told and str(out) in told[0]


def test_org_edit_is_saved_and_audited(qtbot, admin):
    tab = OrgTab(admin)
    qtbot.addWidget(tab)
    tab.show()
    tab.name.clear()
    type_text(qtbot, tab.name, "某某镇党委")
    tab.codes.selectAll()
    type_text(qtbot, tab.codes, "镇委办")
    tab.save_button.click()
    assert tab.status.text() == "已保存。"
    with unit_of_work(admin) as session:
        info = settings.org_info(session)
        entries = audit.query(session, audit.AuditFilter(entity="设置", action="修改"))
    assert (info.name, info.issuer_codes) == ("某某镇党委", ("镇委办",))
    assert {"单位名称：某某镇党委", "机关代字：镇委办"} <= {e.summary for e in entries}


def test_org_saved_elsewhere_first_is_refused_and_reloaded(qtbot, admin, make_user):
    """Two windows on 单位信息: the second save says who saved first; 重新载入 shows it."""
    from app.ui.messages import RELOAD, open_error_boxes

    director = make_user(Role.DIRECTOR, "zhuren")
    tab = OrgTab(admin)
    qtbot.addWidget(tab)
    tab.show()
    with unit_of_work(director) as session:  # the other window saves first
        settings.save_org(session, settings.OrgInfo("某某镇人民政府", "Z110", ("镇政",)))
    tab.name.clear()
    type_text(qtbot, tab.name, "某某镇党委")
    tab.save_button.click()
    assert "已被zhuren于" in tab.message.text()
    with unit_of_work(admin) as session:
        assert settings.org_info(session).name == "某某镇人民政府"  # nothing overwritten
    box = open_error_boxes()[-1]
    qtbot.mouseClick(
        next(b for b in box.buttons() if b.text() == RELOAD), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: tab.fonds.text() == "Z110")
    assert tab.name.text() == "某某镇人民政府"
    tab.save_button.click()  # the fresh copy saves
    assert tab.status.text() == "已保存。"


def test_org_bad_input_is_refused_in_place(qtbot, admin):
    tab = OrgTab(admin)
    qtbot.addWidget(tab)
    tab.fonds.clear()
    tab.save_button.click()
    assert "全宗号" in tab.message.text()
    with unit_of_work(admin) as session:
        assert settings.org_info(session).fonds_code == "Z109"


def test_clerk_reads_org_info_but_cannot_edit(qtbot, make_user):
    tab = OrgTab(make_user(Role.CLERK))
    qtbot.addWidget(tab)
    tab.show()
    assert tab.name.isReadOnly() and tab.codes.isReadOnly()
    assert not tab.save_button.isVisible()
    assert tab.name.text() == "某某镇人民政府"


def cell_of(tab: HolidayCalendarTab, day: int) -> tuple[int, int]:
    return next(pos for pos, info in tab.days.items() if info.day.day == day)


def test_calendar_shows_holidays_and_a_clerk_corrects_a_day(qtbot, admin, when_modal):
    tab = HolidayCalendarTab(admin)
    qtbot.addWidget(tab)
    tab.show()
    tab.year, tab.month = 2026, 10
    tab.show_month()
    row, col = cell_of(tab, 1)
    assert "国庆节" in tab.grid.item(row, col).text()
    row, col = cell_of(tab, 12)

    def mark(dialog):
        dialog.kind.setCurrentText(calendar.HOLIDAY)
        type_text(qtbot, dialog.name, "本地休假")
        dialog.accept()

    when_modal(mark)
    tab.edit_cell(row, col)
    assert "本地休假" in tab.grid.item(row, col).text()
    with unit_of_work(admin) as session:
        assert not calendar.is_workday(session, date(2026, 10, 12))


def test_calendar_says_when_a_year_is_unknown(qtbot, admin):
    tab = HolidayCalendarTab(admin)
    qtbot.addWidget(tab)
    tab.year, tab.month = 2098, 12
    tab.step(1)
    assert (tab.year, tab.month) == (2099, 1)
    assert "2099年节假日安排未录入" in tab.notice.text()
    assert tab.grid.item(0, 3).text() == "1\n元旦"  # the statutory days are there already


def test_leader_sees_the_calendar_but_cannot_change_it(qtbot, make_user):
    from app.services.errors import PermissionDenied

    leader = make_user(Role.LEADER)
    tab = HolidayCalendarTab(leader)
    qtbot.addWidget(tab)
    assert not tab.editable
    tab.edit_cell(*cell_of(tab, 10))  # a double-click opens nothing
    assert not hasattr(tab, "dialog")
    with pytest.raises(PermissionDenied), unit_of_work(leader) as session:
        calendar.set_day(session, date(2026, 10, 12), calendar.HOLIDAY)


def test_viewer_refreshes_when_shown_again(qtbot, viewer, make_user):
    viewer.hide()
    make_user(Role.ARCHIVIST, "dangan")
    viewer.show()
    assert "dangan" in [r[7] for r in rows(viewer)]


def test_clerk_pastes_the_notice_checks_the_days_then_saves(qtbot, admin, when_modal):
    """2027: pasted with Ctrl+V, 解析 lists the days, nothing saved until 确认保存."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from tests.services.test_holiday_notice import NOTICE_2026

    text = NOTICE_2026.replace("2026", "2027").replace(
        "（周四）至3日（周六）", "（周五）至3日（周日）"
    )
    tab = HolidayCalendarTab(admin)
    qtbot.addWidget(tab)
    seen: dict[str, object] = {}

    def paste_and_confirm(dialog):
        QApplication.clipboard().setText(text)
        dialog.text.setFocus()
        qtbot.keyClick(dialog.text, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
        seen["before"] = dialog.ok.isEnabled()
        with unit_of_work(admin) as session:
            seen["unsaved"] = calendar.shifts_unknown(session, 2027)
        qtbot.mouseClick(dialog.parse_button, Qt.MouseButton.LeftButton)
        seen["lines"] = [dialog.preview.item(n).text() for n in range(dialog.preview.count())]
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)

    when_modal(paste_and_confirm)
    tab.enter_notice()
    assert seen["before"] is False and seen["unsaved"] is True
    assert "2027-01-01 星期五 放假 元旦" in seen["lines"]
    assert "2027-01-04 星期一 上班（调休） 元旦" in seen["lines"]
    assert (tab.year, tab.month) == (2027, 1) and tab.notice.text() == ""
    with unit_of_work(admin) as session:
        assert not calendar.shifts_unknown(session, 2027)
        assert calendar.is_workday(session, date(2027, 1, 4))


def test_the_holiday_roll_of_petition_deadlines_is_a_box_on_the_calendar(qtbot, admin):
    """Turned off with the space bar, a 告知 due on 10-01 (国庆) is no longer moved to 10-08;
    turned on again, it is. The change is audited; a leader sees the box but cannot use it."""
    from app.services.visits import cases, queries
    from tests.services.visits.helpers import walk_in

    with unit_of_work(admin) as session:
        ref = cases.register_case(session, walk_in(date(2026, 9, 16)))

    def due() -> date:
        with unit_of_work(admin) as session:
            rows = queries.clock_rows(session, ref.id, today=date(2026, 10, 9))
        return next(r.due for r in rows if r.name == "告知")

    tab = HolidayCalendarTab(admin)
    qtbot.addWidget(tab)
    tab.show()
    assert tab.roll.isChecked() and tab.roll.isEnabled() and due() == date(2026, 10, 8)
    tab.roll.setFocus()
    qtbot.keyClick(tab.roll, Qt.Key.Key_Space)
    assert not tab.roll.isChecked() and due() == date(2026, 10, 1)
    qtbot.keyClick(tab.roll, Qt.Key.Key_Space)
    assert tab.roll.isChecked() and due() == date(2026, 10, 8)
    with unit_of_work(admin) as session:
        trail = audit.query(session, audit.AuditFilter(entity="设置"))
    assert [t.summary for t in trail][:2] == [
        "信访期限末日遇法定节假日顺延：是",
        "信访期限末日遇法定节假日顺延：否",
    ]


def test_a_leader_cannot_turn_the_holiday_roll_off(qtbot, make_user):
    leader = make_user(Role.LEADER)
    tab = HolidayCalendarTab(leader)
    qtbot.addWidget(tab)
    assert tab.roll.isChecked() and not tab.roll.isEnabled()


def test_the_audit_list_counts_its_lines_for_the_filter(qtbot, viewer):
    """Issue 15: every list says 共 N 件 for its filter; the 审计日志 said nothing."""
    assert viewer.count_label.text() == f"共 {viewer.model.rowCount()} 条"
    viewer.action.setCurrentText("新增")
    viewer.search()
    assert viewer.count_label.text() == f"共 {len(rows(viewer))} 条"

"""首页 with real registers: a line opens its record, the 逾期 line opens the register filtered,
and what the clerk closes leaves 首页 at once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from app import clock
from app.services.filing import incoming
from app.services.session import unit_of_work
from app.ui.main_window import MainWindow
from tests.ui.typing_helpers import press, type_text


def _due(actor, title: str, days: int) -> int:
    with unit_of_work(actor) as session:
        doc_id = incoming.receive(session, incoming.ReceiveForm("县政府办公室", title))
        incoming.review(session, doc_id)
        deadline = clock.today() + timedelta(days=days)
        incoming.mark_read_only(session, doc_id, incoming.AssignForm(deadline=deadline))
    return doc_id


def _window(qtbot, admin) -> MainWindow:
    window = MainWindow(admin, "某某镇人民政府")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(
        lambda: not window.stack.currentWidget().reads.busy
    )  # 待办 read off the GUI thread
    return window


def _titles(home) -> list[str]:
    return [home.model.index(r, 2).data() for r in range(home.model.rowCount())]


def _activate(qtbot, home, row: int) -> None:
    home.table.setFocus()
    home.table.setCurrentIndex(home.model.index(row, 2))
    press(qtbot, home.table, Qt.Key.Key_Return)


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_a_closed_item_leaves_home_at_once(qtbot, admin):
    _due(admin, "关于防汛检查的通知", 0)
    window = _window(qtbot, admin)
    home = window.stack.currentWidget()
    today = [t for t in _titles(home) if t.endswith("关于防汛检查的通知")]
    assert len(today) == 1 and home.model.index(_titles(home).index(today[0]), 0).data() == "今日"
    _activate(qtbot, home, _titles(home).index(today[0]))
    page = window.stack.currentWidget()
    assert page.property("pageKey") == "incoming" and page.model.rowCount() == 1
    assert page.current() is not None  # the record is listed and selected
    qtbot.mouseClick(page.action_buttons["办结"], Qt.MouseButton.LeftButton)
    page.dialog.windowHandle().requestActivate()
    qtbot.waitUntil(page.dialog.isActiveWindow)
    result = page.dialog.inputs["result"]
    type_text(qtbot, result, "已检查完毕")
    press(qtbot, result, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    window.show_page("home")
    qtbot.waitUntil(lambda: not home.reads.busy)
    assert not any(t.endswith("关于防汛检查的通知") for t in _titles(home))


def test_the_overdue_line_opens_the_register_with_only_the_overdue(qtbot, admin):
    for n in range(3):
        _due(admin, f"关于第{n}批补助的通知", -30 - n)
    _due(admin, "关于下周会议的通知", 3)
    window = _window(qtbot, admin)
    home = window.stack.currentWidget()
    line = f"收文 逾期 3 件，最早 {clock.today() - timedelta(days=32)}"
    assert line in _titles(home)
    _activate(qtbot, home, _titles(home).index(line))
    page = window.stack.currentWidget()
    assert page.property("pageKey") == "incoming"
    assert page.model.rowCount() == 3 and page.count_label.text() == "共 3 件逾期未办结的"


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_home_seeds_the_calendar_before_its_read_so_the_read_never_writes(qtbot, admin):
    """A 来访 clock falling in a year not yet seeded made 首页's read write the calendar:
    beside another writer that read failed with "database is locked" (待办读取失败：来访)."""
    from app.services import calendar

    year = clock.today().year
    with unit_of_work(admin) as s:
        assert not calendar.is_seeded(s, year + 1)
    home = _window(qtbot, admin).stack.currentWidget()
    home.refresh()
    with unit_of_work(admin) as s:
        assert calendar.years_seeded(s, year)


def test_the_duty_line_shows_the_leaders_phone_whole_at_1366(qtbot, admin):
    """The 情况 column at a 1366×768 screen holds 带班, the name and the phone unelided."""
    from app.services.duty import roster
    from tests.services.duty.helpers import add_staff

    today = clock.today()
    with unit_of_work(admin) as session:
        add_staff(session, 3, 6)
        roster.generate(session, today - timedelta(days=1), today + timedelta(days=1))
        leader = roster.on_duty(session, today).leader
    window = MainWindow(admin, "某某镇人民政府")
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    home = window.stack.currentWidget()
    qtbot.waitUntil(lambda: not home.reads.busy)
    rows = [
        r
        for r in range(home.model.rowCount())
        if _titles(home)[r].startswith(("今日值班", "今晚值班"))
    ]
    assert rows, _titles(home)
    shown = home.model.index(rows[0], 4).data()
    wanted = f"带班 {leader.name} {leader.phone}"
    assert shown.startswith(wanted)
    room = home.table.columnWidth(4) - 12  # the cell's padding, both sides
    assert home.table.fontMetrics().horizontalAdvance(wanted) <= room

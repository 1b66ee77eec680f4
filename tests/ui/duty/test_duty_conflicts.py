"""Two windows on one 值班 record: the second save is refused with who and when, 重新载入 shows
the latest (the 人员 form's case is in test_duty_tabs.py)."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget

from app import clock
from app.services.context import Role
from app.services.duty import changes, log, roster
from app.services.duty.log import EntryForm
from app.services.session import unit_of_work
from app.ui.duty.log_tab import LogTab
from app.ui.duty.roster_tab import RosterTab
from app.ui.messages import RELOAD, open_error_boxes
from tests.services.duty.helpers import add_staff
from tests.ui.typing_helpers import type_text


def _reload_from_box(qtbot) -> None:
    box = open_error_boxes()[-1]
    qtbot.mouseClick(
        next(b for b in box.buttons() if b.text() == RELOAD), Qt.MouseButton.LeftButton
    )


def test_closing_a_log_entry_edited_elsewhere_is_refused_and_reloaded(qtbot, admin, make_user):
    director = make_user(Role.DIRECTOR, "zhuren")
    with unit_of_work(admin) as s:
        entry_id = log.add_entry(s, EntryForm(clock.utcnow(), "来电", "询问防汛物资", "张三",
                                              source_unit="县应急局"))  # fmt: skip
    tab = LogTab(admin)
    qtbot.addWidget(tab)
    tab.entries.selectRow(0)
    with unit_of_work(director) as s:  # the other window closes it first
        log.close_entry(s, entry_id, "已转告分管领导")
    type_text(qtbot, tab.handling, "已电话答复")
    tab.close_selected()
    assert "已被zhuren于" in tab.message.text()
    with unit_of_work(admin) as s:
        assert log.entry(s, entry_id).handling == "已转告分管领导"  # nothing overwritten
    _reload_from_box(qtbot)
    qtbot.waitUntil(lambda: tab.entries.item(0, 7).text() == "已转告分管领导")
    assert tab.versions[entry_id] == 2


def test_a_day_changed_elsewhere_is_refused_and_reloaded(qtbot, admin, make_user):
    director = make_user(Role.DIRECTOR, "zhuren")
    first = clock.today() + timedelta(days=1)
    with unit_of_work(admin) as s:
        _leads, staff = add_staff(s, 3, 8)
        roster.generate(s, first, first + timedelta(days=4))
    tab = RosterTab(admin)
    qtbot.addWidget(tab)
    tab.days.selectRow(0)
    tab.edit_day()
    dialog = tab.dialog
    with unit_of_work(director) as s:  # the other window changes the same day first
        day = roster.on_duty(s, first)
        away = {p.id for p in day.staff}
        near = {p.id for d in (first + timedelta(days=1),) for p in roster.on_duty(s, d).staff}
        pick = next(p for p in staff if p not in away | near)
        changes.set_day(s, first, day.leader.id, [pick], "临时调整")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "已被zhuren于" in dialog.error.text()
    _reload_from_box(qtbot)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert tab.rows[first].note == "临时调整" and [p.id for p in tab.rows[first].staff] == [pick]
    tab.edit_day()  # on the fresh copy the day saves
    assert isinstance(tab.dialog.staff, QListWidget)
    qtbot.mouseClick(tab.dialog.ok, Qt.MouseButton.LeftButton)
    assert not tab.dialog.isVisible(), tab.dialog.error.text()


def test_an_entry_saved_without_a_time_is_logged_now(qtbot, admin):
    """A blank 时间 means now (it raised AttributeError: the local 'clock' text hid the clock)."""
    tab = LogTab(admin)
    qtbot.addWidget(tab)
    tab.at.clear()
    type_text(qtbot, tab.unit, "县应急局")
    type_text(qtbot, tab.content, "询问防汛物资储备")
    type_text(qtbot, tab.recorder, "张三")
    tab.save_entry()
    assert tab.message.text().startswith("已记录"), tab.message.text()
    with unit_of_work(admin) as s:
        [entry] = log.entries(s, tab.shift_day(), tab.shift_day())
    assert entry.content == "询问防汛物资储备" and entry.at == clock.now()

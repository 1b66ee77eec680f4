"""A change made on one page reloads the other pages that show its register (ops.watch):
at once if they are showing, else when they next show."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from app import clock
from app.services import calendar
from app.services.context import Role
from app.services.seals import catalog
from app.services.seals.dto import SealForm, StatusForm
from app.services.visits import cases
from app.ui import ops
from app.ui.duty.calendar_tab import DutyCalendarTab
from app.ui.seals.seals_tab import SealsTab
from app.ui.settings.calendar_tab import HolidayCalendarTab
from app.ui.visits.page import VisitsPage
from tests.services.visits.helpers import walk_in


def _hidden(qtbot, page: QWidget) -> QWidget:
    qtbot.addWidget(page)
    return page


def test_a_day_corrected_on_the_duty_calendar_shows_in_settings(qtbot, admin):
    day = date(clock.today().year, 12, 12)  # a plain Saturday or weekday
    settings_tab = _hidden(qtbot, HolidayCalendarTab(admin))
    settings_tab.step(12 - settings_tab.month)
    duty_tab = _hidden(qtbot, DutyCalendarTab(admin))
    duty_tab.show()
    duty_tab.select(day)
    duty_tab.kind.setCurrentText(calendar.HOLIDAY)
    duty_tab.correct()
    assert "已将" in duty_tab.message.text()
    settings_tab.show()  # shown later: it reads the month again
    qtbot.waitUntil(lambda: any(i.day == day and i.kind == calendar.HOLIDAY
                                for i in settings_tab.days.values()))  # fmt: skip


def test_a_case_saved_elsewhere_is_listed_when_the_page_shows(qtbot, admin):
    page = _hidden(qtbot, VisitsPage(admin))
    assert page.model.rowCount() == 0
    ops.perform(admin, lambda s: cases.register_case(s, walk_in(clock.today())), touches=("来访",))
    assert page.model.rowCount() == 0  # hidden: nothing read yet
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)


def test_a_shown_page_reloads_at_once(qtbot, admin, uow):
    with uow() as s:
        seal_id = catalog.add_seal(s, SealForm("某某镇人民政府", "政府章", "李红", ["镇长"]))
    tab = _hidden(qtbot, SealsTab(admin))
    tab.show()
    assert tab.table.item(0, 4).text() == "在用"
    form = StatusForm(seal_id, "停用", clock.today(), "换刻新章")
    ops.perform(admin, lambda s: catalog.change_status(s, form), touches=("用印",))
    qtbot.waitUntil(lambda: tab.table.item(0, 4).text() == "停用")
    assert tab.table.item(0, 0).data(Qt.ItemDataRole.DisplayRole) == "某某镇人民政府"


def test_a_day_corrected_elsewhere_first_is_refused_and_reloaded(qtbot, admin, make_user):
    """Two windows on one calendar day: the second correction says who made the first."""
    from app.services.session import unit_of_work
    from app.ui.messages import RELOAD, open_error_boxes

    director = make_user(Role.DIRECTOR, "zhuren")
    day = date(clock.today().year, 12, 15)
    tab = _hidden(qtbot, DutyCalendarTab(admin))
    tab.show()
    tab.select(day)
    with unit_of_work(director) as s:  # 设置 → 节假日 in the other window
        calendar.set_day(s, day, calendar.HOLIDAY, "本地活动")
    tab.kind.setCurrentText(calendar.SHIFTED_WORKDAY)
    tab.correct()
    assert "已被zhuren于" in tab.message.text()
    box = open_error_boxes()[-1]
    qtbot.mouseClick(
        next(b for b in box.buttons() if b.text() == RELOAD), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: tab.shown[day].name == "本地活动")  # the month read again
    cell = tab.grid.item(*divmod(date(day.year, 12, 1).weekday() + day.day - 1, 7))
    assert "本地活动" in cell.text()
    with unit_of_work(admin) as s:
        assert calendar.month(s, day.year, 12)[day.day - 1].name == "本地活动"
    tab.select(day)
    tab.correct()  # on the fresh copy the correction goes through
    assert "已将" in tab.message.text()

"""The 值班 page: four tabs on one actor."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget

from app.services.context import Actor
from app.ui.duty.calendar_tab import DutyCalendarTab
from app.ui.duty.log_tab import LogTab
from app.ui.duty.roster_tab import RosterTab
from app.ui.duty.staff_tab import StaffTab


class DutyPage(QTabWidget):
    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.staff = StaffTab(actor)
        self.calendar = DutyCalendarTab(actor)
        self.roster = RosterTab(actor)
        self.log = LogTab(actor)
        self.addTab(self.staff, "人员")
        self.addTab(self.calendar, "日历")
        self.addTab(self.roster, "排班")
        self.addTab(self.log, "值班日志")
        self.currentChanged.connect(self._refresh)

    def _refresh(self, index: int) -> None:
        tab = self.widget(index)
        reload = getattr(tab, "reload", None)
        if reload is not None:
            reload()

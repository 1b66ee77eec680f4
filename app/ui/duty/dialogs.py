"""Dialogs of the 排班 tab: change one day by hand, and record a 换班/代班."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QListWidget, QListWidgetItem

from app import clock
from app.services.context import Actor
from app.services.duty import changes
from app.services.duty.roster import RosterDayRow
from app.services.duty.staff import DutyPersonRow
from app.services.errors import ValidationError
from app.services.versions import Seen
from app.ui import ops
from app.ui.duty.common import DUTY
from app.ui.kit import DateEdit, FormDialog


def _combo(people: list[DutyPersonRow], current: int | None = None) -> QComboBox:
    box = QComboBox()
    for p in people:
        box.addItem(f"{p.name}（{p.title or p.role}）", p.id)
        if p.id == current:
            box.setCurrentIndex(box.count() - 1)
    return box


class EditDayDialog(FormDialog):
    """Pick the day's 带班领导 and tick its 值班人员."""

    def __init__(self, actor: Actor, row: RosterDayRow, people: list[DutyPersonRow]) -> None:
        super().__init__(None, f"调整 {row.day:%Y年%m月%d日} 的值班")
        self.actor, self.row = actor, row
        leaders = [p for p in people if p.can_lead and p.active]
        self.leader = self.add("leader", "带班领导", _combo(leaders, row.leader.id), True)
        self.staff = self.add("staff", "值班人员", QListWidget(), required=True)
        on = {p.id for p in row.staff}
        for p in people:
            if not p.can_lead and p.active:
                item = QListWidgetItem(f"{p.name}（{p.phone}）")
                item.setData(Qt.ItemDataRole.UserRole, p.id)
                item.setCheckState(Qt.CheckState.Checked if p.id in on else Qt.CheckState.Unchecked)
                self.staff.addItem(item)
        self.note = self.add("note", "备注", QLineEdit(row.note))

    def chosen_staff(self) -> list[int]:
        items = (self.staff.item(n) for n in range(self.staff.count()))
        return [
            i.data(Qt.ItemDataRole.UserRole)
            for i in items
            if i.checkState() == Qt.CheckState.Checked
        ]

    def save(self) -> None:
        leader, staff, note = self.leader.currentData(), self.chosen_staff(), self.note.text()
        ops.perform(
            self.actor,
            lambda s: changes.set_day(s, self.row.day, leader, staff, note),
            touches=DUTY,
            seen=Seen("排班", self.row.day, self.row.version),
        )


class SwapDialog(FormDialog):
    """换班 (both give a day) or 代班 (day B blank): the 带班领导's consent is required."""

    def __init__(self, actor: Actor, row: RosterDayRow, people: list[DutyPersonRow]) -> None:
        super().__init__(None, f"换班：{row.day:%Y年%m月%d日}")
        self.actor, self.row = actor, row
        on_day = [row.leader, *row.staff]
        first = row.staff[0].id if row.staff else None
        self.person_a = self.add("person_a", "本班换出", _combo(on_day, first), True)
        self.others = [p for p in people if p.active and p.id not in {x.id for x in on_day}]
        self.person_b = self.add("person_b", "换入（对方）", QComboBox(), required=True)
        self.person_a.currentIndexChanged.connect(self._fill_b)
        self._fill_b()
        self.day_b = self.add("day_b", "对方值班日期", DateEdit())
        self.day_b.setPlaceholderText("对方原值班日期；留空为代班")
        # named as the service names it: its refusal shows under this field
        self.consent = self.add("consent_by", "同意的带班领导", QLineEdit(row.leader.name), True)
        self.reason = self.add("reason", "事由", QLineEdit())

    def _fill_b(self) -> None:
        """Only the same role may swap: leaders with leaders, staff with staff."""
        lead = self.person_a.currentData() == self.row.leader.id
        self.person_b.clear()
        for p in self.others:
            if p.can_lead == lead:
                self.person_b.addItem(f"{p.name}（{p.title or p.role}）", p.id)

    def _day_b(self) -> date | None:
        text = self.day_b.text().strip()
        day = self.day_b.date() if text else None
        if text and day is None:
            raise ValidationError(
                f"对方值班日期“{text}”无法识别，可写 2026-03-05、2026.3.5、20260305", "day_b"
            )
        return day

    def save(self) -> None:
        form = changes.SwapForm(
            self.row.day,
            self.person_a.currentData(),
            self.person_b.currentData(),
            self.consent.text(),
            clock.now(),
            self._day_b(),
            self.reason.text(),
        )
        seen = Seen("排班", self.row.day, self.row.version)
        ops.perform(self.actor, lambda s: changes.swap(s, form), touches=DUTY, seen=seen)

"""Dialogs of the 排班 tab: change one day by hand, and record a 换班/代班."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
)

from app.services.context import Actor
from app.services.duty import changes
from app.services.duty.roster import RosterDayRow
from app.services.duty.staff import PersonRow
from app.ui.duty.common import Message, act, date_of, ok_cancel
from app.ui.kit import DateEdit


def _combo(people: list[PersonRow], current: int | None = None) -> QComboBox:
    box = QComboBox()
    for p in people:
        box.addItem(f"{p.name}（{p.title or p.role}）", p.id)
        if p.id == current:
            box.setCurrentIndex(box.count() - 1)
    return box


class EditDayDialog(QDialog):
    """Pick the day's 带班领导 and tick its 值班人员."""

    def __init__(self, actor: Actor, row: RosterDayRow, people: list[PersonRow]) -> None:
        super().__init__()
        self.actor, self.row = actor, row
        self.setWindowTitle(f"调整 {row.day:%Y年%m月%d日} 的值班")
        self.message = Message()
        self.leader = _combo([p for p in people if p.can_lead and p.active], row.leader.id)
        self.staff = QListWidget()
        on = {p.id for p in row.staff}
        for p in people:
            if not p.can_lead and p.active:
                item = QListWidgetItem(f"{p.name}（{p.phone}）")
                item.setData(Qt.ItemDataRole.UserRole, p.id)
                item.setCheckState(Qt.CheckState.Checked if p.id in on else Qt.CheckState.Unchecked)
                self.staff.addItem(item)
        self.note = QLineEdit(row.note)
        buttons = ok_cancel("确定")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("带班领导", self.leader)
        form.addRow("值班人员", self.staff)
        form.addRow("备注", self.note)
        form.addRow(self.message)
        form.addRow(buttons)

    def chosen_staff(self) -> list[int]:
        items = (self.staff.item(n) for n in range(self.staff.count()))
        return [
            i.data(Qt.ItemDataRole.UserRole)
            for i in items
            if i.checkState() == Qt.CheckState.Checked
        ]

    def save(self) -> None:
        leader, staff, note = self.leader.currentData(), self.chosen_staff(), self.note.text()
        if act(
            self.actor,
            self.message,
            lambda s: changes.set_day(s, self.row.day, leader, staff, note) or True,
        ):
            self.accept()


class SwapDialog(QDialog):
    """换班 (both give a day) or 代班 (day B blank): the 带班领导's consent is required."""

    def __init__(self, actor: Actor, row: RosterDayRow, people: list[PersonRow]) -> None:
        super().__init__()
        self.actor, self.row = actor, row
        self.setWindowTitle(f"换班：{row.day:%Y年%m月%d日}")
        self.message = Message()
        on_day = [row.leader, *row.staff]
        self.person_a = _combo(on_day, row.staff[0].id if row.staff else None)
        self.others = [p for p in people if p.active and p.id not in {x.id for x in on_day}]
        self.person_b = QComboBox()
        self.person_a.currentIndexChanged.connect(self._fill_b)
        self._fill_b()
        self.day_b = DateEdit()
        self.day_b.setPlaceholderText("对方原值班日期；留空为代班")
        self.consent = QLineEdit(row.leader.name)
        self.reason = QLineEdit()
        buttons = ok_cancel("确定")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("本班换出", self.person_a)
        form.addRow("换入（对方）", self.person_b)
        form.addRow("对方值班日期", self.day_b)
        form.addRow("同意的带班领导", self.consent)
        form.addRow("事由", self.reason)
        form.addRow(self.message)
        form.addRow(buttons)

    def _fill_b(self) -> None:
        """Only the same role may swap: leaders with leaders, staff with staff."""
        lead = self.person_a.currentData() == self.row.leader.id
        self.person_b.clear()
        for p in self.others:
            if p.can_lead == lead:
                self.person_b.addItem(f"{p.name}（{p.title or p.role}）", p.id)

    def save(self) -> None:
        day_b: date | None = None
        if self.day_b.text().strip():
            day_b = date_of(self.day_b.text(), self.message, "对方值班日期")
            if day_b is None:
                return
        form = changes.SwapForm(
            self.row.day,
            self.person_a.currentData(),
            self.person_b.currentData(),
            self.consent.text(),
            datetime.now().astimezone(),
            day_b,
            self.reason.text(),
        )
        if act(self.actor, self.message, lambda s: changes.swap(s, form)):
            self.accept()

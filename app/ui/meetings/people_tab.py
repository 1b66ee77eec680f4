"""人员: 应到/列席, notice ticks (已通知/已回执/请假); after the meeting 签到, 迟到, 缺席."""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.context import Actor
from app.services.meetings import attendance, config
from app.services.meetings.dto import AttendeeForm, AttendeeRow, MeetingDetail
from app.ui import ops
from app.ui.meetings.common import change, current_row, open_dialog, seen_of, table
from app.ui.meetings.forms import MeetingForm

HEADERS = ("姓名", "单位", "职务", "身份", "通知情况", "签到", "迟到", "缺席原因")
NOTICE_COL, PRESENT_COL, LATE_COL = 4, 5, 6
ABSENT_REASONS = ("请假", "出差", "病假", "公务冲突", "未说明")


def person_line(a: AttendeeRow) -> str:
    return " ".join(t for t in (a.name, a.unit, a.title) if t)


def parse_people(text: str, role: str, old: list[AttendeeRow]) -> list[AttendeeForm]:
    """One person a line: 姓名 单位 职务 (spaces, tabs or commas); a kept name keeps its marks."""
    known = {(a.name, a.role): a.id for a in old}
    forms = []
    for line in text.splitlines():
        parts = [p for p in re.split(r"[\s,，、]+", line.strip()) if p]
        if not parts:
            continue
        name, unit, title = [*parts, "", ""][:3]
        forms.append(AttendeeForm(name, unit, title, role, known.get((name, role))))
    return forms


class PeopleDialog(MeetingForm):
    """名单: 参会人员 (应到) and 列席人员, one a line, typed or pasted from a list."""

    def __init__(self, actor: Actor, detail: MeetingDetail, parent: QWidget | None = None) -> None:
        super().__init__(actor, f"参会名单：{detail.meeting.name}", parent, width=620)
        self.detail = detail
        self.seen = seen_of(detail)
        self.expected = self.add("attendees", "参会人员（应到）", self._box("参会"))
        self.observers = self.add("observers", "列席人员", self._box("列席"))
        hint = QLabel("每行一人：姓名 单位 职务，用空格分隔。已有的人保留通知和签到情况。")
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        self.form_layout.addRow("", hint)

    def _box(self, role: str) -> QPlainTextEdit:
        box = QPlainTextEdit()
        box.setTabChangesFocus(True)
        box.setFixedHeight(150 if role == "参会" else 90)
        people = [a for a in self.detail.attendees if a.role == role]
        box.setPlainText("\n".join(person_line(a) for a in people))
        return box

    def save(self) -> None:
        old = self.detail.attendees
        forms = parse_people(self.expected.toPlainText(), "参会", old)
        forms += parse_people(self.observers.toPlainText(), "列席", old)
        self.run(attendance.set_attendees, self.detail.meeting.id, forms)


class AbsentDialog(MeetingForm):
    """缺席: the reason (请假, 出差 …) for one person of the list."""

    def __init__(self, actor: Actor, person: AttendeeRow, parent: QWidget | None = None) -> None:
        super().__init__(actor, f"缺席：{person.name}", parent, ok_text="登记缺席")
        self.person = person
        self.reason = self.add("absent_reason", "缺席原因", QComboBox())
        self.reason.setEditable(True)
        self.reason.addItems(list(ABSENT_REASONS))
        self.reason.setCurrentText(person.absent_reason or "请假")

    def save(self) -> None:
        self.run(attendance.sign_in, self.person.id, False, False, self.reason.currentText())


class PeopleTab(QWidget):
    """The list; each tick is saved at once (one change each) and the list read again."""

    def __init__(self, actor: Actor, refresh: Callable[[], None]) -> None:
        super().__init__()
        self.actor, self.refresh = actor, refresh
        self.detail: MeetingDetail | None = None
        self.rows: list[AttendeeRow] = []
        self.table = table("attendees", HEADERS)
        self.table.itemChanged.connect(self._ticked)
        self.summary = QLabel()
        self.summary.setObjectName("attendanceSummary")
        self.buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        for key, text, slot in (("editPeople", "编辑名单…", self.edit_people),
                                ("allNotified", "其余全部已通知", self.all_notified),
                                ("absent", "登记缺席…", self.absent)):  # fmt: skip
            button = QPushButton(text)
            button.setObjectName(key)
            button.clicked.connect(lambda _c=False, s=slot: s())
            bar.addWidget(button)
            self.buttons[key] = button
        bar.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.show_detail(None)

    def show_detail(self, detail: MeetingDetail | None) -> None:
        self.detail = detail
        self.rows = detail.attendees if detail else []
        keep = current_row(self.table)
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.rows))
        for r, person in enumerate(self.rows):
            self._fill_row(r, person)
        self.table.blockSignals(False)
        self.table.resizeColumnsToContents()
        if 0 <= keep < len(self.rows):
            self.table.selectRow(keep)
        for button in self.buttons.values():
            button.setEnabled(detail is not None)
        self.summary.setText(_summary(detail) if detail else "")

    def _fill_row(self, r: int, person: AttendeeRow) -> None:
        for c, text in enumerate((person.name, person.unit, person.title, person.role)):
            self.table.setItem(r, c, QTableWidgetItem(text))
        notice = self.table.cellWidget(r, NOTICE_COL)
        if not isinstance(notice, QComboBox):  # kept across reloads: a replaced one lingers
            notice = QComboBox()
            notice.addItems(list(config.NOTICE_STATES))
            notice.currentTextChanged.connect(
                lambda state, box=notice: self.set_notice(box.property("attendeeId"), state)
            )
            self.table.setCellWidget(r, NOTICE_COL, notice)
        notice.blockSignals(True)
        notice.setObjectName(f"notice-{person.name}")
        notice.setProperty("attendeeId", person.id)
        notice.setCurrentText(person.notice)
        notice.blockSignals(False)
        self.table.setItem(r, PRESENT_COL, _check(person.present is True, "已到"))
        late = _check(person.late, "迟到", person.present is True)
        self.table.setItem(r, LATE_COL, late)
        self.table.setItem(r, 7, QTableWidgetItem(person.absent_reason))

    def _ticked(self, item: QTableWidgetItem) -> None:
        if item.column() not in (PRESENT_COL, LATE_COL) or item.row() >= len(self.rows):
            return
        person = self.rows[item.row()]
        checked = item.checkState() == Qt.CheckState.Checked
        if item.column() == PRESENT_COL:
            self.sign_in(person.id, checked, False, "")
        else:
            self.sign_in(person.id, True, checked, "")

    def sign_in(self, attendee_id: int, present: bool, late: bool, reason: str) -> None:
        change(self, attendance.sign_in, attendee_id, present, late, reason)

    def set_notice(self, attendee_id: int, state: str) -> None:
        change(self, attendance.set_notice, attendee_id, state)

    def all_notified(self) -> None:
        if self.detail is not None:
            change(self, attendance.mark_all_notified, self.detail.meeting.id)

    def edit_people(self) -> PeopleDialog | None:
        if self.detail is None:
            return None
        return open_dialog(PeopleDialog(self.actor, self.detail, self), self.refresh)

    def absent(self) -> AbsentDialog | None:
        row = current_row(self.table)
        if row < 0:
            ops.tell(self, "请先在名单中选中一人。")
            return None
        dialog = AbsentDialog(self.actor, self.rows[row], self)
        dialog.seen = seen_of(self.detail)
        return open_dialog(dialog, self.refresh)


def _check(on: bool, text: str, enabled: bool = True) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    flags = Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable
    item.setFlags(flags | Qt.ItemFlag.ItemIsEnabled if enabled else flags)
    item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
    return item


def _summary(detail: MeetingDetail) -> str:
    m = detail.meeting
    absent = len(detail.absent)
    late = sum(1 for a in detail.attendees if a.late)
    return (f"应到 {m.expected} 人，实到 {m.present} 人，列席 {m.observers} 人，缺席 {absent} 人，"
            f"迟到 {late} 人；未通知 {m.not_notified} 人")  # fmt: skip

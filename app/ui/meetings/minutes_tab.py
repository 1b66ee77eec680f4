"""纪要与议定事项: number, issue and register the 纪要 as a 发文; the 议定事项 and 转督办."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.services.context import Actor
from app.services.meetings import decisions, minutes
from app.services.meetings.dto import DecisionForm, DecisionRow, MeetingDetail
from app.ui import ops
from app.ui.kit import DateEdit
from app.ui.meetings.common import (
    TOUCHES,
    WITH_TASKS,
    change,
    current_row,
    day,
    fill,
    open_dialog,
    seen_of,
    table,
)
from app.ui.meetings.forms import MeetingForm, read_day

HEADERS = ("序号", "议定事项", "牵头领导", "责任单位", "责任人", "办理时限", "状态", "办结日期",
           "办结情况")  # fmt: skip
LATE_STATES = ("逾期", "逾期办结")
RED = QBrush(QColor("#b00020"))


class NumberDialog(MeetingForm):
    """纪要编号: the next number of the 类型's series (as 发文字号 are taken), and its title."""

    def __init__(self, actor: Actor, detail: MeetingDetail, parent: QWidget | None = None) -> None:
        super().__init__(
            actor, f"纪要编号：{detail.meeting.name}", parent, ok_text="编号", width=520
        )
        self.meeting_id = detail.meeting.id
        self.seen = seen_of(detail)
        title = detail.minutes_title or f"{detail.meeting.name}纪要"
        self.title = self.add("minutes_title", "纪要标题", QLineEdit(title))
        self.number = QLabel("保存时取本类型纪要的下一个编号（与发文字号同一计数）。")
        self.number.setObjectName("hint")
        self.number.setWordWrap(True)
        self.form_layout.addRow("", self.number)
        self.given = ""

    def save(self) -> str:
        self.given = self.run(minutes.number_minutes, self.meeting_id, self.title.text(),
                              touches=WITH_TASKS)  # fmt: skip
        return self.given


class IssueDialog(MeetingForm):
    def __init__(self, actor: Actor, detail: MeetingDetail, parent: QWidget | None = None) -> None:
        super().__init__(actor, f"印发纪要：{detail.meeting.minutes_doc_number}", parent,
                         ok_text="印发")  # fmt: skip
        self.meeting_id = detail.meeting.id
        self.seen = seen_of(detail)
        self.issued_on = self.add("minutes_issued_on", "印发日期", DateEdit())
        self.issued_on.setDate(clock.today())

    def save(self) -> None:
        on = read_day(self.issued_on, "印发日期", "minutes_issued_on", required=True)
        self.run(minutes.issue_minutes, self.meeting_id, on)


class OutgoingDialog(MeetingForm):
    """登记为发文: the issued 纪要 enters the 发文登记簿 under its own number."""

    def __init__(self, actor: Actor, detail: MeetingDetail, parent: QWidget | None = None) -> None:
        super().__init__(actor, f"纪要登记为发文：{detail.meeting.minutes_doc_number}", parent,
                         ok_text="登记为发文")  # fmt: skip
        self.meeting_id = detail.meeting.id
        self.seen = seen_of(detail)
        self.signer = self.add("outgoing_id", "签发人", QLineEdit(detail.meeting.host))

    def save(self) -> int:
        return self.run(minutes.register_as_outgoing, self.meeting_id, self.signer.text(),
                        touches=(*TOUCHES, "发文"))  # fmt: skip


class DecisionDialog(MeetingForm):
    """One 议定事项: 事项, 牵头领导, 责任单位, 责任人, 办理时限."""

    def __init__(self, actor: Actor, meeting_id: int, item: DecisionRow | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(actor, "新增议定事项" if item is None else "修改议定事项", parent,
                         width=560)  # fmt: skip
        self.meeting_id, self.item = meeting_id, item
        self.matter = self.add("matter", "议定事项", QLineEdit(item.matter if item else ""))
        self.leader = self.add("leader", "牵头领导", QLineEdit(item.leader if item else ""))
        self.dept = self.add("dept", "责任单位", QLineEdit(item.dept if item else ""))
        self.person = self.add("person", "责任人", QLineEdit(item.person if item else ""))
        self.deadline = self.add("deadline", "办理时限", DateEdit())
        self.deadline.setDate(item.deadline if item else None)

    def save(self) -> None:
        deadline = read_day(self.deadline, "办理时限", "deadline", required=True)
        assert deadline is not None
        form = DecisionForm(self.matter.text().strip(), self.dept.text().strip(), deadline,
                            self.leader.text().strip(), self.person.text().strip())  # fmt: skip
        if self.item is None:
            self.run(decisions.add_decision, self.meeting_id, form)
        else:
            self.run(decisions.update_decision, self.item.id, form)


class MinutesTab(QWidget):
    def __init__(self, actor: Actor, refresh: Callable[[], None]) -> None:
        super().__init__()
        self.actor, self.refresh = actor, refresh
        self.detail: MeetingDetail | None = None
        self.rows: list[DecisionRow] = []
        self.facts: dict[str, QLabel] = {}
        self.buttons: dict[str, QPushButton] = {}
        self.table = table("decisions", HEADERS)
        self.table.itemSelectionChanged.connect(self._enable)
        layout = QVBoxLayout(self)
        layout.addLayout(self._minutes_row())
        layout.addLayout(self._buttons(self._decision_buttons()))
        layout.addWidget(self.table, 1)
        self.show_detail(None)

    def _minutes_row(self) -> QHBoxLayout:
        """纪要 facts and their steps on one row: the 议定事项 list keeps the height."""
        row = self._buttons([("numberMinutes", "纪要编号…", self.number),
                             ("issueMinutes", "印发…", self.issue),
                             ("registerOutgoing", "登记为发文…", self.register)])  # fmt: skip
        facts = (("number", "纪要"), ("title", "标题"), ("issued", "印发"), ("outgoing", "发文"))
        for key, label in facts:
            value = QLabel()
            value.setObjectName(f"minutes-{key}")
            row.addWidget(QLabel(f"{label}："))
            row.addWidget(value)
            row.addSpacing(12)
            self.facts[key] = value
        return row

    def _decision_buttons(self) -> list[tuple[str, str, Callable[[], object]]]:
        return [("addDecision", "新增议定事项…", self.add_decision),
                ("editDecision", "修改…", self.edit_decision),
                ("removeDecision", "删除", self.remove_decision),
                ("sendOne", "转督办", self.send_one),
                ("sendAll", "全部转督办", self.send_all)]  # fmt: skip

    def _buttons(self, specs: list[tuple[str, str, Callable[[], object]]]) -> QHBoxLayout:
        bar = QHBoxLayout()
        for key, text, slot in specs:
            button = QPushButton(text)
            button.setObjectName(key)
            button.clicked.connect(lambda _c=False, s=slot: s())
            bar.addWidget(button)
            self.buttons[key] = button
        bar.addStretch(1)
        return bar

    def show_detail(self, detail: MeetingDetail | None) -> None:
        self.detail = detail
        self.rows = detail.decisions if detail else []
        keep = current_row(self.table)
        fill(self.table, [(d.position, d.matter, d.leader, d.dept, d.person, day(d.deadline),
                           d.state, day(d.done_on), d.evidence) for d in self.rows])  # fmt: skip
        for r, item in enumerate(self.rows):
            cell = self.table.item(r, 6)
            if cell is not None and item.state in LATE_STATES:
                cell.setForeground(RED)
        if 0 <= keep < len(self.rows):
            self.table.selectRow(keep)
        m = detail.meeting if detail else None
        self.facts["number"].setText(m.minutes_doc_number or "未编号" if m else "")
        self.facts["title"].setText(detail.minutes_title if detail else "")
        self.facts["issued"].setText(day(detail.minutes_issued_on) or "未印发" if detail else "")
        outgoing = detail and detail.outgoing_id
        self.facts["outgoing"].setText("已登记" if outgoing else "未登记" if detail else "")
        self._enable()

    def selected(self) -> DecisionRow | None:
        row = current_row(self.table)
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def _enable(self) -> None:
        d, item = self.detail, self.selected()
        numbered = bool(d and d.minutes_no is not None)
        self.buttons["numberMinutes"].setEnabled(bool(d) and not numbered)
        self.buttons["issueMinutes"].setEnabled(numbered and not (d and d.minutes_issued_on))
        self.buttons["registerOutgoing"].setEnabled(
            bool(d and d.minutes_issued_on and not d.outgoing_id)
        )
        self.buttons["addDecision"].setEnabled(d is not None)
        unsent = item is not None and item.task_id is None
        for key in ("editDecision", "removeDecision", "sendOne"):
            self.buttons[key].setEnabled(unsent)
        self.buttons["sendAll"].setEnabled(any(r.task_id is None for r in self.rows))

    def number(self) -> NumberDialog | None:
        return (
            open_dialog(NumberDialog(self.actor, self.detail, self), self.refresh)
            if self.detail
            else None
        )

    def issue(self) -> IssueDialog | None:
        return (
            open_dialog(IssueDialog(self.actor, self.detail, self), self.refresh)
            if self.detail
            else None
        )

    def register(self) -> OutgoingDialog | None:
        if self.detail is None:
            return None
        return open_dialog(OutgoingDialog(self.actor, self.detail, self), self.refresh)

    def add_decision(self) -> DecisionDialog | None:
        if self.detail is None:
            return None
        dialog = DecisionDialog(self.actor, self.detail.meeting.id, None, self)
        dialog.seen = seen_of(self.detail)
        return open_dialog(dialog, self.refresh)

    def edit_decision(self) -> DecisionDialog | None:
        item = self.selected()
        if item is None or self.detail is None:
            return None
        dialog = DecisionDialog(self.actor, self.detail.meeting.id, item, self)
        dialog.seen = seen_of(self.detail)
        return open_dialog(dialog, self.refresh)

    def remove_decision(self) -> None:
        item = self.selected()
        if item is not None:
            change(self, decisions.remove_decision, item.id)

    def send_one(self) -> int | None:
        """The selected 议定事项 becomes a 督办 item; its id."""
        item = self.selected()
        if item is None:
            return None
        task_id = ops.change(self, self.actor, lambda s: decisions.send_to_tasks(s, item.id),
                             touches=WITH_TASKS, seen=seen_of(self.detail),
                             reload=self.refresh)  # fmt: skip
        self.refresh()
        return task_id

    def send_all(self) -> list[int] | None:
        if self.detail is None:
            return None
        meeting_id = self.detail.meeting.id
        ids = ops.change(self, self.actor, lambda s: decisions.send_all(s, meeting_id),
                         touches=WITH_TASKS, seen=seen_of(self.detail),
                         reload=self.refresh)  # fmt: skip
        self.refresh()
        return ids

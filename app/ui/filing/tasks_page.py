"""The 督办 page: tasks with their derived state (逾期 in red), progress notes, 办结."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QPushButton

from app import clock
from app.services.context import Actor
from app.services.errors import ValidationError
from app.services.filing import queries, tasks
from app.services.meetings import decisions
from app.services.meetings.dto import DecisionLink
from app.services.versions import Seen
from app.ui import ops
from app.ui.filing.common import ListCol
from app.ui.filing.correct_form import EDIT
from app.ui.filing.list_page import ListPage
from app.ui.kit import OVERDUE, Field, FormDialog

COLUMNS = [
    ListCol("督办事项", lambda r: r.matter), ListCol("来源", lambda r: r.source),
    ListCol("责任单位", lambda r: r.dept), ListCol("责任人", lambda r: r.person),
    ListCol("交办日期", lambda r: r.assigned_on), ListCol("办理时限", lambda r: r.deadline),
    ListCol("状态", lambda r: r.state), ListCol("逾期天数", lambda r: r.days_overdue or ""),
    ListCol("办结日期", lambda r: r.done_on),
]  # fmt: skip


def _color(row: Any) -> QColor | None:
    """逾期 rows in the kit's pale red; late-but-done ones stay plain."""
    return OVERDUE if row.state == tasks.OVERDUE else None


OPEN_MEETING = "打开来源会议"


class TasksPage(ListPage):
    open_record = Signal(str, int, str)  # 打开来源会议: the 办会 page shows that meeting
    meeting: DecisionLink | None = None  # the selected task's meeting, if from a 议定事项
    kind = "tasks"
    empty_text = "还没有督办事项：点“新增督办”（Ctrl+N）交办第一件。"
    owner = "督办"
    states = tasks.TASK_STATES
    vocab_filters = False

    def __init__(self, actor: Actor) -> None:
        super().__init__(actor, COLUMNS, queries.list_tasks, queries.count_tasks, _color)
        self.new_button = QPushButton("新增督办（Ctrl+N）")
        self.new_button.clicked.connect(self.open_new)
        self.tools.insertWidget(0, self.new_button)
        QShortcut(QKeySequence("Ctrl+N"), self).activated.connect(self.open_new)
        self.notes = QLabel()
        self.notes.setObjectName("notes")
        self.notes.setWordWrap(True)
        self.body.addWidget(self.notes)

    def record_label(self, row: Any) -> str:
        return str(row.matter)

    def selected_changed(self) -> None:
        row = self.current()
        if row is None:
            self.meeting = None
            self.set_actions(())
            self.notes.setText("")
            return
        found, self.meeting = ops.perform(
            self.actor, lambda s: (tasks.notes(s, row.id), decisions.decision_of_task(s, row.id))
        )
        steps = [] if row.done_on else ["添加进展", "办结"]
        self.set_actions([*steps, OPEN_MEETING] if self.meeting else steps)
        lines = [f"{n.on} {n.text}（{n.recorded_by}）" for n in found]
        if self.meeting:  # a 议定事项 of a meeting: which one, and its 纪要
            number = self.meeting.minutes_doc_number or "纪要未编号"
            lines.insert(0, f"来源会议：{self.meeting.meeting_name}（{number}）")
        if row.evidence:
            lines.append(f"办结情况：{row.evidence}")
        self.notes.setText("\n".join(lines) or "暂无进展记录。")

    def open_new(self) -> FormDialog:
        fields = [
            Field("matter", "督办事项", "long", required=True),
            Field("source_kind", "来源", "choice", tasks.SOURCE_KINDS),
            Field("source_text", "来源说明（会议、批示、文号）"), Field("dept", "责任单位"),
            Field("person", "责任人"), Field("deadline", "办理时限", "date", required=True),
        ]  # fmt: skip
        return self.open_form("新增督办事项", fields, self._add)

    def _add(self, v: dict[str, Any]) -> None:
        if v["deadline"] is None:
            raise ValidationError("请填写办理时限。", field="deadline")
        form = tasks.TaskForm(matter=v["matter"], dept=v["dept"], deadline=v["deadline"],
                              source_kind=v["source_kind"], source_text=v["source_text"],
                              person=v["person"])  # fmt: skip
        self.apply(lambda s: tasks.add_task(s, form))

    def start_action(self, action: str) -> FormDialog | None:
        row = self.current()
        if row is None:
            return None
        if action == EDIT:
            return super().start_action(action)
        if action == OPEN_MEETING and self.meeting is not None:
            self.open_record.emit("meetings", self.meeting.meeting_id, self.meeting.meeting_name)
            return None
        today = clock.today()
        label = "进展情况" if action == "添加进展" else "办结情况/佐证"
        day_key = "on" if action == "添加进展" else "done_on"  # the service's field name
        fields = [Field(day_key, "日期", "date", default=today), Field("text", label, "long")]
        task_id = row.id

        step = tasks.add_note if action == "添加进展" else tasks.finish_task
        seen = Seen(self.owner, task_id, row.version)  # the copy the clerk sees

        def save(v: dict[str, Any]) -> None:
            day = v[day_key] or clock.today()
            self.apply(lambda s: step(s, task_id, day, v["text"]), keep=task_id, seen=seen)

        dialog = self.open_form(f"{action}：{row.matter}", fields, save)
        dialog.reload = lambda: self.reload(keep=task_id)
        return dialog

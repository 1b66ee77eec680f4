"""议题: the ordered list (add, edit, move, remove) and each 议题's 会议记录 (none on 涉密)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.services.context import Actor
from app.services.errors import ValidationError
from app.services.meetings import entries
from app.services.meetings.base import SECRET_REFUSAL
from app.services.meetings.dto import MeetingDetail, TopicForm, TopicRow
from app.ui import ops
from app.ui.meetings.common import (
    TOUCHES,
    change,
    current_row,
    fill,
    open_dialog,
    seen_of,
    table,
)
from app.ui.meetings.forms import MeetingForm

HEADERS = ("序号", "议题", "汇报人", "记录")


class TopicDialog(MeetingForm):
    """One 议题: its title and who reports it; saved as the whole ordered list."""

    def __init__(self, actor: Actor, detail: MeetingDetail,
                 make_list: Callable[[TopicForm], list[TopicForm]],
                 topic: TopicRow | None = None, parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(actor, "新增议题" if topic is None else "修改议题", parent, width=560)
        self.meeting_id, self.make_list, self.topic = detail.meeting.id, make_list, topic
        self.seen = seen_of(detail)
        self.title = self.add("title", "议题", QLineEdit(topic.title if topic else ""))
        self.reporter = self.add("reporter", "汇报人", QLineEdit(topic.reporter if topic else ""))

    def save(self) -> None:
        if not self.title.text().strip():
            raise ValidationError("请填写议题。", "title")
        topic_id = self.topic.id if self.topic else None
        form = TopicForm(self.title.text().strip(), self.reporter.text().strip(), topic_id)
        self.run(entries.set_topics, self.meeting_id, self.make_list(form))


class TopicsTab(QWidget):
    def __init__(self, actor: Actor, refresh: Callable[[], None]) -> None:
        super().__init__()
        self.actor, self.refresh = actor, refresh
        self.detail: MeetingDetail | None = None
        self.topics: list[TopicRow] = []
        self.shown: TopicRow | None = None  # whose 记录 the editor holds
        self.table = table("topics", HEADERS)
        self.table.itemSelectionChanged.connect(self.show_record)
        self.record = QPlainTextEdit()
        self.record.setObjectName("record")
        self.record.setTabChangesFocus(True)
        self.record.setPlaceholderText("记录人记录本议题的讨论和决定。")
        self.record_title = QLabel()
        self.record_title.setWordWrap(True)
        self.secret = QLabel()
        self.secret.setObjectName("secretNotice")
        self.secret.setWordWrap(True)
        self.secret.setStyleSheet("background: #fff4e5; border: 1px solid #f0b429; padding: 8px;")
        self.filler = QWidget()  # takes the record's height on a 涉密 meeting
        self.save_button = QPushButton("保存记录")
        self.save_button.setObjectName("saveRecord")
        self.save_button.clicked.connect(self.save_record)
        self.buttons: dict[str, QPushButton] = {}
        split = QSplitter()
        split.addWidget(self._list_side())
        split.addWidget(self._record_side())
        split.setSizes([560, 520])
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.show_detail(None)

    def _list_side(self) -> QWidget:
        bar = QHBoxLayout()
        for key, text, slot in (("addTopic", "新增议题…", self.add_topic),
                                ("editTopic", "修改…", self.edit_topic),
                                ("upTopic", "上移", lambda: self.shift(-1)),
                                ("downTopic", "下移", lambda: self.shift(1)),
                                ("removeTopic", "删除", self.remove)):  # fmt: skip
            button = QPushButton(text)
            button.setObjectName(key)
            button.clicked.connect(lambda _c=False, s=slot: s())
            bar.addWidget(button)
            self.buttons[key] = button
        bar.addStretch(1)
        side = QWidget()
        layout = QVBoxLayout(side)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        return side

    def _record_side(self) -> QWidget:
        side = QWidget()
        layout = QVBoxLayout(side)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.record_title)
        layout.addWidget(self.secret)
        layout.addWidget(self.record, 1)
        layout.addWidget(self.filler, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        return side

    def show_detail(self, detail: MeetingDetail | None) -> None:
        self.detail = detail
        self.topics = detail.topics if detail else []
        keep = current_row(self.table)
        fill(self.table, [(t.position, t.title, t.reporter, "有" if t.record else "")
                          for t in self.topics])  # fmt: skip
        if 0 <= keep < len(self.topics):
            self.table.selectRow(keep)
        secrecy = detail.meeting.secrecy if detail else None
        self.secret.setText(SECRET_REFUSAL.format(level=secrecy, what="会议记录文字"))
        self.secret.setVisible(bool(secrecy))
        self.filler.setVisible(bool(secrecy))
        for widget in (self.record, self.save_button):
            widget.setVisible(not secrecy)  # a 涉密 meeting keeps no 记录 text here
        for button in self.buttons.values():
            button.setEnabled(detail is not None)
        self.show_record()

    def selected(self) -> TopicRow | None:
        row = current_row(self.table)
        return self.topics[row] if 0 <= row < len(self.topics) else None

    def show_record(self) -> None:
        """The selected 议题's 记录; what was typed for the one before is kept, not dropped."""
        self._keep_typed()
        topic = self.shown = self.selected()
        self.record_title.setText(
            f"会议记录：{topic.title}" if topic else "选中一个议题，记录其讨论与决定。"
        )
        self.record.setPlainText(topic.record if topic else "")
        self.record.setEnabled(topic is not None)
        self.save_button.setEnabled(topic is not None)

    def _keep_typed(self) -> None:
        left, text = self.shown, self.record.toPlainText()
        if left is None or text.strip() == left.record.strip():
            return
        if not any(t.id == left.id for t in self.topics):
            return  # that 议题 was removed
        self.shown = None  # saved once: the reload below shows it as saved
        work = lambda s: entries.save_record(s, left.id, text) or True  # noqa: E731
        ops.change(self, self.actor, work, touches=TOUCHES, seen=seen_of(self.detail),
                   reload=self.refresh)  # fmt: skip
        QTimer.singleShot(0, self, self.refresh)  # not inside the list's selection change

    def save_record(self) -> None:
        topic = self.selected()
        if topic is None:
            return
        self.shown = None  # saved as typed: the reload shows it
        change(self, entries.save_record, topic.id, self.record.toPlainText())

    def _forms(self) -> list[TopicForm]:
        return [TopicForm(t.title, t.reporter, t.id) for t in self.topics]

    def add_topic(self) -> TopicDialog | None:
        if self.detail is None:
            return None
        make = lambda f: [*self._forms(), f]  # noqa: E731
        return open_dialog(TopicDialog(self.actor, self.detail, make, None, self), self.refresh)

    def edit_topic(self) -> TopicDialog | None:
        topic = self.selected()
        if topic is None:
            return None
        place = self.topics.index(topic)
        assert self.detail is not None

        def make(form: TopicForm) -> list[TopicForm]:
            forms = self._forms()
            forms[place] = form
            return forms

        dialog = TopicDialog(self.actor, self.detail, make, topic, self)
        return open_dialog(dialog, self.refresh)

    def shift(self, step: int) -> None:
        topic = self.selected()
        if topic is None:
            return
        forms, place = self._forms(), self.topics.index(topic)
        other = place + step
        if not 0 <= other < len(forms):
            return
        forms[place], forms[other] = forms[other], forms[place]
        if self._run(forms):
            self.table.selectRow(other)

    def remove(self) -> None:
        topic = self.selected()
        if topic is None:
            return
        self._run([f for f in self._forms() if f.id != topic.id])

    def _run(self, forms: list[TopicForm]) -> bool:
        assert self.detail is not None
        return change(self, entries.set_topics, self.detail.meeting.id, forms)

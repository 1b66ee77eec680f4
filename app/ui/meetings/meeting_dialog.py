"""新建/修改会议: 名称, 类型 (届次 shown), 时间, 会议室, 主持人, 记录人, 涉密, 通知 details."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from app import clock
from app.services.context import Actor
from app.services.errors import ConflictError
from app.services.meetings import config, entries
from app.services.meetings.dto import MeetingDetail
from app.services.meetings.dto import MeetingForm as Form
from app.ui import ops
from app.ui.kit import DateTimeEdit
from app.ui.meetings.common import SECRET_LEVELS, TOUCHES, WITH_TASKS, call
from app.ui.meetings.forms import MeetingForm, read_moment
from app.ui.messages import offer_reload

NOT_SECRET = "非涉密"


class MeetingDialog(MeetingForm):
    """New when ``meeting_id`` is None; else the meeting as loaded, saved with its version."""

    def __init__(self, actor: Actor, meeting_id: int | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        title = "新建会议" if meeting_id is None else "修改会议"
        super().__init__(actor, title, parent, ok_text="保存", width=560)
        self.meeting_id = meeting_id
        self.version: int | None = None  # as loaded: a stale save is refused
        self.saved_id: int | None = None
        kinds, rooms = call(actor, config.kinds), call(actor, config.rooms)
        self.kind = self.add("kind", "类型", QComboBox(), required=True)
        self.kind.addItems(kinds)
        self.session_no = QLabel()
        self.session_no.setObjectName("sessionNo")
        self.form_layout.addRow("届次", self.session_no)
        self.name = self.add("name", "会议名称", QLineEdit())
        self.name.setPlaceholderText("留空则按届次命名，如 2026年第5次党委会")
        self.starts = self.add("starts_at", "开始时间", DateTimeEdit(), required=True)
        self.ends = self.add("ends_at", "结束时间", DateTimeEdit())
        self.ends.setPlaceholderText("留空则为开始后两小时")
        self.room = self.add("room", "会议室", QComboBox())
        self.room.addItems(["", *rooms])
        self.host = self.add("host", "主持人", QLineEdit())
        self.recorder = self.add("recorder", "记录人", QLineEdit())
        self.secrecy = self.add("secrecy", "涉密", QComboBox())
        self.secrecy.addItems([NOT_SECRET, *SECRET_LEVELS[1:]])
        self.requirements = self.add("requirements", "会议要求", QPlainTextEdit())
        self.requirements.setTabChangesFocus(True)
        self.requirements.setFixedHeight(64)
        self.requirements.setPlaceholderText("印在会议通知上，如：请准时参会，不得缺席")
        self.contact = self.add("contact", "联系人", QLineEdit())
        self.phone = self.add("phone", "联系电话", QLineEdit())
        self.kind.currentIndexChanged.connect(lambda _i: self.show_session())
        self.starts.dateTimeChanged.connect(lambda _v: self.show_session())
        self.kind.setFocus()
        if meeting_id is None:
            start = clock.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=1)
            self.starts.setDateTime(start.replace(hour=9))
            self.show_session()
        else:
            self.load()

    def load(self) -> None:
        """The meeting as saved now (also 重新载入 after a stale save)."""
        assert self.meeting_id is not None
        detail: MeetingDetail = call(self.actor, entries.get_meeting, self.meeting_id)
        m = detail.meeting
        self.version = m.version
        self.kind.setCurrentText(m.kind)
        self.name.setText(m.name)
        self.starts.setDateTime(m.starts_at)
        self.ends.setDateTime(m.ends_at)
        if self.room.findText(m.room) < 0:
            self.room.addItem(m.room)  # a room since taken off the list stays readable
        self.room.setCurrentText(m.room)
        self.host.setText(m.host)
        self.recorder.setText(m.recorder)
        self.secrecy.setCurrentText(m.secrecy or NOT_SECRET)
        self.requirements.setPlainText(detail.requirements)
        self.contact.setText(detail.contact)
        self.phone.setText(detail.phone)
        self.session_no.setText(f"{m.year}年{m.session_label}")
        self.helper.clear()
        self.error.hide()

    def show_session(self) -> None:
        """What 届次 a new meeting (or one moved to another 类型/year) will get."""
        start = self.starts.dateTime()
        if start is None or not self.kind.currentText():
            return
        year, kind = start.year, self.kind.currentText()
        if self.meeting_id is not None and self.version is not None:
            return  # an edit shows its own 届次 (a change of 类型 renumbers at save)
        number = call(self.actor, entries.next_session_no, kind, year)
        self.session_no.setText(f"{year}年第{number}次（保存后编号）")

    def form(self) -> Form:
        starts = read_moment(self.starts, "开始时间", "starts_at")
        assert starts is not None
        secrecy = self.secrecy.currentText()
        return Form(
            kind=self.kind.currentText(),
            starts_at=starts,
            name=self.name.text().strip(),
            ends_at=read_moment(self.ends, "结束时间", "ends_at", required=False),
            room=self.room.currentText(),
            host=self.host.text().strip(),
            recorder=self.recorder.text().strip(),
            secrecy=None if secrecy == NOT_SECRET else secrecy,
            requirements=self.requirements.toPlainText().strip(),
            contact=self.contact.text().strip(),
            phone=self.phone.text().strip(),
        )

    def save(self) -> int:
        form = self.form()
        if self.meeting_id is None:
            self.saved_id = ops.perform(
                self.actor, lambda s: entries.create_meeting(s, form), touches=TOUCHES
            )
            return self.saved_id
        meeting_id, version = self.meeting_id, self.version
        try:
            ops.perform(self.actor, lambda s: entries.update_meeting(s, meeting_id, form, version),
                        touches=WITH_TASKS)  # fmt: skip
        except ConflictError as exc:
            offer_reload(self, exc, self.load)  # the box says who saved first; the form stays
            raise
        self.saved_id = meeting_id
        return meeting_id

"""Paste the State Council's holiday notice, check the days it gives, then save them."""

from __future__ import annotations

from PySide6.QtWidgets import QListWidget, QPlainTextEdit, QPushButton, QWidget

from app.services import calendar, holiday_notice
from app.services.context import Actor
from app.services.errors import DomainError, ValidationError
from app.ui import ops
from app.ui.kit import FormDialog
from app.ui.widgets import roomy


class NoticeDialog(FormDialog):
    """粘贴通知 → 解析 lists every 放假 and 上班 day → 确认保存, only after the clerk saw them."""

    def __init__(self, actor: Actor, parent: QWidget) -> None:
        super().__init__(parent, "录入国务院办公厅节假日安排通知", ok_text="确认保存")
        self.actor = actor
        self.notice: holiday_notice.Notice | None = None
        self.text = self.add("notice", "通知全文：", QPlainTextEdit())
        self.text.setPlaceholderText("把“国务院办公厅关于××年部分节假日安排的通知”全文粘贴在这里")
        self.parse_button = self.add("parse", "", QPushButton("解析"))
        self.preview = self.add("preview", "解析结果：", QListWidget())
        self.parse_button.clicked.connect(self.parse)
        self.text.textChanged.connect(self._forget)
        self.ok.setEnabled(False)
        roomy(self)

    def _forget(self) -> None:
        self.notice = None
        self.preview.clear()
        self.ok.setEnabled(False)

    def parse(self) -> None:
        """Read the text and list the days; nothing is saved yet."""
        self._forget()
        try:
            self.notice = holiday_notice.parse(self.text.toPlainText())
        except DomainError as exc:
            self.refuse(exc.message, "notice")
            return
        self.refuse("")
        for d in self.notice.days:
            word = "放假" if d.kind == calendar.HOLIDAY else "上班（调休）"
            self.preview.addItem(
                f"{d.day.isoformat()} {calendar.weekday_name(d.day)} {word} {d.name}"
            )
        self.ok.setEnabled(True)

    def save(self) -> None:
        if self.notice is None:  # Enter before 解析: nothing is saved unseen
            raise ValidationError("请先点“解析”，核对无误后再保存。", field="notice")
        notice = self.notice
        ops.perform(self.actor, lambda s: holiday_notice.save(s, notice), touches=("日历",))

"""设置 → 办会: the 会议类型 list, the 会议室 list and each 类型's 纪要代字."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.context import Actor, Perm
from app.services.meetings import config
from app.ui import ops
from app.ui.meetings.common import TOUCHES
from app.ui.messages import EXPECTED, error_text
from app.ui.widgets import error_label, form_layout


def _lines(box: QPlainTextEdit) -> list[str]:
    return [line.strip() for line in box.toPlainText().splitlines() if line.strip()]


class MeetingSettingsTab(QWidget):
    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.editable = actor.can(Perm.MANAGE_SETTINGS)
        self.kinds = self._box("kinds")
        self.rooms = self._box("rooms")
        self.codes = QTableWidget(0, 2)
        self.codes.setObjectName("minutesCodes")
        self.codes.setHorizontalHeaderLabels(["会议类型", "纪要代字"])
        self.codes.verticalHeader().hide()
        self.codes.horizontalHeader().setStretchLastSection(True)
        self.codes.setColumnWidth(0, 160)
        if not self.editable:
            self.codes.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.message = error_label()
        self.status = QLabel()
        self.status.setObjectName("hint")
        self.save_button = QPushButton("保存")
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self.save)
        self.save_button.setVisible(self.editable)
        self._layout()
        self.load()

    def _box(self, name: str) -> QPlainTextEdit:
        box = QPlainTextEdit()
        box.setObjectName(name)
        box.setTabChangesFocus(True)
        box.setFixedHeight(120)
        box.setReadOnly(not self.editable)
        return box

    def _layout(self) -> None:
        form = form_layout()
        form.addRow("会议类型：", self.kinds)
        form.addRow("会议室：", self.rooms)
        form.addRow("纪要代字：", self.codes)
        hint = QLabel("类型和会议室每行一个。纪要按类型、按年编号，如 镇委会纪〔2026〕5号，"
                      "与发文字号同一计数。" if self.editable
                      else "只有管理员或办公室主任可以修改办会设置。")  # fmt: skip
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        column = QWidget()
        column.setMaximumWidth(720)  # a form as wide as the screen is hard to read
        outer = QHBoxLayout(self)
        outer.setContentsMargins(20, 20, 20, 20)
        outer.addWidget(column, 1)
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        for widget in (hint, self.message, self.status):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def load(self) -> None:
        kinds, rooms, codes = ops.perform(
            self.actor, lambda s: (config.kinds(s), config.rooms(s), config.minutes_codes(s))
        )
        self.kinds.setPlainText("\n".join(kinds))
        self.rooms.setPlainText("\n".join(rooms))
        self.codes.setRowCount(len(codes))
        for row, (kind, code) in enumerate(codes.items()):
            name = QTableWidgetItem(kind)
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.codes.setItem(row, 0, name)
            self.codes.setItem(row, 1, QTableWidgetItem(code))
        self.codes.setFixedHeight(36 + 30 * min(len(codes), 7))

    def typed_codes(self) -> dict[str, str]:
        out = {}
        for row in range(self.codes.rowCount()):
            kind, code = self.codes.item(row, 0), self.codes.item(row, 1)
            if kind is not None:
                out[kind.text()] = code.text() if code is not None else ""
        return out

    def save(self) -> None:
        kinds, rooms, codes = _lines(self.kinds), _lines(self.rooms), self.typed_codes()
        self.message.hide()

        def work(s: Any) -> None:
            config.save_kinds(s, kinds)
            config.save_rooms(s, rooms)
            known = config.minutes_codes(s)  # a new 类型 gets the default 代字 until typed
            config.save_minutes_codes(s, {k: codes.get(k) or known[k] for k in kinds})

        try:
            ops.perform(self.actor, work, touches=(*TOUCHES, "设置"))
        except EXPECTED as exc:
            self.message.setText(error_text(exc))
            self.message.show()
            return
        self.load()
        self.status.setText("已保存。新建会议时的类型和会议室列表随之更新。")

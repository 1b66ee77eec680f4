"""单位信息: unit name, 全宗号, 机关代字; editable by roles that may change settings."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services import settings
from app.services.context import Actor, Perm
from app.services.errors import ConflictError
from app.ui import ops
from app.ui.messages import EXPECTED, error_text, offer_reload
from app.ui.widgets import error_label, form_layout


class OrgTab(QWidget):
    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.editable = actor.can(Perm.MANAGE_SETTINGS)
        self.name = QLineEdit()
        self.fonds = QLineEdit()
        self.codes = QPlainTextEdit()
        self.codes.setTabChangesFocus(True)
        self.codes.setFixedHeight(140)
        self.message = error_label()
        self.status = QLabel()
        self.status.setObjectName("hint")
        self.save_button = QPushButton("保存")
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self.save)
        self._layout()
        self.load()

    def _layout(self) -> None:
        form = form_layout()
        form.addRow("单位名称：", self.name)
        form.addRow("全宗号：", self.fonds)
        form.addRow("机关代字：", self.codes)
        hint = QLabel("机关代字每行一个，用于发文字号（如：镇政〔2026〕12号）。"
                      if self.editable else "只有管理员或办公室主任可以修改单位信息。")  # fmt: skip
        hint.setObjectName("hint")
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        column = QWidget()
        column.setMaximumWidth(720)  # a form as wide as the screen is hard to read
        outer = QHBoxLayout(self)
        outer.setContentsMargins(20, 20, 20, 20)
        outer.addWidget(column, 1)
        outer.addStretch(0)
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.message)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        layout.addStretch(1)
        for widget in (self.name, self.fonds):
            widget.setReadOnly(not self.editable)
        self.codes.setReadOnly(not self.editable)
        self.save_button.setVisible(self.editable)

    def load(self) -> None:
        info = ops.perform(self.actor, settings.org_info)
        self.loaded = info  # what a save sends back: a change made elsewhere since is refused
        self.name.setText(info.name)
        self.fonds.setText(info.fonds_code)
        self.codes.setPlainText("\n".join(info.issuer_codes))

    def save(self) -> None:
        typed = settings.OrgInfo(self.name.text(), self.fonds.text(),
                                 tuple(self.codes.toPlainText().splitlines()))  # fmt: skip
        seen = self.loaded
        try:
            ops.perform(self.actor, lambda s: settings.save_org(s, typed, seen=seen),
                        touches=("设置",))  # fmt: skip
        except ConflictError as exc:
            self.message.setText(error_text(exc))
            offer_reload(self, exc, self.load)
            return
        except EXPECTED as exc:
            self.message.setText(error_text(exc))
            self.status.clear()
            return
        self.load()
        self.message.clear()
        self.status.setText("已保存。")

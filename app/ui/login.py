"""The login dialog: 登录名 and 密码, Enter logs in, the service's message shown in place."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from app import APP_NAME
from app.services import users
from app.services.context import Actor
from app.ui import ops
from app.ui.kit.table_view import ui_settings
from app.ui.messages import EXPECTED, error_text
from app.ui.widgets import error_label, form_layout

LAST_USER = "login/last_user"


class LoginDialog(QDialog):
    def __init__(self, org_name: str = "", username: str = "") -> None:
        super().__init__()
        self.setWindowTitle(f"{APP_NAME} — 登录")
        self.actor: Actor | None = None
        title = QLabel(APP_NAME)
        title.setObjectName("loginTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        unit = QLabel(org_name)
        unit.setObjectName("loginUnit")
        unit.setAlignment(Qt.AlignmentFlag.AlignCenter)
        username = username or str(ui_settings().value(LAST_USER, "") or "")
        self.username = QLineEdit(username, placeholderText="登录名")
        self.password = QLineEdit(placeholderText="密码", echoMode=QLineEdit.EchoMode.Password)
        self.message = error_label()
        form = form_layout()
        form.addRow("登录名：", self.username)
        form.addRow("密码：", self.password)
        buttons = QDialogButtonBox()
        self.login_button = buttons.addButton("登录", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("退出", QDialogButtonBox.ButtonRole.RejectRole)
        self.login_button.setDefault(True)  # Enter in either field logs in
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 32, 40, 28)
        layout.setSpacing(14)
        for widget in (title, unit):
            layout.addWidget(widget)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setFixedWidth(440)
        (self.password if username else self.username).setFocus()

    def try_login(self) -> None:
        try:
            # a failed attempt's counter is committed too
            outcome = ops.perform(
                None, lambda s: users.login(s, self.username.text(), self.password.text())
            )
        except EXPECTED as exc:
            self.message.setText(error_text(exc))
            return
        if outcome.actor is None:
            self.message.setText(outcome.message)
            self.password.clear()
            self.password.setFocus()
            return
        self.actor = outcome.actor
        ui_settings().setValue(LAST_USER, self.actor.username)  # next time: just the password
        self.accept()

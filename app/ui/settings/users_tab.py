"""用户管理: list users with their lockout, add a user, change role/active, reset a password."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.services import users
from app.services.context import Actor, Role
from app.services.errors import ValidationError
from app.ui import ops
from app.ui.kit import FormDialog, empty_hint
from app.ui.messages import EXPECTED, show_error
from app.ui.widgets import roomy

HEADERS = ("登录名", "姓名", "角色", "状态", "锁定")


def lock_text(row: users.UserRow) -> str:
    if row.locked_until and row.locked_until > clock.utcnow():
        return f"锁定至 {row.locked_until.astimezone():%H:%M}"
    return ""


class UserDialog(FormDialog):
    """New user (with a password) or an existing user's name, role and 在用."""

    def __init__(self, actor: Actor, row: users.UserRow | None, parent: QWidget) -> None:
        title = "新增用户" if row is None else f"修改用户：{row.username}"
        super().__init__(parent, title, ok_text="保存")
        self.actor, self.row = actor, row
        self.username = self.add(
            "username", "登录名：", QLineEdit(row.username if row else ""), required=row is None
        )
        self.username.setReadOnly(row is not None)
        name = QLineEdit(row.display_name if row else "")
        self.display = self.add("display_name", "姓名：", name)
        self.role = self.add("role", "角色：", QComboBox())
        self.role.addItems([r.value for r in Role])
        self.role.setCurrentText((row.role if row else Role.CLERK).value)
        self.active = QCheckBox("在用（取消勾选即停用，停用后不能登录）")
        self.active.setChecked(row.active if row else True)
        self.password, self.again = _secret(), _secret()
        if row is None:
            self.add("password", "初始密码：", self.password, required=True)
            self.add("again", "再次输入：", self.again, required=True)
        else:
            self.add("active", "", self.active)
        roomy(self)

    def save(self) -> None:
        role, name = Role(self.role.currentText()), self.display.text()
        if self.row is None:
            _same_twice(self.password, self.again)
            username, password = self.username.text(), self.password.text()
            _run(self.actor, lambda s: users.add_user(s, username, name, role, password))
        else:
            row_id, active = self.row.id, self.active.isChecked()
            seen = self.row.version  # a stale save is refused, naming who saved it since
            _run(self.actor, lambda s: users.update_user(s, row_id, name, role, active, seen))


class PasswordDialog(FormDialog):
    """An administrator sets a new password (this also lifts a lockout)."""

    def __init__(self, actor: Actor, row: users.UserRow, parent: QWidget) -> None:
        super().__init__(parent, f"重置密码：{row.username}", ok_text="保存")
        self.actor, self.row = actor, row
        self.password = self.add("password", "新密码：", _secret())
        self.again = self.add("again", "再次输入：", _secret())
        roomy(self)

    def save(self) -> None:
        _same_twice(self.password, self.again)
        _run(self.actor, lambda s: users.reset_password(s, self.row.id, self.password.text()))


def _secret() -> QLineEdit:
    return QLineEdit(echoMode=QLineEdit.EchoMode.Password)


def _same_twice(password: QLineEdit, again: QLineEdit) -> None:
    if password.text() != again.text():
        raise ValidationError("两次输入的密码不一致", "again")


def _run(actor: Actor, work: Callable[[Any], object]) -> None:
    """One unit of work; a refusal raises into the dialog, which stays open to correct it."""
    ops.perform(actor, work, touches=("用户",))


class UsersTab(QWidget):
    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.rows: list[users.UserRow] = []
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.empty = empty_hint(self.table, "还没有账号：点“新增用户”为同事开账号。")
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self.edit_user)
        buttons = QHBoxLayout()
        for text, slot in (("新增用户", self.add_user), ("修改", self.edit_user),
                           ("重置密码", self.reset_password)):  # fmt: skip
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 20, 20, 20)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        ops.watch(self, ("用户",), self.load)  # e.g. the first-run wizard, a lockout

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.load()  # lockouts change while the tab is hidden

    def load(self) -> None:
        try:
            self.rows = ops.perform(self.actor, users.list_users)
        except EXPECTED as exc:
            show_error(self, exc)
            return
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            values = (row.username, row.display_name, row.role.value,
                      "在用" if row.active else "停用", lock_text(row))  # fmt: skip
            for c, value in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(value))

    def selected(self) -> users.UserRow | None:
        index = self.table.currentRow()
        if 0 <= index < len(self.rows):
            return self.rows[index]
        show_error(self, "请先在列表中选中一个用户。")
        return None

    def add_user(self) -> None:
        self._open(UserDialog(self.actor, None, self))

    def edit_user(self) -> None:
        row = self.selected()
        if row is not None:
            self._open(UserDialog(self.actor, row, self))

    def reset_password(self) -> None:
        row = self.selected()
        if row is not None:
            self._open(PasswordDialog(self.actor, row, self))

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog  # tests reach the open dialog here
        if isinstance(dialog, FormDialog):
            dialog.reload = self.load  # 重新载入 after someone saved the user first
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.load()

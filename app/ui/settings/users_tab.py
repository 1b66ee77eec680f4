"""用户管理: list users with their lockout, add a user, change role/active, reset a password."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services import users
from app.services.context import Actor, Role
from app.services.session import unit_of_work
from app.ui.messages import EXPECTED, error_text, show_error
from app.ui.widgets import form_dialog, form_layout

HEADERS = ("登录名", "姓名", "角色", "状态", "锁定")


def lock_text(row: users.UserRow) -> str:
    if row.locked_until and row.locked_until > datetime.now(UTC):
        return f"锁定至 {row.locked_until.astimezone():%H:%M}"
    return ""


class UserDialog(QDialog):
    """New user (with a password) or an existing user's name, role and 在用."""

    def __init__(self, actor: Actor, row: users.UserRow | None, parent: QWidget) -> None:
        super().__init__(parent)
        self.actor, self.row = actor, row
        self.setWindowTitle("新增用户" if row is None else f"修改用户：{row.username}")
        self.username = QLineEdit(row.username if row else "")
        self.username.setReadOnly(row is not None)
        self.display = QLineEdit(row.display_name if row else "")
        self.role = QComboBox()
        self.role.addItems([r.value for r in Role])
        self.role.setCurrentText((row.role if row else Role.CLERK).value)
        self.active = QCheckBox("在用（取消勾选即停用，停用后不能登录）")
        self.active.setChecked(row.active if row else True)
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.again = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        form = form_layout()
        form.addRow("登录名：", self.username)
        form.addRow("姓名：", self.display)
        form.addRow("角色：", self.role)
        if row is None:
            form.addRow("初始密码：", self.password)
            form.addRow("再次输入：", self.again)
        else:
            form.addRow("", self.active)
        _finish(self, form)

    def accept(self) -> None:
        role = Role(self.role.currentText())
        if self.row is None and self.password.text() != self.again.text():
            self.error.setText("两次输入的密码不一致")
            return
        if self.row is None:
            _run(self, lambda s: users.add_user(s, self.username.text(), self.display.text(),
                                                role, self.password.text()))  # fmt: skip
        else:
            row_id, active = self.row.id, self.active.isChecked()
            _run(self, lambda s: users.update_user(s, row_id, self.display.text(), role, active))


class PasswordDialog(QDialog):
    """An administrator sets a new password (this also lifts a lockout)."""

    def __init__(self, actor: Actor, row: users.UserRow, parent: QWidget) -> None:
        super().__init__(parent)
        self.actor, self.row = actor, row
        self.setWindowTitle(f"重置密码：{row.username}")
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.again = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        form = form_layout()
        form.addRow("新密码：", self.password)
        form.addRow("再次输入：", self.again)
        _finish(self, form)

    def accept(self) -> None:
        if self.password.text() != self.again.text():
            self.error.setText("两次输入的密码不一致")
            return
        _run(self, lambda s: users.reset_password(s, self.row.id, self.password.text()))


def _finish(dialog: UserDialog | PasswordDialog, form: QFormLayout) -> None:
    dialog.error = form_dialog(dialog, form)


def _run(dialog: UserDialog | PasswordDialog, work: Callable[[Any], object]) -> None:
    """One unit of work; a refusal stays in the dialog so the clerk can correct it."""
    try:
        with unit_of_work(dialog.actor) as session:
            work(session)
    except EXPECTED as exc:
        dialog.error.setText(error_text(exc))
        return
    QDialog.accept(dialog)


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

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.load()  # lockouts change while the tab is hidden

    def load(self) -> None:
        try:
            with unit_of_work(self.actor) as session:
                self.rows = users.list_users(session)
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
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.load()

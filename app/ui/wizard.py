"""First run: where the data lives (this PC or the office server), the unit, 全宗号, 机关代字
and the administrator."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app import APP_NAME
from app.config import DataDir
from app.services import server_link, settings, users
from app.services.context import Actor
from app.ui import ops
from app.ui.messages import EXPECTED, error_text
from app.ui.server_choice import ServerChoice
from app.ui.widgets import error_label, form_layout

# Opens the chosen database: (it needs the unit and the administrator, unit name); raises
# after telling the clerk why it could not (app.ui.app.open_data).
Opener = Callable[[DataDir], tuple[bool, str]]


class WherePage(QWizardPage):
    """本机数据, or 连接办公室服务器 (tested first); the choice is saved for this user, and a
    server already set up by another PC needs no more pages."""

    def __init__(self, root: Path, opener: Opener) -> None:
        super().__init__()
        self.root, self.opener = root, opener
        self.setTitle("第一步：数据放在哪里")
        self.setSubTitle("只有一台电脑使用时选“本机数据”。办公室几台电脑共用数据时，"
                         "选“连接办公室服务器”（服务器用 server-setup 设置）。")  # fmt: skip
        self.choice = ServerChoice()
        layout = QVBoxLayout(self)
        layout.addWidget(self.choice)
        layout.addStretch(1)
        self.setCommitPage(True)  # the database is open after it: no going back
        self.opened: tuple[bool, str] | None = None

    def validatePage(self) -> bool:
        if self.opened is not None:  # finishing a wizard validates the page again
            return True
        try:
            data_dir = self._chosen()
        except EXPECTED as exc:
            self.choice.show_result(error_text(exc), False)
            return False
        if data_dir is None:
            return False
        try:
            self.opened = self.opener(data_dir)
        except Exception:  # the opener told the clerk why; a new PC had no choice saved
            server_link.choose_local(self.root)
            return False
        if not self.opened[0]:  # another PC set the server up: on to the login
            self.wizard().accept()
        return True

    def _chosen(self) -> DataDir | None:
        """The chosen database, saved for this user (the password in the credential store);
        None when the server does not answer as it should (the line under it says why)."""
        if not self.choice.on_server:
            server_link.choose_local(self.root)
            return DataDir(self.root)
        if not self.choice.test_now().ok:
            return None
        return DataDir(self.root, server_link.choose_server(self.root, self.choice.form()))

    def nextId(self) -> int:
        return -1 if self.opened is not None and not self.opened[0] else super().nextId()


class UnitPage(QWizardPage):
    """单位名称, 全宗号, 机关代字 (one a line); checked by the same rule the service applies."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("本单位")
        self.setSubTitle("这些信息用于文号、档号和报表抬头，以后可在“设置”中修改。")
        self.org = QLineEdit(placeholderText="如：某某镇人民政府")
        self.fonds = QLineEdit(placeholderText="如：Z109")
        self.codes = QPlainTextEdit()
        self.codes.setPlaceholderText("每行一个，如：\n镇委\n镇政\n镇政办\n镇政函")
        self.codes.setTabChangesFocus(True)
        self.codes.setFixedHeight(120)
        self.error = error_label()
        _fill(self, [("单位名称", self.org), ("全宗号", self.fonds), ("机关代字", self.codes)],
              self.error)  # fmt: skip

    def info(self) -> settings.OrgInfo:
        return settings.clean_org(self.org.text(), self.fonds.text(),
                                  self.codes.toPlainText().splitlines())  # fmt: skip

    def validatePage(self) -> bool:
        try:
            self.info()
        except EXPECTED as exc:
            self.error.setText(error_text(exc))
            return False
        self.error.clear()
        return True


def _fill(page: QWizardPage, rows: Sequence[tuple[str, QWidget]], error: QLabel) -> None:
    outer = QVBoxLayout(page)
    form = form_layout()
    for label, widget in rows:
        form.addRow(label + "：", widget)
    outer.addLayout(form)
    outer.addWidget(error)
    outer.addStretch(1)


class AdminPage(QWizardPage):
    """The administrator's account; finishing the page saves everything in one transaction."""

    def __init__(self, unit: UnitPage) -> None:
        super().__init__()
        self.unit = unit
        self.setTitle("管理员")
        self.setSubTitle("管理员负责添加用户、分配角色和恢复备份。密码至少 8 位，请牢记。")
        self.username = QLineEdit("admin")
        self.display = QLineEdit(placeholderText="如：张三")
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.again = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.error = error_label()
        rows = [("登录名", self.username), ("姓名", self.display), ("密码", self.password),
                ("再次输入密码", self.again)]  # fmt: skip
        _fill(self, rows, self.error)
        self.actor: Actor | None = None

    def validatePage(self) -> bool:
        if self.password.text() != self.again.text():
            self.error.setText("两次输入的密码不一致")
            return False
        try:
            self.actor = self._save()
        except EXPECTED as exc:
            self.error.setText(error_text(exc))
            return False
        return True

    def _save(self) -> Actor:
        info = self.unit.info()
        admin = (self.username.text(), self.display.text(), self.password.text())
        form = users.SetupForm(info.name, info.fonds_code, list(info.issuer_codes), *admin)
        return ops.perform(None, lambda s: users.first_run_setup(s, form), touches=("设置", "用户"))


class SetupWizard(QWizard):
    """The unit and the administrator; on a new PC (``root`` and ``opener`` given) first
    where the data lives, and the database is opened there."""

    def __init__(self, root: Path | None = None, opener: Opener | None = None) -> None:
        super().__init__()
        self.setWindowTitle(f"{APP_NAME} — 初始设置")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        for button, text in ((QWizard.WizardButton.NextButton, "下一步"),
                             (QWizard.WizardButton.BackButton, "上一步"),
                             (QWizard.WizardButton.FinishButton, "完成"),
                             (QWizard.WizardButton.CommitButton, "下一步"),
                             (QWizard.WizardButton.CancelButton, "取消")):  # fmt: skip
            self.setButtonText(button, text)
        self.where_page = WherePage(root, opener) if root and opener else None
        self.unit_page = UnitPage()
        self.admin_page = AdminPage(self.unit_page)
        if self.where_page is not None:
            self.addPage(self.where_page)
        self.addPage(self.unit_page)
        self.addPage(self.admin_page)
        self.resize(640, 480)

    @property
    def username(self) -> str:
        """The administrator just made; empty when the server was set up elsewhere."""
        return self.admin_page.username.text().strip() if self.set_up_here else ""

    @property
    def set_up_here(self) -> bool:
        where = self.where_page
        return where is None or where.opened is None or where.opened[0]

    @property
    def org(self) -> str:
        where = self.where_page
        if self.set_up_here or where is None or where.opened is None:
            return self.unit_page.info().name
        return where.opened[1]

"""First run: the unit, 全宗号, 机关代字 and the administrator, in two pages."""

from __future__ import annotations

from collections.abc import Sequence

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
from app.services import settings, users
from app.services.context import Actor
from app.ui import ops
from app.ui.messages import EXPECTED, error_text
from app.ui.widgets import error_label, form_layout


class UnitPage(QWizardPage):
    """单位名称, 全宗号, 机关代字 (one a line); checked by the same rule the service applies."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("第一步：本单位")
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
        self.setTitle("第二步：管理员")
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
    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle(f"{APP_NAME} — 初始设置")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        for button, text in ((QWizard.WizardButton.NextButton, "下一步"),
                             (QWizard.WizardButton.BackButton, "上一步"),
                             (QWizard.WizardButton.FinishButton, "完成"),
                             (QWizard.WizardButton.CancelButton, "取消")):  # fmt: skip
            self.setButtonText(button, text)
        self.unit_page = UnitPage()
        self.admin_page = AdminPage(self.unit_page)
        self.addPage(self.unit_page)
        self.addPage(self.admin_page)
        self.resize(640, 480)

    @property
    def username(self) -> str:
        return self.admin_page.username.text().strip()

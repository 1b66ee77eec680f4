"""本机数据 or 连接办公室服务器: the choice, the server's fields and 测试连接 (wizard and 设置)."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.services import server_link
from app.services.server_link import Probe, ServerForm
from app.ui.messages import EXPECTED, error_text
from app.ui.tasks import run_task
from app.ui.widgets import error_label, form_layout

log = logging.getLogger(__name__)


class ServerChoice(QWidget):
    """The two choices; the server's fields show only when 连接办公室服务器 is chosen."""

    def __init__(self, chosen: ServerForm | None = None) -> None:
        super().__init__()
        self.local = QRadioButton("本机数据（只有这台电脑使用）")
        self.server = QRadioButton("连接办公室服务器（几台电脑共用一个数据库）")
        group = QButtonGroup(self)
        group.addButton(self.local)
        group.addButton(self.server)
        self.host = QLineEdit(placeholderText="如：192.168.1.10")
        self.port = QLineEdit(server_link.DEFAULT_PORT)
        self.database = QLineEdit("dzb")
        self.user = QLineEdit("dzb")
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.test_button = QPushButton("测试连接")
        self.test_button.clicked.connect(self.test)
        self.result = error_label()
        self.fields = self._fields()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.local, self.server, self.fields):
            layout.addWidget(widget)
        self.server.toggled.connect(self._show_fields)
        self.fill(chosen)
        self.last: Probe | None = None

    def _fields(self) -> QWidget:
        box = QWidget()
        form = form_layout()
        for label, edit in (("服务器地址", self.host), ("端口", self.port),
                            ("数据库", self.database), ("用户名", self.user),
                            ("密码", self.password)):  # fmt: skip
            form.addRow(label + "：", edit)
        row = QHBoxLayout()
        row.addWidget(self.test_button)
        row.addStretch(1)
        outer = QVBoxLayout(box)
        outer.addLayout(form)
        outer.addLayout(row)
        outer.addWidget(self.result)
        return box

    def fill(self, chosen: ServerForm | None) -> None:
        (self.server if chosen else self.local).setChecked(True)
        if chosen is not None:
            self.host.setText(chosen.host)
            self.port.setText(chosen.port)
            self.database.setText(chosen.database)
            self.user.setText(chosen.user)
        self._show_fields(chosen is not None)

    def _show_fields(self, on: bool) -> None:
        self.fields.setVisible(on)

    @property
    def on_server(self) -> bool:
        return self.server.isChecked()

    def form(self) -> ServerForm:
        return ServerForm(self.host.text(), self.port.text(), self.database.text(),
                          self.user.text(), self.password.text())  # fmt: skip

    def test(self) -> None:
        """测试连接 off the GUI thread (a wrong address answers only after the time-out)."""
        form = self.form()
        self.result.setText("正在连接……")
        self.test_button.setEnabled(False)
        run_task(self, "", lambda _token: server_link.test(form), on_done=self._tested,
                 on_error=self._failed, quiet=True)  # fmt: skip

    def test_now(self) -> Probe:
        """The same test, waited for (下一步, 保存), its answer shown under the fields."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            probe = server_link.test(self.form())
        finally:
            QApplication.restoreOverrideCursor()
        self.show_result(probe.message, probe.ok)
        return probe

    def _tested(self, probe: Probe) -> None:
        self.last = probe
        self.test_button.setEnabled(True)
        self.show_result(probe.message, probe.ok)

    def _failed(self, exc: BaseException) -> None:
        self.test_button.setEnabled(True)
        if not isinstance(exc, EXPECTED):
            log.error("测试连接失败", exc_info=exc)
        self.show_result(error_text(exc), False)

    def show_result(self, text: str, ok: bool) -> None:
        """Green-grey when it worked, red when not (the style sheet keys on the name)."""
        self.result.setObjectName("hint" if ok else "formError")
        style = self.result.style()
        style.unpolish(self.result)
        style.polish(self.result)
        self.result.setText(text)

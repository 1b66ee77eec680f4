"""The login dialog: 登录名 and 密码, Enter logs in, the service's message shown in place.

It shows before the database is open: the window's start loads SQLAlchemy, the services and
the database behind it (``opening``, app/ui/opening.py) while the clerk types. The password's
digest (a deliberately slow scrypt) is worked out meanwhile, at the salt of the hash read with
sqlite3 alone: after each pause in typing, and at once on 登录 if that text's is not under way
(app/services/digests_ahead.py). Once the loading has ended the login runs on a pool thread
and takes the digest for exactly what was submitted.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from app import APP_NAME
from app.config import DataDir
from app.ui.kit.ui_settings import settings_in
from app.ui.widgets import error_label, form_layout

if TYPE_CHECKING:  # the services load behind the dialog, not before it
    from PySide6.QtCore import QSettings

    from app.services.context import Actor
    from app.services.digests_ahead import DigestsAhead
    from app.ui.opening import Opening

LAST_USER = "login/last_user"
LOGIN, CHECKING = "登录", "正在登录…"
PAUSE_MS = 250  # typing paused this long: the digest of the text so far is worked out


class LoginDialog(QDialog):
    def __init__(
        self,
        org_name: str = "",
        username: str = "",
        *,
        opening: Opening | None = None,
        data_dir: DataDir | None = None,
    ) -> None:
        """opening: the database being opened behind the dialog (None: it is open already);
        data_dir: the data folder, whose ui-settings.ini remembers the last user and whose
        file the digests ahead read the salt from (None: the open database's folder)."""
        super().__init__()
        self.setWindowTitle(f"{APP_NAME} — 登录")
        self.actor: Actor | None = None
        self.opening, self.data_dir = opening, data_dir
        self.folder: Path | None = None if data_dir is None else data_dir.root
        self.ahead: DigestsAhead | None = None  # made when first needed (not on the server)
        self.checking = False  # from 登录 until the answer is shown
        title = QLabel(APP_NAME)
        title.setObjectName("loginTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        unit = QLabel(org_name)
        unit.setObjectName("loginUnit")
        unit.setAlignment(Qt.AlignmentFlag.AlignCenter)
        username = username or str(self._settings().value(LAST_USER, "") or "")
        self.username = QLineEdit(username, placeholderText="登录名")
        self.password = QLineEdit(placeholderText="密码", echoMode=QLineEdit.EchoMode.Password)
        self.message = error_label()
        self.pause = QTimer(self, singleShot=True, interval=PAUSE_MS)
        self.pause.timeout.connect(self._typed)
        for field in (self.username, self.password):
            field.textChanged.connect(self.pause.start)  # restarted by each key
        form = form_layout()
        form.addRow("登录名：", self.username)
        form.addRow("密码：", self.password)
        buttons = QDialogButtonBox()
        self.login_button = buttons.addButton(LOGIN, QDialogButtonBox.ButtonRole.AcceptRole)
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

    def _settings(self) -> QSettings:
        if self.folder is not None:
            return settings_in(self.folder)
        from app.ui.kit.table_view import ui_settings

        return ui_settings()

    def try_login(self) -> None:
        """登录: once the data is open, check the password off the GUI thread."""
        if self.checking:
            return
        self._busy(True)
        self.pause.stop()
        ahead = self._digests()
        if ahead is not None:  # beside the loading, unless under way since a pause
            ahead.submitted(self.username.text(), self.password.text())
        if self.opening is None:
            self._check()
        else:  # the clerk was quicker than the loading: it ends, then the check runs
            self.opening.when_done(self._check)

    def _typed(self) -> None:
        """A pause in typing: the digest of the text so far, on a thread of its own."""
        name, password = self.username.text(), self.password.text()
        ahead = None if self.checking or not name.strip() or not password else self._digests()
        if ahead is not None:
            ahead.typed(name, password)

    def _digests(self) -> DigestsAhead | None:
        """The dialog's digests worked out ahead, on the stored hash read with sqlite3,
        read-only (None on the office server: the login hashes once 登录 is pressed)."""
        data_dir = self.data_dir
        if self.ahead is None and data_dir is not None and not data_dir.on_server:
            from app.services import first_glance
            from app.services.digests_ahead import DigestsAhead

            self.ahead = DigestsAhead(lambda name: first_glance.password_hash(data_dir, name))
        return self.ahead

    def _check(self) -> None:
        if self.opening is not None and self.opening.error is not None:
            self._busy(False)
            return  # the start tells the clerk and closes this dialog
        from app.services import users
        from app.ui import ops
        from app.ui.tasks import run_task

        name, password, ahead = self.username.text(), self.password.text(), self.ahead

        def check(_token: object) -> Any:  # a failed attempt's counter is committed too
            return ops.perform(None, lambda s: users.login(s, name, password, ahead))

        run_task(self, "", check, on_done=self._checked, on_error=self._failed, quiet=True)

    def _checked(self, outcome: Any) -> None:
        self._busy(False)
        if outcome.actor is None:
            self.message.setText(outcome.message)
            self.password.clear()
            self.password.setFocus()
            return
        self.actor = outcome.actor
        self._settings().setValue(LAST_USER, outcome.actor.username)  # next time: the password
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        from app.ui.messages import EXPECTED, error_text

        self._busy(False)
        if not isinstance(exc, EXPECTED):
            raise exc  # a bug: the crash handler logs it and tells the clerk
        self.message.setText(error_text(exc))

    def _busy(self, busy: bool) -> None:
        """While checking: 正在登录…, the fields held, a busy cursor (the wait may be seconds
        on an old PC: the loading behind the dialog, then the deliberate password hash)."""
        if busy == self.checking:
            return
        self.checking = busy
        if busy:
            self.message.setText("")
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        else:
            QApplication.restoreOverrideCursor()
        self.login_button.setText(CHECKING if busy else LOGIN)
        for widget in (self.username, self.password, self.login_button):
            widget.setEnabled(not busy)
        if not busy:
            self.login_button.setDefault(True)  # held, the button lost it: Enter logs in again
            self.password.setFocus()

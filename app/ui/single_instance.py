"""One window per data folder: a second start brings the first window to the front."""

from __future__ import annotations

import getpass
import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QWidget

WAIT_MS = 1000


def server_name(root: Path) -> str:
    """Per user and data folder: another user's window, or another folder, is not ours."""
    try:
        user = getpass.getuser()
    except (OSError, KeyError):
        user = ""
    digest = hashlib.sha256(f"{user}\n{root.resolve()}".encode()).hexdigest()[:20]
    return f"dzb-{digest}"


class FirstWindow(QObject):
    """Held by the first window's run: answers a later start by coming to the front."""

    raised = Signal()

    def __init__(self, name: str) -> None:
        super().__init__()
        QLocalServer.removeServer(name)  # a socket file a crashed run left behind (POSIX)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._come_forward)
        self.server.listen(name)

    def _come_forward(self) -> None:
        while (peer := self.server.nextPendingConnection()) is not None:
            peer.disconnectFromServer()
            peer.deleteLater()
        window = _front_window()
        if window is not None:
            window.showNormal()
            window.raise_()
            window.activateWindow()
        self.raised.emit()


def _front_window() -> QWidget | None:
    """The login dialog or wizard while it is open, else the main window."""
    modal = QApplication.activeModalWidget()
    if modal is not None:
        return modal
    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.isWindow()]
    return shown[-1] if shown else None


def claim(root: Path) -> FirstWindow | None:
    """This run's FirstWindow; None when a window on this folder was open and has been
    asked to come to the front (this run should then end)."""
    name = server_name(root)
    socket = QLocalSocket()
    socket.connectToServer(name)
    if socket.waitForConnected(WAIT_MS):
        socket.disconnectFromServer()
        return None
    return FirstWindow(name)

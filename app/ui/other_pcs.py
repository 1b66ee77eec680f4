"""Pages reload when another PC changes their register: the server's notifications, heard
on a background thread and announced on the window's; on SQLite, a look at the file's
data_version each time the program becomes the active application again."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication

from app.services import changes as changes_of_pcs
from app.ui import ops


class OtherPCs(QObject):
    """One per window session; ``stop()`` when the data is closed."""

    heard = Signal(object)  # a frozenset of register names, from the listener's thread

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        # Queued: the slot runs on this object's (the window's) thread, never the listener's.
        self.heard.connect(self._announce, Qt.ConnectionType.QueuedConnection)
        self.listener = changes_of_pcs.listen(self.heard.emit)
        self.version = changes_of_pcs.data_version()
        app.applicationStateChanged.connect(self._state_changed)
        ops.changes().changed.connect(self._after_own_change)

    def _announce(self, names: frozenset[str]) -> None:
        ops.announce(names)

    def _state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.regained_focus()

    def regained_focus(self) -> None:
        """SQLite: another program committed while this one was in the background."""
        if self.version is not None and self.version.changed():
            ops.announce(ops.EVERYTHING)

    def _after_own_change(self, _names: frozenset[str]) -> None:
        # This program's own commits move data_version too; its pages were told already.
        if self.version is not None:
            self.version.changed()

    def stop(self) -> None:
        if self.listener is not None:
            self.listener.stop()
        if self.version is not None:
            self.version.close()
            self.version = None
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.applicationStateChanged.disconnect(self._state_changed)
        ops.changes().changed.disconnect(self._after_own_change)

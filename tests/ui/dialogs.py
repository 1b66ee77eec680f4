"""Drive a modal dialog from a test: act on it once it is open, and never leave it hanging."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget


def when_modal(act: Callable[[QWidget], None]) -> list[QWidget]:
    """Call act(dialog) on the next modal window, then close it if act did not; returns it."""
    seen: list[QWidget] = []

    def step() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, step)
            return
        seen.append(dialog)
        try:
            act(dialog)
        finally:
            if dialog.isVisible() and isinstance(dialog, QDialog):
                dialog.reject()

    QTimer.singleShot(0, step)
    return seen

"""Drive a modal dialog from a test: act on it once it is open, and never leave it hanging."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

Act = Callable[[QWidget], None]


class ModalDriver:
    """Each call waits for the next modal window, acts on it and closes it if still open."""

    def __init__(self) -> None:
        self.pending = 0
        self.closed = False

    def __call__(self, act: Act) -> list[QWidget]:
        seen: list[QWidget] = []
        self.pending += 1

        def step() -> None:
            if self.closed:  # the test is over: never touch the next test's windows
                return
            dialog = QApplication.activeModalWidget()
            if dialog is None:
                QTimer.singleShot(10, step)
                return
            self.pending -= 1
            seen.append(dialog)
            try:
                act(dialog)
            finally:
                if dialog.isVisible() and isinstance(dialog, QDialog):
                    dialog.reject()

        QTimer.singleShot(0, step)
        return seen


@pytest.fixture
def when_modal() -> Iterator[ModalDriver]:
    driver = ModalDriver()
    yield driver
    driver.closed = True
    assert driver.pending == 0, "a dialog the test waited for never opened"

"""Drive a modal dialog from a test: act on it once it is open, and never leave it hanging."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

Act = Callable[[QWidget], None]


def open_modals() -> list[QWidget]:
    """The modal windows on screen now."""
    return [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.isModal()]


def _newest_modal(before: list[QWidget]) -> QWidget | None:
    """The active modal window, unless it was already open when the test started waiting."""
    active = QApplication.activeModalWidget()
    if active is not None and not any(active is old for old in before):
        return active
    fresh = [w for w in open_modals() if not any(w is old for old in before)]
    return fresh[-1] if fresh else None


class ModalDriver:
    """Each call waits for the next modal window, acts on it and closes it if still open."""

    def __init__(self) -> None:
        self.pending = 0
        self.closed = False

    def __call__(self, act: Act) -> list[QWidget]:
        seen: list[QWidget] = []
        self.pending += 1
        before = open_modals()  # a window left open elsewhere must not be mistaken for ours

        def step() -> None:
            if self.closed:  # the test is over: never touch the next test's windows
                return
            dialog = _newest_modal(before)
            if dialog is None:
                QTimer.singleShot(10, step)
                return
            self.pending -= 1
            seen.append(dialog)
            try:
                act(dialog)
            finally:
                if dialog.isVisible() and isinstance(dialog, QDialog):
                    # done(), not reject(): a form with typed work would ask 请确认 first
                    dialog.done(QDialog.DialogCode.Rejected)

        QTimer.singleShot(0, step)
        return seen


@pytest.fixture
def when_modal() -> Iterator[ModalDriver]:
    driver = ModalDriver()
    yield driver
    driver.closed = True
    assert driver.pending == 0, "a dialog the test waited for never opened"

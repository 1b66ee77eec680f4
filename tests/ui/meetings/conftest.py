"""The 办会 page shown as a clerk sees it, and the dialog it opened."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from app.ui.meetings.page import MeetingsPage


@pytest.fixture
def page(qtbot, admin) -> MeetingsPage:
    shown = MeetingsPage(admin)
    qtbot.addWidget(shown)
    shown.resize(1200, 700)
    with qtbot.waitActive(shown):
        shown.show()
        shown.activateWindow()
    return shown


def opened(qtbot, kind: type[QDialog]) -> QDialog:
    """The dialog of that kind now on screen (the page opened it window-modal)."""
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
    assert found, kind.__name__
    dialog = found[-1]
    qtbot.waitExposed(dialog)
    dialog.windowHandle().requestActivate()  # Ctrl+Return is the dialog's window shortcut
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def select(page: MeetingsPage, meeting_id: int) -> None:
    page.show_record(meeting_id, "")
    assert page.detail is not None and page.detail.meeting.id == meeting_id


def pick(widget: QWidget, act: Callable[[], object]) -> None:
    widget.setFocus()
    act()

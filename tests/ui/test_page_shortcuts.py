"""Ctrl+N, Ctrl+E and Ctrl+F work as soon as a page shows, with the cursor still in the
navigation list (no click into the page first)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.ui.main_window import MainWindow
from tests.ui.typing_helpers import press


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_page_keys_work_straight_from_the_navigation(qtbot, admin):
    window = MainWindow(admin, "某某镇人民政府")
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.nav.setFocus()
    page = window.show_page("incoming")
    window.nav.setFocus()  # the clerk picked 收文 in the list and typed on
    asked = []
    page.export_action.ask_path = lambda: asked.append("导出") or None
    press(qtbot, window.nav, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["导出"]
    press(qtbot, window.nav, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()
    window.nav.setFocus()
    press(qtbot, window.nav, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.receive_dialog is not None and page.receive_dialog.isVisible()


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_main_window_opens_maximised_first_then_as_left(qtbot, admin):
    first = MainWindow(admin, "某某镇人民政府")
    qtbot.addWidget(first)
    first.show_as_left()
    assert first.isMaximized()
    first.showNormal()
    first.setGeometry(40, 40, 700, 500)  # the offscreen screen is 800×600
    first.close()
    again = MainWindow(admin, "某某镇人民政府")
    qtbot.addWidget(again)
    again.show_as_left()
    assert not again.isMaximized() and again.size().width() == 700

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


# page: the keys it answers straight from the navigation (N new, F search, E export/print)
KEYS = {"收文": "NFE", "发文": "NFE", "督办": "NFE", "公文检索": "F", "办会": "NFE", "值班": "N",
        "用印": "NFE", "档案": "FE", "来访": "NFE"}  # fmt: skip


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_every_page_answers_its_keys_from_the_navigation(qtbot, admin, monkeypatch):
    """Issue 15: the walk found 值班 (人员) answering no Ctrl+N and 档案 no Ctrl+E."""
    from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QLineEdit, QMenu

    asked: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (asked.append("E"), ("", ""))[1])  # fmt: skip
    window = MainWindow(admin, "某某镇人民政府")
    qtbot.addWidget(window)
    window.show()
    missing = []
    for row in range(window.nav.count()):
        name = window.nav.item(row).text()
        window.nav.setCurrentRow(row)
        found = ""
        for key in "NFE":
            window.activateWindow()
            qtbot.waitUntil(window.isActiveWindow)
            window.nav.setFocus()
            asked.clear()
            shown = {w for w in QApplication.topLevelWidgets() if w.isVisible()}
            press(qtbot, window.nav, getattr(Qt.Key, f"Key_{key}"),
                  Qt.KeyboardModifier.ControlModifier)  # fmt: skip
            new = {w for w in QApplication.topLevelWidgets() if w.isVisible()} - shown
            focus = QApplication.focusWidget()
            answered = bool(new or asked) or (focus is not window.nav and focus is not None)
            if key == "F":
                answered = isinstance(focus, QLineEdit) and "Ctrl+F" in focus.placeholderText()
            found += key if answered else ""
            for widget in new:
                widget.done(0) if isinstance(widget, QDialog) else widget.close()
            for menu in window.findChildren(QMenu):
                menu.close()
        if found != KEYS.get(name, ""):
            missing.append(f"{name}：{found or '无'}，应为 {KEYS.get(name, '无')}")
    assert missing == []

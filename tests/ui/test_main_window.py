"""The main window: every navigation page opens."""

from __future__ import annotations

from app.ui.main_window import MainWindow
from app.ui.pages import PAGES


def test_navigation_shows_each_page(qtbot, admin):
    window = MainWindow(admin, "某某镇人民政府")
    qtbot.addWidget(window)
    window.show()
    for spec in PAGES:
        page = window.show_page(spec.key)
        assert window.stack.currentWidget() is page
        assert page.property("pageKey") == spec.key

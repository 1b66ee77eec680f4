"""The main window: every navigation page opens, for every kind of user."""

from __future__ import annotations

from app.services.context import Role
from app.ui.main_window import MainWindow
from app.ui.pages import PAGES


def test_navigation_shows_each_page_for_every_role(qtbot, admin, make_user):
    for actor in (admin, make_user(Role.CLERK), make_user(Role.LEADER)):
        window = MainWindow(actor, "某某镇人民政府")
        qtbot.addWidget(window)
        window.show()
        for spec in PAGES:
            page = window.show_page(spec.key)
            assert window.stack.currentWidget() is page
            assert page.property("pageKey") == spec.key
            assert window.nav.currentItem().text() == spec.title

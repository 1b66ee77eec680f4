"""The look: the stylesheet loads with its icons and the 14px base font."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication


def test_stylesheet_loads_with_its_icons(qtbot):
    from app.config import resource_root
    from app.ui.style import apply_style

    app = QApplication.instance()
    before = app.styleSheet()
    try:
        apply_style(app)
        sheet = app.styleSheet()
        assert "{resources}" not in sheet and "font-size: 14px" in sheet
        for icon in ("arrow-down.svg", "arrow-up.svg"):
            assert (resource_root() / "icons" / icon).exists()
    finally:
        app.setStyleSheet(before)

"""The look: the bundled Chinese font as a fallback, a 14px base font and resources/style.qss."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from app.config import resource_root

FAMILIES = ["Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei", "Noto Sans CJK SC"]


def apply_style(app: QApplication) -> None:
    """Fonts first (so Chinese never shows as boxes), then the stylesheet."""
    fonts = resource_root() / "fonts"
    for path in sorted(fonts.glob("*.tt[cf]")):
        QFontDatabase.addApplicationFont(str(path))  # a PC without 微软雅黑 still reads Chinese
    font = QFont()
    font.setFamilies(FAMILIES)
    font.setPixelSize(14)
    app.setFont(font)
    qss = resource_root() / "style.qss"
    if qss.exists():
        sheet = qss.read_text(encoding="utf-8")
        app.setStyleSheet(sheet.replace("{resources}", resource_root().as_posix()))

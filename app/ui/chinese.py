"""Qt's own texts in Chinese (text-field menu, file dialog, calendar, message-box buttons),
whatever the PC's locale: PySide6 ships qtbase_zh_CN; we load it at start."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

_LOADED: list[QTranslator] = []  # a translator must outlive its installation


def install_chinese(app: QApplication) -> bool:
    """Load qtbase_zh_CN from PySide6's translations; False when the file is missing."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    if not translator.load("qtbase_zh_CN", folder):
        return False
    app.installTranslator(translator)
    _LOADED.append(translator)
    return True


def remove_chinese(app: QApplication) -> None:
    """Back to Qt's built-in texts (tests that load the translation put it back)."""
    while _LOADED:
        app.removeTranslator(_LOADED.pop())
    QLocale.setDefault(QLocale.c())

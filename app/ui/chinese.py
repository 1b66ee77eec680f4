"""Qt's own texts in Chinese (text-field menu, file dialog, calendar, message-box buttons),
whatever the PC's locale: PySide6 ships qtbase_zh_CN; we load it at start."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

_LOADED: list[QTranslator] = []  # a translator must outlive its installation


class _Reworded(QTranslator):
    """Texts Qt 6 reworded whose Chinese the shipped qtbase_zh_CN does not have yet: the
    file dialog Qt draws itself (no desktop dialog on the PC) showed them in English."""

    TEXTS = {("QFileDialog", "&Look in:"): "查找范围(&L)：",
             ("QFileDialog", "Files of &type:"): "文件类型(&T)："}  # fmt: skip

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:  # fmt: skip
        return self.TEXTS.get((context, source))  # None: the next translator is asked


def install_chinese(app: QApplication) -> bool:
    """Load qtbase_zh_CN from PySide6's translations; False when the file is missing."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    if not translator.load("qtbase_zh_CN", folder):
        return False
    reworded = _Reworded(app)
    for loaded in (translator, reworded):
        app.installTranslator(loaded)
        _LOADED.append(loaded)
    return True


def remove_chinese(app: QApplication) -> None:
    """Back to Qt's built-in texts (tests that load the translation put it back)."""
    while _LOADED:
        app.removeTranslator(_LOADED.pop())
    QLocale.setDefault(QLocale.c())

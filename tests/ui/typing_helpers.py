"""Type into widgets as a clerk does: ASCII by keys, Chinese through an input-method commit."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget


def type_text(qtbot, widget: QWidget, text: str) -> None:  # type: ignore[no-untyped-def]
    """keyClicks for ASCII; a QInputMethodEvent commit (what a pinyin IME sends) otherwise.

    qtbot.keyClicks with non-ASCII text aborts the process, so Chinese goes this way.
    """
    widget.setFocus()
    chunk = ""
    for char in text:
        if char.isascii():
            chunk += char
            continue
        if chunk:
            qtbot.keyClicks(widget, chunk)
            chunk = ""
        event = QInputMethodEvent()
        event.setCommitString(char)
        QApplication.sendEvent(widget, event)
    if chunk:
        qtbot.keyClicks(widget, chunk)


def press(qtbot, widget: QWidget, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(widget, key, modifier)

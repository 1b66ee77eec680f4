"""SearchBox: a line edit that emits ``search(text)`` once the clerk pauses typing.

Usage::

    box = SearchBox(placeholder="搜索标题、文号、来文机关")
    box.search.connect(lambda text: model.set_filter(replace(flt, text=text)))
    box.install_shortcut(page)           # Ctrl+F anywhere in the page focuses the box

Enter searches at once; Esc clears the box (and searches for everything again).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QLineEdit, QWidget

DEBOUNCE_MS = 300


class SearchBox(QLineEdit):
    search = Signal(str)

    def __init__(
        self, parent: QWidget | None = None, *, placeholder: str = "搜索（Ctrl+F）",
        delay_ms: int = DEBOUNCE_MS,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)
        self._last: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.fire)
        self.textChanged.connect(lambda _t: self._timer.start())
        self.returnPressed.connect(self.fire)

    def fire(self) -> None:
        """Search now for the current text (once per distinct text)."""
        self._timer.stop()
        text = self.text().strip()
        if text != self._last:
            self._last = text
            self.search.emit(text)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            self.fire()
            return
        super().keyPressEvent(event)

    def install_shortcut(self, page: QWidget, keys: str = "Ctrl+F") -> QShortcut:
        """Ctrl+F in page moves the cursor into this box with its text selected."""
        sc = QShortcut(QKeySequence(keys), page)
        # The window, not the box: Ctrl+F works as soon as the page shows (hidden pages
        # of the stack are not asked).
        sc.setContext(Qt.ShortcutContext.WindowShortcut)
        sc.activated.connect(self.focus_and_select)
        return sc

    def focus_and_select(self) -> None:
        self.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.selectAll()

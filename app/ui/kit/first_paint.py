"""Run a callback once, just after a widget has painted for the first time."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


def after_painted(widget: QWidget, then: Callable[[], None]) -> None:
    """Call `then` once, in the event loop after `widget`'s first paint event.

    Work started there (a walk on a pool thread holds the GIL) no longer delays that paint.
    """
    widget.installEventFilter(_FirstPaint(widget, then))


class _FirstPaint(QObject):
    """Calls back once after the first paint event of a widget (then removes itself)."""

    def __init__(self, parent: QObject, then: Callable[[], None]) -> None:
        super().__init__(parent)
        self._then: Callable[[], None] | None = then

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._then is not None:
            then, self._then = self._then, None
            # After this paint has reached the screen; bound to the widget, so a page
            # closed and deleted meanwhile does not call back into a dead object.
            QTimer.singleShot(0, watched, then)
            watched.removeEventFilter(self)
        return False

"""Typed, unsaved work in a form: Esc or the window's close button asks before throwing it away.

Usage in a dialog of its own (FormDialog does this already)::

    self.unsaved = Unsaved(self)           # last in __init__: what the fields hold now

    def reject(self) -> None:              # Esc, 取消 and the close button all come here
        if self.unsaved.may_close(lambda: QDialog.reject(self)):
            super().reject()

A form that saves and stays open for the next record calls ``mark_saved()`` after it
cleared itself only if its blank state differs from the one it opened with.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QCalendarWidget,
    QComboBox,
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from app.ui.messages import ask

DISCARD = "表单中填写的内容还没有保存，关闭后将丢失。\n放弃这些内容并关闭吗？"
DISCARD_YES = "放弃并关闭"


class Unsaved:
    """Remembers the fields' values as the form starts; tells whether the clerk changed them.

    Made at the end of the dialog's __init__, it takes the values then; FormDialog makes it
    with ``start=False`` and starts it at its first show, because its subclasses fill in an
    edited record's values after the kit built the rows, and that is not the clerk's typing.
    (Plain Python, not an event filter: a filter outliving its Python half at teardown
    was called with its state gone.)
    """

    def __init__(self, dialog: QDialog, *, start: bool = True) -> None:
        self._dialog = dialog
        self._seen: dict[int, object] | None = None
        if start:
            self.mark_saved()

    def started(self) -> bool:
        return self._seen is not None

    def mark_saved(self) -> None:
        """What the fields hold now counts as nothing to lose."""
        self._seen = _values(self._dialog)

    def changed(self) -> bool:
        """True when a field holds something other than it did when the form showed."""
        if self._seen is None:
            return False
        now = _values(self._dialog)
        return any(now.get(key) != value for key, value in self._seen.items()) or any(
            key not in self._seen and value not in ("", False) for key, value in now.items()
        )

    def may_close(self, discard: Callable[[], None]) -> bool:
        """True: close now. False: 请确认 is showing; ``discard`` runs if the clerk gives up."""
        if not self._dialog.isVisible() or not self.changed():
            return True
        ask(self._dialog, DISCARD, discard, yes_text=DISCARD_YES)
        return False


def _values(dialog: QDialog) -> dict[int, object]:
    values: dict[int, object] = {}
    for widget in dialog.findChildren(QWidget):
        value = _value(widget)
        if value is not None and not _in_calendar(widget):
            values[id(widget)] = value
    return values


def _value(widget: QWidget) -> object:
    if isinstance(widget, QLineEdit):  # also a DateEdit, and an editable combo's own line
        return widget.text()
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    if isinstance(widget, QAbstractButton) and widget.isCheckable():
        return widget.isChecked()
    if isinstance(widget, QAbstractSpinBox):
        return widget.text()
    return None


def _in_calendar(widget: QWidget) -> bool:
    """A date picker's popup has a year box of its own: paging months is not typing."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QCalendarWidget):
            return True
        parent = parent.parentWidget()
    return False

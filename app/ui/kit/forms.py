"""Forms: inline validation messages, Enter saves, Ctrl+N new.

Usage::

    form = FormHelper(self)                       # self: the dialog or page
    form.add("sender", self.sender_edit)           # field name as in ValidationError.field
    form.add("received_on", self.date_edit)
    layout.addRow("来文机关", form.wrap("sender"))  # the widget with its red message below
    form.submitted.connect(self.save)             # Enter in any field (not in multi-line text)

    def save(self):
        form.clear()
        try:
            with unit_of_work(actor) as s:
                incoming.register(s, self.read_form())
        except ValidationError as exc:
            form.show(exc)          # red text under the field, focus moves there
        except (DomainError, StorageError) as exc:
            show_error(self, exc)   # app.ui.messages: a message box in Chinese

    shortcut(self, "Ctrl+N", self.new_record)
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.services.errors import ValidationError
from app.ui.messages import show_error

ERROR_LABEL_STYLE = "color: #c0392b;"
ERROR_WIDGET_STYLE = "border: 1px solid #d9534f;"


def shortcut(
    parent: QWidget, keys: str | QKeySequence.StandardKey, slot: Callable[[], None]
) -> QShortcut:
    """A window-wide shortcut (Ctrl+N new, Ctrl+F search, Ctrl+E export …)."""
    sc = QShortcut(QKeySequence(keys), parent)
    sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    sc.activated.connect(slot)
    return sc


class FormHelper(QObject):
    """Maps field names to widgets; shows ValidationError messages beside them."""

    submitted = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._widgets: dict[str, QWidget] = {}
        self._labels: dict[str, QLabel] = {}
        self._wrappers: dict[str, QWidget] = {}

    def add(self, name: str, widget: QWidget) -> QWidget:
        self._widgets[name] = widget
        label = QLabel()
        label.setObjectName(f"error_{name}")
        label.setStyleSheet(ERROR_LABEL_STYLE)
        label.setWordWrap(True)
        label.hide()
        self._labels[name] = label
        _on_edit(widget, lambda: self.clear_field(name))
        if not isinstance(widget, QTextEdit | QPlainTextEdit):
            widget.installEventFilter(self)  # Enter saves; multi-line text keeps Enter
        return widget

    def widget(self, name: str) -> QWidget:
        return self._widgets[name]

    def error_label(self, name: str) -> QLabel:
        return self._labels[name]

    def wrap(self, name: str) -> QWidget:
        """The widget with its (hidden until needed) error line below it, for a layout."""
        if name not in self._wrappers:
            box = QWidget()
            lay = QVBoxLayout(box)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.setSpacing(2)
            lay.addWidget(self._widgets[name])
            lay.addWidget(self._labels[name])
            self._wrappers[name] = box
        return self._wrappers[name]

    def show(self, exc: ValidationError, *, fallback: QWidget | None = None) -> bool:
        """Show exc under its field and focus it; False (and a message box) if no field."""
        name = exc.field
        if name is None or name not in self._widgets:
            show_error(fallback or _parent_widget(self), exc)
            return False
        self.set_error(name, exc.message)
        self._widgets[name].setFocus()
        return True

    def set_error(self, name: str, message: str) -> None:
        label = self._labels[name]
        label.setText(message)
        label.show()
        widget = self._widgets[name]
        if not widget.property("invalid"):
            widget.setProperty("kitError", True)
            widget.setStyleSheet(_styled(widget))

    def clear_field(self, name: str) -> None:
        label = self._labels[name]
        if label.isHidden() and not label.text():
            return
        label.clear()
        label.hide()
        widget = self._widgets[name]
        if widget.property("kitError"):
            widget.setProperty("kitError", False)
            widget.setStyleSheet("")

    def clear(self) -> None:
        for name in self._widgets:
            self.clear_field(name)

    def errors(self) -> dict[str, str]:
        """Field name -> message currently shown (tests read this)."""
        return {n: lab.text() for n, lab in self._labels.items() if not lab.isHidden()}

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            if enter and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                if _list_open(watched):
                    return False  # Enter picks the item in an open list or completion
                normalise = getattr(watched, "normalise", None)
                if callable(normalise):
                    normalise()  # a DateEdit rewrites 2026.3.5 before the save reads it
                self.submitted.emit()
                return True
        return False


def _list_open(widget: QObject) -> bool:
    if isinstance(widget, QComboBox):
        return widget.view().isVisible()
    completer = widget.completer() if isinstance(widget, QLineEdit) else None
    return completer is not None and completer.popup().isVisible()


def _styled(widget: QWidget) -> str:
    # The nearest Qt class as selector: it matches subclasses, and keeps the red border
    # off child widgets (a combo's popup list, a spin box's buttons).
    qt_class = next(c for c in type(widget).__mro__ if c.__module__.startswith("PySide6"))
    return f"{qt_class.__name__} {{ {ERROR_WIDGET_STYLE} }}"


def _parent_widget(obj: QObject) -> QWidget | None:
    parent = obj.parent()
    return parent if isinstance(parent, QWidget) else None


def _on_edit(widget: QWidget, clear: Callable[[], None]) -> None:
    """Clear a field's message as soon as the clerk changes it."""
    if isinstance(widget, QLineEdit):
        widget.textEdited.connect(lambda _t: clear())
    elif isinstance(widget, QComboBox):
        widget.currentIndexChanged.connect(lambda _i: clear())
        widget.editTextChanged.connect(lambda _t: clear())
    elif isinstance(widget, QTextEdit | QPlainTextEdit):
        widget.textChanged.connect(clear)
    elif isinstance(widget, QAbstractButton):
        widget.toggled.connect(lambda _c: clear())
    elif hasattr(widget, "valueChanged"):
        widget.valueChanged.connect(lambda *_a: clear())

"""Forms: inline validation messages, Enter saves, Ctrl+N new, the small form dialog.

Usage::

    form = FormHelper(self)                       # self: the dialog or page
    form.add("sender", self.sender_edit)           # field name as in ValidationError.field
    form.add("received_on", self.date_edit)
    layout.addRow("来文机关", form.wrap("sender"))  # the widget with its red message below
    form.submitted.connect(self.save)             # Enter in any field (not in multi-line text)

    def save(self):
        form.clear()
        try:
            ops.perform(actor, lambda s: incoming.receive(s, self.read_form()), touches=FILING)
        except ValidationError as exc:
            form.show(exc)          # red text under the field, focus moves there
        except (DomainError, StorageError) as exc:
            show_error(self, exc)   # app.ui.messages: a message box in Chinese

    shortcut(self, "Ctrl+N", self.new_record)

A small dialog of a few fields (a step on a record): FormDialog::

    def void(values):                   # raise a DomainError to keep the dialog open
        ops.perform(actor, lambda s: outgoing.void(s, doc_id, values["reason"]), touches=FILING)

    FormDialog(page, "作废", [Field("reason", "作废原因")], void).open()

Esc (or 取消, or the window's button) on a form with typed, unsaved work asks 请确认 first
(kit.unsaved); an untouched form closes at once.

A step on a record the clerk loaded sends its version (``ops.perform(..., seen=...)``); when
someone saved the record first, ``reload`` set on the dialog is offered as 重新载入: the
dialog closes and the page reads the record again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.services.errors import ConflictError, DomainError, StorageError, ValidationError
from app.ui.kit.date_edit import DateEdit
from app.ui.kit.unsaved import Unsaved
from app.ui.messages import offer_reload, show_error

W = TypeVar("W", bound=QWidget)
ERROR_LABEL_STYLE = "color: #c0392b;"
ERROR_WIDGET_STYLE = "border: 1px solid #d9534f;"


def shortcut(
    parent: QWidget, keys: str | QKeySequence.StandardKey, slot: Callable[[], object]
) -> QShortcut:
    """A window-wide shortcut (Ctrl+N new, Ctrl+F search, Ctrl+E export …)."""
    sc = QShortcut(QKeySequence(keys), parent)
    # The window: the keys work as soon as the page shows, before any click into it; a
    # page the stack hides is invisible, and Qt does not ask invisible widgets.
    sc.setContext(Qt.ShortcutContext.WindowShortcut)
    sc.activated.connect(slot)
    return sc


REQUIRED_HINT = "带 * 的为必填项。"
SAVE_KEYS = "Ctrl+回车"  # one wording on every save button: Ctrl+Return saves everywhere


def required_label(label: str) -> str:
    """A required field's label, marked: 标题 *, 登录名 *："""
    bare = label.rstrip("：:")
    return f"{bare} *{label[len(bare) :]}"


def required_hint() -> QLabel:
    """带 * 的为必填项, once on a form with a required field."""
    hint = QLabel(REQUIRED_HINT)
    hint.setObjectName("requiredHint")
    return hint


def save_label(text: str) -> str:
    """A save button's caption naming the keys that press it: 保存（Ctrl+回车）."""
    return f"{text}（{SAVE_KEYS}）"


def save_keys(window: QWidget, slot: Callable[[], None]) -> None:
    """Ctrl+Return (and Ctrl+Enter on the keypad) save from any field, multi-line ones too."""
    for keys in ("Ctrl+Return", "Ctrl+Enter"):
        shortcut(window, keys, slot)


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
        _on_edit(widget, lambda: self.clear_field(name))
        if not isinstance(widget, QTextEdit | QPlainTextEdit):
            widget.installEventFilter(self)  # Enter saves; multi-line text keeps Enter
        return widget

    def widget(self, name: str) -> QWidget:
        return self._widgets[name]

    def error_label(self, name: str) -> QLabel:
        """The field's red line, made when first wanted (a FormDialog uses one of its own)."""
        if name not in self._labels:
            label = QLabel()
            label.setObjectName(f"error_{name}")
            label.setStyleSheet(ERROR_LABEL_STYLE)
            label.setWordWrap(True)
            label.hide()
            self._labels[name] = label
        return self._labels[name]

    def wrap(self, name: str) -> QWidget:
        """The widget with its (hidden until needed) error line below it, for a layout."""
        if name not in self._wrappers:
            box = QWidget()
            lay = QVBoxLayout(box)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.setSpacing(2)
            lay.addWidget(self._widgets[name])
            lay.addWidget(self.error_label(name))
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
        label = self.error_label(name)
        label.setText(message)
        label.show()
        widget = self._widgets[name]
        if not widget.property("invalid"):
            widget.setProperty("kitError", True)
            widget.setStyleSheet(_styled(widget))

    def clear_field(self, name: str) -> None:
        label = self._labels.get(name)
        if label is None or (label.isHidden() and not label.text()):
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


@dataclass(frozen=True)
class Field:
    """One row of a FormDialog; key as in ValidationError.field, and the values dict's key."""

    key: str
    label: str
    kind: str = "text"  # text | long | date | choice | check
    choices: Sequence[str] = ()
    default: Any = ""  # a date for date fields, a bool for check
    required: bool = False  # marked * before the clerk starts (the service still decides)


def ok_cancel(ok_text: str = "确定") -> QDialogButtonBox:
    """确定/取消 in Chinese (Qt's own captions would be English); Enter never presses 取消."""
    ok, cancel = QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel
    box = QDialogButtonBox(ok | cancel)
    box.button(ok).setText(ok_text)
    box.button(ok).setDefault(True)
    box.button(cancel).setText("取消")
    box.button(cancel).setAutoDefault(False)
    return box


class FormDialog(QDialog):
    """A small form: rows, one red line for refusals, 确定/取消; Enter in a field saves.

    Rows come from Field specs or from ``add(key, label, widget)``. ``save()`` runs the
    action (by default ``on_save(values)``): a DomainError keeps the dialog open with its
    message on the red line and the cursor in its field; a StorageError is not the clerk's
    typing, so it gets the message box, and the form stays filled in for another try.
    """

    def __init__(self, parent: QWidget | None, title: str, fields: Sequence[Field] = (),
                 on_save: Callable[[dict[str, Any]], Any] | None = None,
                 ok_text: str = "确定") -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(360)  # a one-field step (作废, 退回) was a cramped little box
        self.on_save = on_save
        self.reload: Callable[[], object] | None = None  # 重新载入 after a ConflictError
        self.specs: dict[str, Field] = {}
        self.inputs: dict[str, QWidget] = {}
        self.helper = FormHelper(self)
        self.helper.submitted.connect(self.accept)
        self.unsaved = Unsaved(self, start=False)  # Esc on typed work asks first
        self.form_layout = QFormLayout()
        self.error = QLabel()
        self.error.setObjectName("formError")
        self.error.setWordWrap(True)
        self.error.hide()  # no blank band above the buttons until there is something to say
        self.buttons = ok_cancel(save_label(ok_text))
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        save_keys(self, self.accept)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.outer = layout = QVBoxLayout(self)
        layout.addLayout(self.form_layout)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        for spec in fields:
            self.specs[spec.key] = spec
            self.add(spec.key, spec.label, _input(spec), required=spec.required)

    def add(self, key: str, label: str, widget: W, required: bool = False) -> W:
        """One row; its widget is named key (tests and the red line's focus find it so).
        A required row is marked * before the clerk starts (the service still decides)."""
        widget.setObjectName(key)
        self.inputs[key] = widget
        self.helper.add(key, widget)
        self.form_layout.addRow(required_label(label) if required else label, widget)
        if required and self.findChild(QLabel, "requiredHint") is None:
            self.outer.insertWidget(self.outer.indexOf(self.buttons), required_hint())
        if len(self.inputs) == 1:
            widget.setFocus()  # the buttons were laid out first: the clerk starts typing here
        return widget

    def values(self) -> dict[str, Any]:
        """What the Field rows hold; an unreadable date refuses with the field named."""
        return {key: _read(spec, self.inputs[key]) for key, spec in self.specs.items()}

    def save(self) -> Any:
        """Run the action; raise a DomainError to refuse. Subclasses may override."""
        assert self.on_save is not None, "FormDialog needs on_save or a save() of its own"
        return self.on_save(self.values())

    def accept(self) -> None:
        """确定 or Enter: save first; the dialog closes only when the save went through."""
        try:
            self.save()
        except ConflictError as exc:
            self.refuse(exc.message)
            if self.reload is not None:
                offer_reload(self, exc, self._reload)
            return
        except DomainError as exc:
            self.refuse(exc.message, getattr(exc, "field", None))
            return
        except StorageError as exc:
            show_error(self, exc)
            return
        super().accept()

    def showEvent(self, event: QShowEvent) -> None:
        """The values the form opens with are nothing to lose (an edit form's record)."""
        if not self.unsaved.started():
            self.unsaved.mark_saved()
        super().showEvent(event)

    def reject(self) -> None:
        """Esc, 取消 or the window's button: closes at once unless typed work would be lost."""
        if self.unsaved.may_close(self.discard):
            super().reject()

    def discard(self) -> None:
        """Close without asking: the clerk chose to throw the typed work away."""
        super().reject()

    def _reload(self) -> None:
        """重新载入: this form was filled in on an old copy; the page shows the latest."""
        self.discard()
        if self.reload is not None:
            self.reload()

    def refuse(self, message: str, field: str | None = None) -> None:
        """Show why the form was not saved right under the field it is about (above the
        buttons when it names none), and put the cursor there."""
        self.error.setText(message)
        widget = self.inputs.get(field or "")
        self._place_error(widget)
        self.error.setVisible(bool(message))
        if widget is not None:
            widget.setFocus()

    def _place_error(self, widget: QWidget | None) -> None:
        """The one red line moves to the row under widget, or back above the buttons."""
        if self.form_layout.indexOf(self.error) >= 0:
            self.form_layout.takeRow(self.error)
        else:
            self.outer.removeWidget(self.error)
        row: int = -1
        if widget is not None:
            row, _role = self.form_layout.getWidgetPosition(widget)  # type: ignore[misc]
        if row >= 0:
            self.form_layout.insertRow(row + 1, self.error)
        else:  # no field, or one inside a composite row: the line above the buttons
            self.outer.insertWidget(self.outer.indexOf(self.buttons), self.error)


def _input(spec: Field) -> QWidget:
    if spec.kind == "long":
        edit = QPlainTextEdit(str(spec.default))
        edit.setTabChangesFocus(True)  # Tab moves on; Enter stays a new line
        edit.setFixedHeight(60)
        return edit
    if spec.kind == "choice":
        box = QComboBox()
        box.addItems(list(spec.choices))
        if spec.default:
            box.setCurrentText(str(spec.default))
        return box
    if spec.kind == "check":
        check = QCheckBox()
        check.setChecked(bool(spec.default))
        return check
    if spec.kind == "date":
        day = DateEdit()
        day.setDate(spec.default if isinstance(spec.default, date) else None)
        return day
    return QLineEdit(str(spec.default))


def _read(spec: Field, widget: QWidget) -> Any:
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText().strip()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if isinstance(widget, DateEdit):
        if not widget.is_valid():
            raise ValidationError(f"{spec.label}：无法识别的日期“{widget.text()}”", spec.key)
        return widget.date()
    assert isinstance(widget, QLineEdit)
    return widget.text().strip()


def _list_open(widget: QObject) -> bool:
    if isinstance(widget, QComboBox):
        view = widget.view()
        return view is not None and view.isVisible()
    completer = widget.completer() if isinstance(widget, QLineEdit) else None
    popup = None if completer is None else completer.popup()
    return popup is not None and popup.isVisible()


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

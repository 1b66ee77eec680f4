"""Small keyboard-first dialogs for the case actions: 受理, 告知, 延期, 办结, 复查."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.errors import DomainError, ValidationError
from app.ui.kit import DateEdit


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: str = "text"  # text | date | choice | check
    choices: Sequence[str] = ()
    default: Any = ""


def make_widget(f: Field) -> QWidget:
    if f.kind == "choice":
        box = QComboBox()
        box.addItems(list(f.choices))
        if f.default:
            box.setCurrentText(str(f.default))
        return box
    if f.kind == "check":
        check = QCheckBox()
        check.setChecked(bool(f.default))
        return check
    if f.kind == "date":
        day = DateEdit()
        day.setDate(f.default if isinstance(f.default, date) else None)
        return day
    return QLineEdit(str(f.default))


def read_widget(f: Field, widget: QWidget) -> Any:
    if isinstance(widget, QComboBox):
        return widget.currentText()
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if isinstance(widget, DateEdit):
        widget.normalise()
        if not widget.is_valid():
            raise ValidationError(f"{f.label}：无法识别的日期“{widget.text()}”", f.key)
        return widget.date()
    assert isinstance(widget, QLineEdit)
    return widget.text().strip()


def button_box(ok_text: str) -> tuple[QDialogButtonBox, QPushButton]:
    """Chinese OK/取消 buttons; Enter anywhere in the form presses OK, never 取消."""
    box = QDialogButtonBox()
    ok = box.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    cancel = box.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
    cancel.setAutoDefault(False)
    ok.setDefault(True)
    return box, ok


class ActionDialog(QDialog):
    """A titled form; OK calls submit(values) and stays open showing the error if refused."""

    def __init__(
        self,
        title: str,
        fields: Sequence[Field],
        submit: Callable[[dict[str, Any]], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.fields, self.submit = list(fields), submit
        self.widgets: dict[str, QWidget] = {}
        form = QFormLayout()
        for f in self.fields:
            self.widgets[f.key] = make_widget(f)
            self.widgets[f.key].setObjectName(f.key)
            form.addRow(f.label, self.widgets[f.key])
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #c62828")
        self.error.setWordWrap(True)
        buttons, self.ok = button_box("确定（Enter）")
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def values(self) -> dict[str, Any]:
        return {f.key: read_widget(f, self.widgets[f.key]) for f in self.fields}

    def try_accept(self) -> None:
        try:
            self.submit(self.values())
        except DomainError as exc:
            self.error.setText(exc.message)
            field = getattr(exc, "field", None)
            if field in self.widgets:
                self.widgets[field].setFocus()
            return
        self.accept()

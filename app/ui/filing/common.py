"""Shared pieces of the 公文 windows: a paged table model, a small form dialog, a runner."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.reports.dates import parse_date
from app.services.context import Actor
from app.services.errors import DomainError
from app.services.filing.filters import NO_SECRECY
from app.services.session import unit_of_work

ALL = "全部"
NO_VALUE = ("非密", "不紧急")  # the filter items for records without a 密级 / 紧急程度


def filter_combo(name: str, label: str, items: Sequence[str]) -> QComboBox:
    """Index 0 is “全部…” (no filter); the label says which field the box filters."""
    box = QComboBox()
    box.setObjectName(name)
    box.addItems([f"{ALL}{label}", *items])
    return box


def picked(box: QComboBox | None) -> str | None:
    """The filter value a box holds: None for “全部…” or a disabled box, 无 for 非密/不紧急."""
    if box is None or box.currentIndex() <= 0 or not box.isEnabled():
        return None
    text = box.currentText()
    return NO_SECRECY if text in NO_VALUE else text


def run(actor: Actor, work: Callable[[Any], Any]) -> Any:
    """One user action = one unit of work."""
    with unit_of_work(actor) as session:
        return work(session)


@dataclass(frozen=True)
class Col:
    """A list column: its header and how to read it from the service's row."""

    header: str
    value: Callable[[Any], Any]


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: str = "text"  # text | date | long | choice
    choices: Sequence[str] = ()
    default: str = ""


class FormDialog(QDialog):
    """A small form; Enter accepts. on_ok returns an error text to keep it open, or None."""

    def __init__(self, parent: QWidget, title: str, fields: Sequence[Field],
                 on_ok: Callable[[dict[str, Any]], str | None]) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle(title)
        self.on_ok = on_ok
        self.inputs: dict[str, QWidget] = {}
        self.kinds = {f.key: f.kind for f in fields}
        form = QFormLayout()
        for f in fields:
            widget = _input(f)
            widget.setObjectName(f.key)
            self.inputs[f.key] = widget
            form.addRow(f.label, widget)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #c00")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)  # fmt: skip
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def values(self) -> dict[str, Any]:
        return {key: _value(widget, self.kinds[key]) for key, widget in self.inputs.items()}

    def try_accept(self) -> None:
        values = self.values()
        bad = next((k for k, v in values.items() if v is _BAD_DATE), None)
        problem = "日期无法识别（可写 2026-03-05、2026.3.5 或 20260305）" if bad else None
        problem = problem or self.on_ok(values)
        if problem:
            self.error.setText(problem)
            return
        self.accept()


_BAD_DATE = object()


def _input(f: Field) -> QWidget:
    if f.kind == "long":
        edit = QPlainTextEdit(f.default)
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(60)
        return edit
    if f.kind == "choice":
        box = QComboBox()
        box.addItems(list(f.choices))
        if f.default:
            box.setCurrentText(f.default)
        return box
    edit = QLineEdit(f.default)
    if f.kind == "date":
        edit.setPlaceholderText("如 2026.3.5")
    return edit


def _value(widget: QWidget, kind: str) -> Any:
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText().strip()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    text = widget.text().strip() if isinstance(widget, QLineEdit) else ""
    if kind == "date":
        if not text:
            return None
        return parse_date(text) or _BAD_DATE
    return text


def attempt(actor: Actor, work: Callable[[Any], Any]) -> str | None:
    """Run one unit of work; a domain error comes back as the clerk's message."""
    try:
        run(actor, work)
    except DomainError as exc:
        return exc.message
    return None

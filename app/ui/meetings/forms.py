"""The 办会 form dialogs' base: each refusal shows in red beside its own field."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar

from PySide6.QtWidgets import QWidget

from app.services.context import Actor
from app.services.errors import ConflictError, ValidationError
from app.services.versions import Seen
from app.ui.kit import DateEdit, DateTimeEdit, FormDialog
from app.ui.kit.forms import W
from app.ui.meetings.common import TOUCHES, act
from app.ui.messages import offer_reload

T = TypeVar("T")


class MeetingForm(FormDialog):
    """The kit's FormDialog whose rows carry their own red line (FormHelper's)."""

    def __init__(self, actor: Actor, title: str, parent: QWidget | None = None,
                 ok_text: str = "保存", width: int = 460) -> None:  # fmt: skip
        super().__init__(parent, title, ok_text=ok_text)
        self.actor = actor
        self.setMinimumWidth(width)
        self.seen: Seen | None = None  # the meeting as loaded: a stale save is refused
        self.after_reload: Callable[[], Any] = lambda: None

    def add(self, key: str, label: str, widget: W, required: bool = False) -> W:
        super().add(key, label, widget, required)
        # its red line on a row of its own just below: hidden, the row takes no room
        self.form_layout.addRow(self.helper.error_label(key))
        return widget

    def run(self, fn: Callable[..., T], *args: Any, touches: tuple[str, ...] = TOUCHES) -> T:
        """The dialog's change, sent with the meeting as loaded; stale: 重新载入 is offered
        (it closes the form and reads the meeting again), and the red line says who saved."""
        try:
            return act(self.actor, fn, *args, touches=touches, seen=self.seen)
        except ConflictError as exc:
            offer_reload(self, exc, self._reload)
            raise

    def _reload(self) -> None:
        self.reject()
        self.after_reload()

    def refuse(self, message: str, field: str | None = None) -> None:
        """Beside the field the service named; on the line above the buttons otherwise."""
        self.helper.clear()
        if field in self.inputs:
            self.error.hide()
            self.helper.set_error(str(field), message)
            self.inputs[str(field)].setFocus()
            return
        super().refuse(message, field)

    def errors(self) -> dict[str, str]:
        """Field -> the message shown beside it; "" -> the line above the buttons (tests)."""
        shown = self.helper.errors()
        if self.error.isVisibleTo(self) and self.error.text():
            shown[""] = self.error.text()
        return shown


def read_day(edit: DateEdit, label: str, field: str, required: bool = False) -> date | None:
    """The field's date; unreadable (or missing when required) text is refused beside it."""
    if not edit.is_valid():
        raise ValidationError(f"{label}：无法识别的日期“{edit.text()}”", field)
    value = edit.date()
    if value is None and required:
        raise ValidationError(f"请填写{label}。", field)
    return value


def read_moment(
    edit: DateTimeEdit, label: str, field: str, required: bool = True
) -> datetime | None:
    value = edit.dateTime()
    if value is None and (required or edit.text().strip()):
        text = edit.text().strip() or "（空）"
        raise ValidationError(f"{label}无法识别：{text}，请写成 2026-03-05 09:30", field)
    return value

"""What the 办会 tabs share: the register they touch, read/act helpers, table cells."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar

from PySide6.QtWidgets import QDialog, QTableWidget

from app.services.context import Actor
from app.services.meetings.dto import MeetingDetail
from app.services.versions import Seen
from app.ui import ops
from app.ui.kit.small_table import fill_small_table, small_table

REGISTER = "会议"  # 办会's 待办 module name: the pages showing meetings reload on it
TOUCHES = (REGISTER,)
WITH_TASKS = (REGISTER, "督办")  # 转督办 changes the 督办 list too
SECRET_LEVELS = ("", "秘密", "机密", "绝密")  # "" is 非涉密
T = TypeVar("T")


def call(actor: Actor, fn: Callable[..., T], *args: Any) -> T:
    """A read through the window's one way to the services; errors propagate."""
    return ops.perform(actor, lambda session: fn(session, *args), read_only=True)


def seen_of(detail: MeetingDetail | None) -> Seen | None:
    """The meeting as the clerk sees it: a change is refused once someone saved it since."""
    return None if detail is None else Seen(REGISTER, detail.meeting.id, detail.meeting.version)


def act(actor: Actor, fn: Callable[..., T], *args: Any, touches: tuple[str, ...] = TOUCHES,
        seen: Seen | None = None) -> T:  # fmt: skip
    """A change in one unit of work; then the pages showing 会议 (and ``touches``) reload."""
    return ops.perform(actor, lambda session: fn(session, *args), touches=touches, seen=seen)


def change(tab: Any, fn: Callable[..., Any], *args: Any,
           touches: tuple[str, ...] = TOUCHES) -> bool:  # fmt: skip
    """A tab's one-click change on its meeting (a tick, 转督办 …): errors in a box, a stale
    view offers 重新载入; the tab is read again either way. True when it went through."""
    done = ops.change(tab, tab.actor, lambda s: fn(s, *args) or True, touches=touches,
                      seen=seen_of(tab.detail), reload=tab.refresh)  # fmt: skip
    tab.refresh()
    return bool(done)


def moment(value: datetime | None) -> str:
    return "" if value is None else value.astimezone().strftime("%Y-%m-%d %H:%M")


def day(value: date | None) -> str:
    return "" if value is None else value.isoformat()


def table(name: str, headers: tuple[str, ...]) -> QTableWidget:
    """A read-only list that selects one whole row at a time."""
    return small_table(name, headers)


fill = fill_small_table


def current_row(view: QTableWidget) -> int:
    """The selected row, or -1 (a current cell without a selection does not count)."""
    rows = view.selectionModel().selectedRows()
    return rows[0].row() if rows else -1


D = TypeVar("D", bound=QDialog)


def open_dialog(dialog: D, on_saved: Callable[[], Any]) -> D:
    """Open a dialog window-modal; the meeting is read again once it saved (or was stale)."""
    if hasattr(dialog, "after_reload"):
        dialog.after_reload = on_saved
    dialog.accepted.connect(on_saved)
    dialog.open()
    return dialog

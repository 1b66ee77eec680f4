"""A 值班日志 entry opened whole (double-click or Enter), and 修改 from there with its version."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtWidgets import QWidget

from app.services.context import Actor
from app.services.duty import log
from app.services.duty.config import ENTRY_KINDS
from app.services.duty.detail import entry_detail
from app.services.versions import Seen
from app.ui import ops
from app.ui.duty.common import DUTY
from app.ui.kit import Field, FormDialog
from app.ui.kit.detail_dialog import DetailDialog

EDIT = "修改"
DONE_NOTE = "本条已办结或已移交下一班，只能查看。"
# keys as EntryForm's: a refusal names its field, and the red line goes there
_EDITABLE = (("kind", "类型"), ("source_unit", "来电/来文单位"), ("source_person", "来电人"),
             ("source_phone", "电话"), ("content", "内容"), ("instruction", "领导批示"),
             ("handling", "处理情况"), ("recorder", "记录人"))  # fmt: skip


def may_edit(row: log.EntryRow) -> bool:
    """An entry is corrected while it is open in its shift (not 办结, not handed on)."""
    return not (row.done or row.handed_on)


def open_entry(parent: QWidget, actor: Actor, entry_id: int, saved: Callable[[], None]) -> Any:
    """The detail view; 修改 is offered while the entry is open in this shift."""
    found = ops.query(parent, actor, lambda s: (entry_detail(s, entry_id), log.entry(s, entry_id)))
    if found is None:
        return None
    detail, row = found
    if not may_edit(row):
        detail = replace(detail, read_only=DONE_NOTE)
    steps = [] if detail.read_only else [EDIT]
    dialog = DetailDialog(parent, detail, steps, lambda _s: edit_entry(parent, actor, row, saved))
    dialog.open()
    return dialog


def edit_entry(
    parent: QWidget, actor: Actor, row: log.EntryRow, saved: Callable[[], None]
) -> FormDialog:
    """修改: the fields as loaded; saved by someone else since, the save is refused."""
    fields = [Field(key, label, "choice", ENTRY_KINDS, row.kind) if key == "kind"
              else Field(key, label, "long" if key in ("content", "handling") else "text",
                         default=getattr(row, key))
              for key, label in _EDITABLE]  # fmt: skip
    seen = Seen("值班日志", row.id, row.version)

    def save(values: dict[str, Any]) -> None:
        form = replace(log.form_of(row), **values)
        ops.perform(actor, lambda s: log.update_entry(s, row.id, form), touches=DUTY, seen=seen)

    dialog = FormDialog(parent, f"修改值班日志：{row.kind}", fields, save, ok_text="保存")
    dialog.accepted.connect(saved)
    dialog.reload = lambda: _reopen(parent, actor, row.id, saved)
    dialog.open()
    return dialog


def _reopen(parent: QWidget, actor: Actor, entry_id: int, saved: Callable[[], None]) -> None:
    """重新载入: the list and the entry as saved now, to edit again."""
    saved()
    latest = ops.query(parent, actor, lambda s: log.entry(s, entry_id))
    if latest is not None:  # gone: ops.query has said so
        edit_entry(parent, actor, latest, saved)

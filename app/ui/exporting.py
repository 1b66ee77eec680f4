"""Write one registered export off the GUI thread, then tell the clerk where it went."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from app.services.context import Actor
from app.services.registry import ExportQuery
from app.ui import ops
from app.ui.messages import show_info
from app.ui.tasks import Task, Token


def export_kind(parent: QWidget, actor: Actor, kind: str, path: Path, query: ExportQuery) -> Task:
    """A refusal or a locked file comes back as a plain message through the task kit."""

    def work(session: Any, token: Token) -> int:
        from app.services.transfer import export_file  # the report kit loads on first export

        token.progress(0, 0, f"正在导出到 {path.name}…")
        return export_file(session, kind, path, query)

    def done(count: int) -> None:
        show_info(parent, f"已导出 {count} 行到：\n{path}")

    return ops.in_background(parent, actor, "正在导出…", work, on_done=done)

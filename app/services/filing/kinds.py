"""Registers the 公文 import and export kinds (CLI names incoming, outgoing, tasks)."""

from __future__ import annotations

from app.services.filing import exports, imports
from app.services.headers import REQUIRED
from app.services.registry import ExportKind, ImportKind, register_export, register_import


def register_kinds() -> None:
    register_import(
        ImportKind(
            "incoming",
            "收文登记簿",
            imports.INCOMING_COLUMNS,
            REQUIRED["incoming"],
            imports.load_incoming,
        )
    )
    register_import(
        ImportKind(
            "outgoing",
            "发文登记簿",
            imports.OUTGOING_COLUMNS,
            REQUIRED["outgoing"],
            imports.load_outgoing,
        )
    )
    register_import(
        ImportKind(
            "tasks",
            "督办事项",
            imports.TASK_COLUMNS,
            REQUIRED["tasks"],
            imports.load_tasks,
        )
    )
    register_export(ExportKind("incoming", "收文登记簿", exports.incoming_register))
    register_export(ExportKind("outgoing", "发文登记簿", exports.outgoing_export))
    register_export(ExportKind("tasks", "督办通报", exports.task_bulletin))

"""公文 import and export kinds (CLI names incoming, outgoing, tasks): imports.py, exports.py."""

from __future__ import annotations

from app.services.filing.exchange import exports, imports
from app.services.filing.titles import EXPORT_TITLES
from app.services.headers import REQUIRED
from app.services.registry import ExportKind, ImportKind

IMPORTS = (
    ImportKind(
        "incoming",
        "收文登记簿",
        imports.INCOMING_COLUMNS,
        REQUIRED["incoming"],
        imports.load_incoming,
    ),
    ImportKind(
        "outgoing",
        "发文登记簿",
        imports.OUTGOING_COLUMNS,
        REQUIRED["outgoing"],
        imports.load_outgoing,
    ),
    ImportKind(
        "tasks",
        "督办事项",
        imports.TASK_COLUMNS,
        REQUIRED["tasks"],
        imports.load_tasks,
    ),
)
EXPORTS = (
    ExportKind("incoming", EXPORT_TITLES["incoming"], exports.incoming_register),
    ExportKind("outgoing", EXPORT_TITLES["outgoing"], exports.outgoing_export),
    ExportKind("tasks", EXPORT_TITLES["tasks"], exports.task_bulletin),
)

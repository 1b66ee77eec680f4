"""公文 import and export kinds (CLI names incoming, outgoing, tasks): imports.py, exports.py."""

from __future__ import annotations

from app.services.filing.exchange import exports, imports
from app.services.registry import ExportKind, ImportKind

IMPORTS = (
    ImportKind(
        "incoming",
        "收文登记簿",
        imports.INCOMING_COLUMNS,
        ("来文机关", "标题", "签收日期"),
        imports.load_incoming,
    ),
    ImportKind(
        "outgoing",
        "发文登记簿",
        imports.OUTGOING_COLUMNS,
        ("发文字号", "标题", "签发日期"),
        imports.load_outgoing,
    ),
    ImportKind(
        "tasks",
        "督办事项",
        imports.TASK_COLUMNS,
        ("督办事项", "责任单位", "办理时限"),
        imports.load_tasks,
    ),
)
EXPORTS = (
    ExportKind("incoming", "收文登记簿", exports.incoming_register),
    ExportKind("outgoing", "发文登记簿", exports.outgoing_export),
    ExportKind("tasks", "督办通报", exports.task_bulletin),
)

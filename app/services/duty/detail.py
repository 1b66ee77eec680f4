"""One 值班日志 entry whole: every field, its history, and what it was carried from."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.models.duty import DutyLogEntry
from app.services.details import RecordDetail, audit_history, field_values, sorted_history
from app.services.errors import NotFoundError

_LABELS = (
    ("shift_day", "值班日"), ("at", "时间"), ("kind", "类别"), ("source_unit", "来电（文）单位"),
    ("source_person", "来电（访）人"), ("source_phone", "电话"), ("content", "内容"),
    ("instruction", "领导批示"), ("handling", "处理情况"), ("done", "已办结"),
    ("handed_on", "已交下一班"), ("recorder", "记录人"), ("phone_report_at", "电话报告时间"),
    ("written_report_at", "书面报告时间"),
)  # fmt: skip


def entry_detail(session: Session, /, entry_id: int) -> RecordDetail:
    """The entry as the clerk reads it; a carried entry names the one it continues."""
    entry = session.get(DutyLogEntry, entry_id)
    if entry is None:
        raise NotFoundError(f"找不到编号为 {entry_id} 的值班日志")
    fields = field_values(entry, _LABELS)
    if entry.carried_from_id is not None:
        before = session.get(DutyLogEntry, entry.carried_from_id)
        fields += (("接续", f"{before.shift_day} 班的记录" if before else "前一班的记录"),)
    history = sorted_history(audit_history(session, "值班日志", entry_id))
    title = f"{entry.kind} {entry.content[:20]}"
    return RecordDetail("值班日志", entry_id, title, fields, history, None, entry.version)

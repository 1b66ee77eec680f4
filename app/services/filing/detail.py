"""One 收文, 发文 or 督办 record whole: every field, its history, its attachments."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.filing import (
    Circulation,
    IncomingDoc,
    OutgoingDoc,
    Reminder,
    SupervisionTask,
    TaskNote,
)
from app.services import attachments
from app.services.details import (
    HistoryLine,
    RecordDetail,
    audit_history,
    field_values,
    sorted_history,
)
from app.services.details import shown as _shown
from app.services.errors import NotFoundError

__all__ = ["HistoryLine", "RecordDetail", "record_detail"]

_FIELDS: dict[str, tuple[Any, tuple[tuple[str, str], ...]]] = {
    "收文": (IncomingDoc, (
        ("receipt_no", "收文编号"), ("received_at", "签收时间"), ("sender", "来文机关"),
        ("sender_doc_number", "来文字号"), ("title", "标题"), ("doc_type", "文种"),
        ("secrecy", "密级"), ("secrecy_years", "保密期限（年）"), ("urgency", "紧急程度"),
        ("copies", "份数"), ("pages", "页数"), ("attachments_note", "附件"),
        ("issued_on", "成文日期"), ("state", "状态"), ("review_result", "初审结论"),
        ("handling_kind", "办理方式"), ("proposal", "拟办意见"), ("instruction", "领导批示"),
        ("instructed_by", "批示领导"), ("lead_dept", "主办部门"), ("co_depts", "协办部门"),
        ("handler", "承办人"), ("deadline", "办理时限"), ("pusher", "催办人"),
        ("holder", "纸质件现在"), ("result", "办理结果/答复"), ("done_on", "办结日期"),
        ("archive_code", "档号"))),
    "发文": (OutgoingDoc, (
        ("doc_number", "发文字号"), ("title", "标题"), ("doc_type", "文种"),
        ("draft_dept", "拟稿部门"), ("drafter", "拟稿人"), ("checker", "核稿人"),
        ("signer", "签发人"), ("signed_on", "签发日期"), ("reviewer", "复核人"),
        ("main_to", "主送"), ("cc", "抄送"), ("secrecy", "密级"),
        ("secrecy_years", "保密期限（年）"), ("urgency", "紧急程度"),
        ("print_copies", "印制份数"), ("printed_by", "印发机关"),
        ("printed_on", "印发日期"), ("disclosure", "公开属性"), ("attachments_note", "附件说明"),
        ("state", "状态"), ("registered_on", "登记日期"), ("void_reason", "作废原因"),
        ("archive_code", "档号"))),
    "督办": (SupervisionTask, (
        ("matter", "事项"), ("source_kind", "来源"), ("source_text", "来源说明"),
        ("dept", "责任单位"), ("person", "责任人"), ("assigned_on", "交办日期"),
        ("deadline", "时限"), ("done_on", "办结日期"), ("evidence", "办结情况"))),
}  # fmt: skip


def record_detail(session: Session, /, kind: str, record_id: int) -> RecordDetail:
    """The record as the clerk reads it in its detail view."""
    model, labels = _FIELDS[kind]
    row = session.get(model, record_id)
    if row is None:
        raise NotFoundError(f"找不到这条{kind}（编号 {record_id}），可能已被删除。")
    fields = field_values(row, labels)
    files = tuple(a.original_name for a in attachments.list_for(session, kind, record_id))
    title = str(getattr(row, "title", None) or getattr(row, "matter", ""))
    history = sorted_history(
        audit_history(session, kind, record_id) + _steps(session, kind, record_id)
    )
    past = "往年登记簿的历史补录：只作记录，不再办理。" if getattr(row, "historical", False) else ""
    return RecordDetail(kind, record_id, title, fields, history, files, row.version, past)


def _steps(session: Session, kind: str, record_id: int) -> list[HistoryLine]:
    """传阅 and 催办 of a 收文, progress notes of a 督办: what the audit trail words briefly."""
    if kind == "收文":
        lines = []
        for c in session.scalars(select(Circulation).where(Circulation.incoming_id == record_id)):
            back = f"，{c.outcome}于 {_shown(c.returned_at)}" if c.outcome else "，尚未归还"
            lines.append(HistoryLine(c.sent_at, c.recorded_by, f"传阅 {c.holder}{back}"))
        for r in session.scalars(select(Reminder).where(Reminder.incoming_id == record_id)):
            lines.append(HistoryLine(r.on, r.pusher, f"催办（{r.means}）{r.result}"))
        return lines
    if kind == "督办":
        notes = session.scalars(select(TaskNote).where(TaskNote.task_id == record_id))
        return [HistoryLine(n.on, n.recorded_by, f"进展：{n.text}") for n in notes]
    return []

"""One 用印 entry whole, read-only: the ledger is a hash chain, a mistake is voided."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.seals import Seal, SealUse
from app.services.details import (
    RecordDetail,
    audit_history,
    field_values,
    shown,
    sorted_history,
)
from app.services.errors import NotFoundError

_LABELS = (
    ("number", "用印编号"), ("kind", "类别"), ("used_at", "用印时间"), ("unit", "用印单位"),
    ("applicant", "经办人"), ("purpose", "事由"), ("doc_title", "文件名称"),
    ("doc_number", "文号"), ("copies", "份数"), ("approver", "批准人"),
    ("approver_title", "批准人职务"), ("approved_at", "批准时间"), ("supervisor", "监印人"),
    ("copy_kept", "留存复印件"), ("attested", "经办人确认文件完整"), ("historical", "历史补录"),
    ("void_reason", "作废原因"), ("note", "备注"), ("recorded_by", "登记人"),
    ("recorded_at", "登记时间"), ("seq", "登记簿序号"),
)  # fmt: skip
READ_ONLY = "用印登记簿只能追加：登记有误请“作废”该条后重新登记。"


def use_detail(session: Session, /, use_id: int) -> RecordDetail:
    """The entry as the clerk reads it, with its seal and what voided it (or what it voids)."""
    use = session.get(SealUse, use_id)
    if use is None:
        raise NotFoundError(f"找不到这条用印登记（编号 {use_id}）。")
    seal = session.get(Seal, use.seal_id)
    fields = (
        ("印章", seal.name if seal else ""),
        *field_values(use, _LABELS),
        *_links(session, use),
    )
    title = use.number or f"作废第 {use.seq} 条"
    history = sorted_history(audit_history(session, "用印登记", use_id))
    return RecordDetail("用印", use_id, title, fields, history, None, use.seq, READ_ONLY)


def _links(session: Session, use: SealUse) -> tuple[tuple[str, str], ...]:
    if use.voids_id is not None:
        voided = session.get(SealUse, use.voids_id)
        return (("作废的登记", shown(voided.number if voided else use.voids_id)),)
    voider = session.scalar(select(SealUse.seq).where(SealUse.voids_id == use.id))
    return (("已被作废", f"登记簿第 {voider} 条") if voider else ("已被作废", "否"),)

"""The link to 发文: picking an outgoing document fills 文件名称 and 文号 of a 用印登记."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.services.errors import ValidationError
from app.services.filing import flow, queries
from app.services.seals.dto import UseForm


@dataclass(frozen=True)
class OutgoingChoice:
    id: int
    title: str
    doc_number: str

    def label(self) -> str:
        return f"{self.doc_number}　{self.title}" if self.doc_number else self.title


def find(session: Session, /, text: str = "", limit: int = 50) -> list[OutgoingChoice]:
    """Registered 发文 (numbered, not voided) whose 标题 or 字号 contains text, newest first."""
    return [OutgoingChoice(*found) for found in queries.numbered_outgoing(session, text, limit)]


def fill(session: Session, form: UseForm) -> UseForm:
    """The form with 文件名称 and 文号 taken from its 发文, when one is picked."""
    if form.outgoing_id is None:
        return form
    doc = queries.get_outgoing(session, form.outgoing_id)
    if doc is None:
        raise ValidationError("找不到所选的发文", "outgoing_id")
    if doc.state == flow.VOID or doc.void_reason:
        raise ValidationError(f"所选发文已作废（{doc.void_reason}），不能用印", "outgoing_id")
    if not doc.doc_number:
        raise ValidationError(
            f"所选发文尚未登记发文字号（当前：{doc.state}），须签发、复核、登记后才能用印",
            "outgoing_id",
        )
    return replace(form, doc_title=doc.title, doc_number=doc.doc_number)


def seal_records(session: Session, /) -> dict[int, list[str]]:
    """Each 发文's 用印记录 (用印编号 and 份数), voided uses left out: for the 发文登记簿."""
    from app.models.seals import SealUse

    voided = select(SealUse.voids_id).where(SealUse.voids_id.is_not(None))
    stmt = select(SealUse.outgoing_id, SealUse.number, SealUse.copies)
    stmt = stmt.where(SealUse.outgoing_id.is_not(None), SealUse.id.not_in(voided))
    records: dict[int, list[str]] = {}
    for outgoing_id, number, copies in session.execute(stmt.order_by(SealUse.seq)):
        if outgoing_id is not None:  # always true by the WHERE; says so to the type checker
            records.setdefault(outgoing_id, []).append(f"{number}（{copies}份）")
    return records

"""修改: a 收文's typed fields corrected from its detail view while it is still in hand."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from app.services import records
from app.services.context import Perm, require
from app.services.errors import ValidationError
from app.services.filing import flow, vocab
from app.services.filing.docnumber import normalize_lenient
from app.services.filing.incoming import ENTITY, _load, _required

CLOSED = (flow.DONE, flow.ARCHIVED)  # 办结 and 归档 records are read, not edited


@dataclass(frozen=True)
class CorrectionForm:
    """The fields a clerk may still correct (a typo in the title, the wrong 来文字号 …)."""

    sender: str
    title: str
    sender_doc_number: str = ""
    doc_type: str | None = None
    urgency: str | None = None
    copies: int = 1
    pages: int | None = None
    issued_on: date | None = None


def closed_reason(state: str, historical: bool) -> str:
    """Why a 收文 may not be corrected, or "" when it may."""
    if historical:
        return "往年登记簿的历史补录：只作记录，不再办理。"
    if state in CLOSED:
        return f"本件{state}，只能查看。"
    return ""


def correct(session: Session, /, incoming_id: int, form: CorrectionForm) -> None:
    """修改, audited with what changed; refused once the 收文 is closed."""
    require(session, Perm.EDIT_REGISTERS)
    doc = _load(session, incoming_id)
    why = closed_reason(doc.state, doc.historical)
    if why:
        raise ValidationError(why, field="state")
    if form.copies < 1:
        raise ValidationError("份数至少为1。", field="copies")
    with records.changed(session, "修改", ENTITY, doc, f"{doc.receipt_no or ''} {doc.title}"):
        doc.sender = _required(form.sender, "来文机关", "sender")
        doc.title = _required(form.title, "标题", "title")
        doc.sender_doc_number = normalize_lenient(form.sender_doc_number)
        doc.sender_doc_number_raw = form.sender_doc_number.strip()
        doc.doc_type = vocab.check_doc_type(form.doc_type, required=False)
        doc.urgency = vocab.check_urgency(form.urgency)
        doc.copies, doc.pages, doc.issued_on = form.copies, form.pages, form.issued_on


def current(session: Session, /, incoming_id: int) -> CorrectionForm:
    """The correctable fields as saved, to fill the 修改 form."""
    doc = _load(session, incoming_id)
    return CorrectionForm(
        doc.sender, doc.title, doc.sender_doc_number_raw or doc.sender_doc_number or "",
        doc.doc_type, doc.urgency, doc.copies, doc.pages, doc.issued_on,
    )  # fmt: skip

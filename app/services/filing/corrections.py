"""修改: a 收文's, 发文's or 督办's typed fields corrected from its detail view while still open."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy.orm import Session

from app.models.filing import IncomingDoc, OutgoingDoc, SupervisionTask
from app.services import records
from app.services.context import Perm, require
from app.services.errors import NotFoundError, ValidationError
from app.services.filing import flow, vocab
from app.services.filing.docnumber import normalize_lenient

HISTORICAL = "往年登记簿的历史补录：只作记录，不再办理。"


@dataclass(frozen=True)
class CorrectionForm:
    """收文: the fields a clerk may still correct (a typo in the title, the wrong 来文字号 …)."""

    sender: str
    title: str
    sender_doc_number: str = ""
    doc_type: str | None = None
    urgency: str | None = None
    copies: int = 1
    pages: int | None = None
    issued_on: date | None = None


@dataclass(frozen=True)
class OutgoingCorrection:
    """发文: what its paper says besides the 发文字号 and the signatures of its steps."""

    title: str
    doc_type: str
    main_to: str = ""
    main_to_level: str = ""
    cc: str = ""
    draft_dept: str = ""
    drafter: str = ""
    urgency: str | None = None
    disclosure: str = ""
    attachments_note: str = ""


@dataclass(frozen=True)
class TaskCorrection:
    """督办: the matter, who answers for it and by when (its 来源 follows the meeting)."""

    matter: str
    dept: str
    person: str = ""
    deadline: date | None = None


def _incoming_values(doc: IncomingDoc, form: CorrectionForm) -> dict[str, Any]:
    if form.copies < 1:
        raise ValidationError("份数至少为1。", field="copies")
    return {
        "sender": vocab.required_text(form.sender, "来文机关", "sender"),
        "title": vocab.required_text(form.title, "标题", "title"),
        "sender_doc_number": normalize_lenient(form.sender_doc_number),
        "sender_doc_number_raw": form.sender_doc_number.strip(),
        "doc_type": vocab.check_doc_type(form.doc_type, required=False),
        "urgency": vocab.check_urgency(form.urgency),
        "copies": form.copies, "pages": form.pages, "issued_on": form.issued_on,
    }  # fmt: skip


def _outgoing_values(doc: OutgoingDoc, form: OutgoingCorrection) -> dict[str, Any]:
    doc_type, level = vocab.check_doc_type(form.doc_type), vocab.check_level(form.main_to_level)
    if doc.number is not None and vocab.is_upward(doc_type, level) and not doc.signer:
        raise ValidationError(f"{doc_type}是上行文，须有签发人；本件登记时没有签发人。",
                              field="doc_type")  # fmt: skip
    if form.disclosure and form.disclosure not in vocab.DISCLOSURES:
        raise ValidationError("公开属性只能是主动公开、依申请公开或不予公开。", field="disclosure")
    texts = ("main_to", "cc", "draft_dept", "drafter", "attachments_note")
    return {
        "title": vocab.required_text(form.title, "标题", "title"), "doc_type": doc_type,
        "main_to_level": level, "urgency": vocab.check_urgency(form.urgency),
        "disclosure": form.disclosure, **{k: getattr(form, k).strip() for k in texts},
    }  # fmt: skip


def _task_values(task: SupervisionTask, form: TaskCorrection) -> dict[str, Any]:
    if form.deadline is None:
        raise ValidationError("请填写办理时限。", field="deadline")
    if form.deadline < task.assigned_on:
        raise ValidationError("办理时限不能早于交办日期。", field="deadline")
    return {
        "matter": vocab.required_text(form.matter, "督办事项", "matter"),
        "dept": vocab.required_text(form.dept, "责任单位", "dept"),
        "person": form.person.strip(), "deadline": form.deadline,
    }  # fmt: skip


def _filed(record: Any) -> str:
    """收文 and 发文: read-only once 历史补录, 办结, 归档 or 作废."""
    if record.historical:
        return HISTORICAL
    closed = record.state in (flow.DONE, flow.ARCHIVED, flow.VOID)
    return f"本件{record.state}，只能查看。" if closed else ""


def _task_done(record: Any) -> str:
    return "本督办事项已办结，只能查看。" if record.done_on is not None else ""


class _Kind(NamedTuple):
    """One register's 修改: its model, its form, when it is closed and what a form sets."""

    model: type
    form: type
    closed: Callable[[Any], str]  # reads the stored record or the list's row alike
    values: Callable[[Any, Any], dict[str, Any]]
    label: Callable[[Any], str]


KINDS: dict[str, _Kind] = {
    "收文": _Kind(IncomingDoc, CorrectionForm, _filed, _incoming_values,
                  lambda d: f"{d.receipt_no or ''} {d.title}"),
    "发文": _Kind(OutgoingDoc, OutgoingCorrection, _filed, _outgoing_values,
                  lambda d: f"{d.doc_number or '（未编号）'} {d.title}"),
    "督办": _Kind(SupervisionTask, TaskCorrection, _task_done, _task_values,
                  lambda t: t.matter),
}  # fmt: skip


def read_only(kind: str, row: Any) -> str:
    """Why this record (stored, or a row of its list) may not be corrected, or "" when it may."""
    return KINDS[kind].closed(row)


def _load(session: Session, kind: str, record_id: int) -> Any:
    record = session.get(KINDS[kind].model, record_id)
    if record is None:
        raise NotFoundError(f"找不到这条{kind}（编号 {record_id}），可能已被删除。")
    return record


def correct(session: Session, /, record_id: int, form: Any) -> None:
    """修改, audited with what changed; refused once the record is closed. The form's type
    names the register (CorrectionForm: 收文, OutgoingCorrection: 发文, TaskCorrection: 督办)."""
    require(session, Perm.EDIT_REGISTERS)
    kind = next(name for name, k in KINDS.items() if isinstance(form, k.form))
    spec, record = KINDS[kind], _load(session, kind, record_id)
    why = spec.closed(record)
    if why:
        raise ValidationError(why, field="state")
    values = spec.values(record, form)
    with records.changed(session, "修改", kind, record, spec.label(record)):
        for name, value in values.items():
            setattr(record, name, value)


def current(session: Session, /, kind: str, record_id: int) -> Any:
    """The correctable fields as saved, to fill the 修改 form."""
    spec, record = KINDS[kind], _load(session, kind, record_id)
    saved = {f.name: getattr(record, f.name) for f in fields(spec.form)}
    if kind == "收文":  # the 来文字号 as the clerk typed it, not its normalised form
        saved["sender_doc_number"] = record.sender_doc_number_raw or record.sender_doc_number or ""
    return spec.form(**saved)

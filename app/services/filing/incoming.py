"""收文: 签收, 登记 (收文编号), 初审/退回, 承办 (阅知 or 拟办 → 批示 → 分办)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import clock
from app.models.filing import Circulation, IncomingDoc
from app.services import records
from app.services.context import Perm, require
from app.services.errors import NotFoundError, ValidationError
from app.services.filing import flow, numbering, vocab
from app.services.filing.docnumber import normalize_lenient

ENTITY = "收文"
CLOCK_SLACK = timedelta(minutes=10)  # a clerk's watch ahead of the PC's clock is no error


@dataclass(frozen=True)
class ReceiveForm:
    """The 签收 form: the first screen holds these ten fields (签收时间 defaults to now)."""

    sender: str
    title: str
    sender_doc_number: str = ""
    doc_type: str | None = None
    urgency: str | None = None
    secrecy: str | None = None
    secrecy_years: int | None = None
    copies: int = 1
    pages: int | None = None
    issued_on: date | None = None
    attachments_note: str = ""
    received_at: datetime | None = None
    register: bool = True  # 登记 at once (allocates the 收文编号)


@dataclass(frozen=True)
class AssignForm:
    """分办 (or 阅知): 主办 and 协办 departments, 承办人, 办理时限."""

    lead_dept: str = ""
    co_depts: tuple[str, ...] = ()
    handler: str = ""
    deadline: date | None = None
    pusher: str = ""  # 催办人 (named for urgent ones)
    proposal: str = ""  # 阅知: who should read it


class IncomingRow(NamedTuple):
    """One line of the 收文 list (a tuple: a search builds 200 of these per keystroke)."""

    id: int
    receipt_no: str
    received_at: datetime
    sender: str
    sender_doc_number: str
    title: str
    doc_type: str
    secrecy: str  # the marking, e.g. 秘密★1年
    urgency: str
    state: str
    deadline: date | None
    holder: str = ""  # who holds the paper now (传阅)
    held_since: datetime | None = None
    actions: tuple[str, ...] = ()
    instructed: bool = False  # a 领导批示 is recorded: a 督办 task may come from it
    archive_code: str = ""  # 档号, once the archive module filed it
    version: int = 0  # what a move sends back (versions.Seen), so a stale one is refused
    historical: bool = False  # 历史补录: typed from a past year's paper register

    @property
    def state_shown(self) -> str:
        return self.state + ("（历史补录）" if self.historical else "")


def _now() -> datetime:
    return clock.utcnow()


def load(session: Session, incoming_id: int) -> IncomingDoc:
    """The 收文, or 找不到 in Chinese (its steps here and in handling load it so)."""
    doc = session.get(IncomingDoc, incoming_id)
    if doc is None:
        raise NotFoundError(f"找不到编号为 {incoming_id} 的收文。")
    return doc


def open_circulation(session: Session, incoming_id: int) -> Circulation | None:
    stmt = select(Circulation).where(
        Circulation.incoming_id == incoming_id, Circulation.outcome.is_(None)
    )
    return session.scalars(stmt).first()


def check_step(session: Session, doc: IncomingDoc, action: str) -> dict[str, object]:
    """The shared check step with 收文's rule; returns the before-snapshot (for
    record_step). 传阅, 催办 and 办结 in handling move a 收文 through it too."""
    paper_out = open_circulation(session, doc.id) is not None
    answered = doc.answered_by_id is not None
    return records.step(doc, lambda: flow.check_incoming(
        doc.state, paper_out, action, answered, doc.historical))  # fmt: skip


def record_step(session: Session, action: str, doc: IncomingDoc,
                before: dict[str, object]) -> None:  # fmt: skip
    """The step's audit line, with the record's 收文编号 and title."""
    records.record_change(
        session, action, ENTITY, doc, before, f"{doc.receipt_no or ''} {doc.title}"
    )


def receive(session: Session, /, form: ReceiveForm) -> int:
    """签收 (and by default 登记 at once); returns the new 收文's id."""
    require(session, Perm.EDIT_REGISTERS)
    at = form.received_at or _now()
    if at > _now() + CLOCK_SLACK:
        raise ValidationError("签收时间不能晚于现在，请核对日期。", field="received_at")
    year = at.astimezone().year
    serial = numbering.allocate(session, numbering.INCOMING_SERIES, year) if form.register else None
    secrecy, years = vocab.check_secrecy(form.secrecy, form.secrecy_years)
    if form.copies < 1:
        raise ValidationError("份数至少为1。", field="copies")
    doc = IncomingDoc(
        year=year, serial=serial, received_at=at,
        sender=vocab.required_text(form.sender, "来文机关", "sender"),
        sender_doc_number=normalize_lenient(form.sender_doc_number),
        sender_doc_number_raw=form.sender_doc_number.strip(),
        title=vocab.required_text(form.title, "标题", "title"),
        doc_type=vocab.check_doc_type(form.doc_type, required=False),
        secrecy=secrecy, secrecy_years=years, urgency=vocab.check_urgency(form.urgency),
        copies=form.copies, pages=form.pages, attachments_note=form.attachments_note.strip(),
        issued_on=form.issued_on, state=flow.REGISTERED if form.register else flow.SIGNED,
    )  # fmt: skip
    if serial is not None:
        doc.receipt_no = numbering.format_receipt_no(
            numbering.incoming_format(session), year, serial
        )
    session.add(doc)
    record_step(session, "新增", doc, {})
    return doc.id


def register(session: Session, /, incoming_id: int) -> str:
    """登记 a 收文 signed for earlier: allocates its 收文编号 and returns it."""
    require(session, Perm.EDIT_REGISTERS)
    doc = load(session, incoming_id)
    serial = numbering.allocate(session, numbering.INCOMING_SERIES, doc.year)
    before = check_step(session, doc, "登记")
    doc.serial = serial
    doc.receipt_no = numbering.format_receipt_no(
        numbering.incoming_format(session), doc.year, serial
    )
    record_step(session, "登记", doc, before)
    return doc.receipt_no


def review(session: Session, /, incoming_id: int, conclusion: str = "符合要求") -> None:
    """初审 passed: the document is for this office and complete."""
    require(session, Perm.EDIT_REGISTERS)
    doc = load(session, incoming_id)
    before = check_step(session, doc, "初审通过")
    doc.review_result = conclusion.strip() or "符合要求"
    record_step(session, "初审", doc, before)


def return_doc(session: Session, /, incoming_id: int, reason: str) -> None:
    """初审 退回 to the sender, with the reason (条例 art. 24)."""
    require(session, Perm.EDIT_REGISTERS)
    doc = load(session, incoming_id)
    text = vocab.required_text(reason, "退回理由", "reason")
    before = check_step(session, doc, "退回")
    doc.review_result = f"退回：{text}"
    record_step(session, "退回", doc, before)


def _check_deadline(doc: IncomingDoc, form: AssignForm) -> None:
    """紧急公文 get a 办理时限; a 特急 one also a named 催办人 who chases it."""
    if doc.urgency and form.deadline is None:
        raise ValidationError(f"{doc.urgency}公文必须填写办理时限。", field="deadline")
    if doc.urgency == "特急" and not form.pusher.strip():
        raise ValidationError("特急公文必须指定催办人。", field="pusher")


def mark_read_only(session: Session, /, incoming_id: int, form: AssignForm) -> None:
    """阅知性: decide the circulation; the document goes straight to 办理中."""
    require(session, Perm.EDIT_REGISTERS)
    doc = load(session, incoming_id)
    _check_deadline(doc, form)
    before = check_step(session, doc, "阅知")
    doc.handling_kind, doc.proposal = "阅知", form.proposal.strip()
    doc.deadline, doc.handler, doc.pusher = form.deadline, form.handler.strip(), form.pusher.strip()
    record_step(session, "阅知", doc, before)


def propose(session: Session, /, incoming_id: int, proposal: str) -> None:
    """批办性, step 1: the office's 拟办意见 for the leader."""
    require(session, Perm.EDIT_REGISTERS)
    doc = load(session, incoming_id)
    text = vocab.required_text(proposal, "拟办意见", "proposal")
    before = check_step(session, doc, "拟办")
    doc.handling_kind, doc.proposal = "批办", text
    record_step(session, "拟办", doc, before)


def instruct(session: Session, /, incoming_id: int, instruction: str, leader: str) -> None:
    """批办性, step 2: the leader's 批示, recorded by the clerk."""
    require(session, Perm.EDIT_REGISTERS)
    doc = load(session, incoming_id)
    text = vocab.required_text(instruction, "领导批示", "instruction")
    who = vocab.required_text(leader, "批示领导", "instructed_by")
    before = check_step(session, doc, "批示")
    doc.instruction, doc.instructed_by = text, who
    record_step(session, "批示", doc, before)


def assign(session: Session, /, incoming_id: int, form: AssignForm) -> None:
    """批办性, step 3: 承办部门, exactly one 主办 and any 协办, with the 办理时限."""
    require(session, Perm.EDIT_REGISTERS)
    doc = load(session, incoming_id)
    lead = vocab.required_text(form.lead_dept, "主办部门", "lead_dept")
    co = [d.strip() for d in form.co_depts if d.strip()]
    if lead in co or len(set(co)) != len(co):
        raise ValidationError("主办部门只能有一个，协办部门不能与主办重复。", field="co_depts")
    _check_deadline(doc, form)
    before = check_step(session, doc, "分办")
    doc.lead_dept, doc.co_depts, doc.handler = lead, "、".join(co), form.handler.strip()
    doc.deadline, doc.pusher = form.deadline, form.pusher.strip()
    record_step(session, "分办", doc, before)

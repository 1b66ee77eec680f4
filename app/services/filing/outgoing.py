"""发文: 拟稿 → 核稿 → 签发 → 复核 → 登记 (发文字号) → 印制 → 核发 → 归档; 作废 keeps the number."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import clock
from app.models.filing import OutgoingDoc
from app.services import counters, records, settings
from app.services.context import Perm, require
from app.services.errors import NotFoundError, ValidationError
from app.services.filing import flow, numbering, vocab
from app.services.filing.docnumber import format_doc_number

ENTITY = "发文"


@dataclass(frozen=True)
class DraftForm:
    issuer_code: str  # 机关代字, one of the configured list
    title: str
    doc_type: str
    draft_dept: str = ""
    drafter: str = ""
    main_to: str = ""
    cc: str = ""
    secrecy: str | None = None
    secrecy_years: int | None = None
    urgency: str | None = None
    disclosure: str = ""
    attachments_note: str = ""
    main_to_level: str = ""  # 上级/平级/下级: the 主送机关's level sets the 行文方向


@dataclass(frozen=True)
class Registered:
    id: int
    doc_number: str
    number: int


def issuer_codes(session: Session) -> list[str]:
    return [str(c) for c in settings.get(session, settings.ISSUER_CODES, [])]


def _load(session: Session, outgoing_id: int) -> OutgoingDoc:
    doc = session.get(OutgoingDoc, outgoing_id)
    if doc is None:
        raise NotFoundError(f"找不到编号为 {outgoing_id} 的发文。")
    return doc


def _step(session: Session, doc: OutgoingDoc, action: str) -> dict[str, object]:
    """The shared check step with 发文's rule; returns the before-snapshot."""
    return records.step(doc, lambda: flow.check_outgoing(doc.state, action))


def _audit(session: Session, action: str, doc: OutgoingDoc, before: dict[str, object]) -> None:
    summary = f"{doc.doc_number or '（未编号）'} {doc.title}"
    records.record_change(session, action, ENTITY, doc, before, summary)


def _name(value: str, label: str, name: str) -> str:
    text = value.strip()
    if not text:
        raise ValidationError(f"请填写{label}。", field=name)
    return text


def check_issuer_code(session: Session, code: str) -> str:
    text = code.strip()
    known = issuer_codes(session)
    if not text or (known and text not in known):
        raise ValidationError(f"机关代字“{text}”不在设置的代字表中：{'、'.join(known)}。",
                              field="issuer_code")  # fmt: skip
    return text


def draft(session: Session, /, form: DraftForm, today: date | None = None) -> int:
    """拟稿: a draft has no number yet (the number comes at 登记, 条例 art. 25)."""
    require(session, Perm.EDIT_REGISTERS)
    secrecy, years = vocab.check_secrecy(form.secrecy, form.secrecy_years)
    if form.disclosure and form.disclosure not in vocab.DISCLOSURES:
        raise ValidationError("公开属性只能是主动公开、依申请公开或不予公开。", field="disclosure")
    doc = OutgoingDoc(
        issuer_code=check_issuer_code(session, form.issuer_code),
        year=(today or clock.today()).year, title=_name(form.title, "标题", "title"),
        doc_type=vocab.check_doc_type(form.doc_type), draft_dept=form.draft_dept.strip(),
        drafter=form.drafter.strip(), main_to=form.main_to.strip(), cc=form.cc.strip(),
        secrecy=secrecy, secrecy_years=years, urgency=vocab.check_urgency(form.urgency),
        disclosure=form.disclosure, attachments_note=form.attachments_note.strip(),
        main_to_level=vocab.check_level(form.main_to_level), state=flow.DRAFT,
    )  # fmt: skip
    session.add(doc)
    _audit(session, "新增", doc, {})
    return doc.id


def check_draft(session: Session, /, outgoing_id: int, checker: str) -> None:
    """核稿."""
    require(session, Perm.EDIT_REGISTERS)
    doc = _load(session, outgoing_id)
    who = _name(checker, "核稿人", "checker")
    before = _step(session, doc, "核稿")
    doc.checker = who
    _audit(session, "核稿", doc, before)


def sign(session: Session, /, outgoing_id: int, signer: str, signed_on: date) -> None:
    """签发: the leader and the date (签发日期 = 成文日期); both are required."""
    require(session, Perm.EDIT_REGISTERS)
    who = _name(signer, "签发人", "signer")
    if signed_on > clock.today():
        raise ValidationError(f"签发日期{signed_on:%Y-%m-%d}晚于今天，请核对。", field="signed_on")
    doc = _load(session, outgoing_id)
    before = _step(session, doc, "签发")
    doc.signer, doc.signed_on = who, signed_on
    _audit(session, "签发", doc, before)


def review(session: Session, /, outgoing_id: int, reviewer: str) -> None:
    """复核: checked again before the number is given."""
    require(session, Perm.EDIT_REGISTERS)
    doc = _load(session, outgoing_id)
    who = _name(reviewer, "复核人", "reviewer")
    before = _step(session, doc, "复核")
    doc.reviewer = who
    _audit(session, "复核", doc, before)


def _bump_counter(session: Session, outgoing_id: int, year: int) -> int | None:
    """Counter first: one UPDATE naming the doc's 代字 by subquery, before any read."""
    code = select(OutgoingDoc.issuer_code).where(OutgoingDoc.id == outgoing_id).scalar_subquery()
    found = session.execute(counters.bump(code, year)).scalar_one_or_none()
    return None if found is None else int(found)


def _number_year(session: Session, outgoing_id: int, day: date) -> int:
    """The 签发 year; registering before the 签发 is refused (before any counter moves)."""
    signed = session.scalar(select(OutgoingDoc.signed_on).where(OutgoingDoc.id == outgoing_id))
    if signed is not None and day < signed:
        raise ValidationError(
            f"登记日期{day:%Y-%m-%d}早于签发日期{signed:%Y-%m-%d}：须先签发后登记。",
            field="registered_on",
        )
    return signed.year if signed is not None else day.year


def register(session: Session, /, outgoing_id: int, on: date | None = None,
             number: int | None = None) -> Registered:  # fmt: skip
    """登记 after 复核: allocate the next 发文字号 of the 代字 for the year of 签发 (成文日期).

    A back-dated entry may name a free (gap) number explicitly instead. A future 登记 date,
    or one before the 签发, is refused: either would number the paper in the wrong year.
    """
    require(session, Perm.EDIT_REGISTERS)
    day = on or clock.today()
    if day > clock.today():
        raise ValidationError(f"登记日期{day:%Y-%m-%d}晚于今天，请核对。", field="registered_on")
    year = _number_year(session, outgoing_id, day)
    allocated = _bump_counter(session, outgoing_id, year) if number is None else None
    doc = _load(session, outgoing_id)
    if vocab.is_upward(doc.doc_type, doc.main_to_level) and not doc.signer:
        raise ValidationError(f"{doc.doc_type}是上行文，须有签发人才能登记。", field="signer")
    before = _step(session, doc, "登记")
    if number is not None:
        numbering.check_free_number(session, doc.issuer_code, year, number)
    elif allocated is None:
        allocated = numbering.allocate(session, doc.issuer_code, year)
    doc.year, doc.number = year, number or allocated
    doc.doc_number = format_doc_number(doc.issuer_code, year, doc.number)  # type: ignore[arg-type]
    doc.registered_on = day
    _audit(session, "登记" if number is None else "补号登记", doc, before)
    return Registered(doc.id, doc.doc_number, doc.number)  # type: ignore[arg-type]


def print_doc(session: Session, /, outgoing_id: int, copies: int, printed_by: str,
              printed_on: date) -> None:  # fmt: skip
    """印制: 印制份数, 印发机关, 印发日期."""
    require(session, Perm.EDIT_REGISTERS)
    doc = _load(session, outgoing_id)
    if copies < 1:
        raise ValidationError("印制份数至少为1。", field="print_copies")
    before = _step(session, doc, "印制")
    doc.print_copies, doc.printed_by, doc.printed_on = copies, printed_by.strip(), printed_on
    _audit(session, "印制", doc, before)


def dispatch(session: Session, /, outgoing_id: int) -> None:
    """核发: checked and sent out."""
    require(session, Perm.EDIT_REGISTERS)
    doc = _load(session, outgoing_id)
    before = _step(session, doc, "核发")
    _audit(session, "核发", doc, before)


def archive(session: Session, /, outgoing_id: int, archive_code: str = "") -> None:
    """归档: only with the 档号 the archive module gave this 发文 (档案 → 归档)."""
    from app.services.archives.items import check_register_code  # archives reads filing

    require(session, Perm.EDIT_REGISTERS)
    doc = _load(session, outgoing_id)
    code = check_register_code(session, "发文", outgoing_id, archive_code)
    before = _step(session, doc, "归档")
    doc.archive_code = code
    _audit(session, "归档", doc, before)


def void(session: Session, /, outgoing_id: int, reason: str) -> None:
    """作废: the number stays in the register, marked 作废 with the reason, never reused."""
    require(session, Perm.EDIT_REGISTERS)
    doc = _load(session, outgoing_id)
    why = _name(reason, "作废原因", "void_reason")
    before = _step(session, doc, "作废")
    doc.void_reason = why
    _audit(session, "作废", doc, before)


@dataclass(frozen=True)
class SignedForm:
    """A 发文 whose paper already went through 核稿/签发/复核: recorded and registered at once."""

    draft: DraftForm
    checker: str
    signer: str
    signed_on: date
    reviewer: str
    registered_on: date | None = None
    number: int | None = None  # a gap number for a back-dated entry


def enter_signed(session: Session, /, form: SignedForm) -> Registered:
    doc_id = draft(session, form.draft, today=form.registered_on)
    check_draft(session, doc_id, form.checker)
    sign(session, doc_id, form.signer, form.signed_on)
    review(session, doc_id, form.reviewer)
    return register(session, doc_id, on=form.registered_on, number=form.number)

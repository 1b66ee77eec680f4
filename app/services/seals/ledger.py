"""The 用印登记簿: register a use under the rules, void by a new entry, list the entries."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from app.models.base import utcnow
from app.models.seals import Seal, SealLoan, SealStatusRecord, SealUse
from app.services import audit
from app.services.context import Perm, require
from app.services.errors import NotFoundError, ValidationError
from app.services.seals import approvers, chain, outgoing
from app.services.seals.approvers import Staff
from app.services.seals.catalog import approvers_of, get_seal
from app.services.seals.dto import HISTORICAL_MARK, USE, VOID, UseForm, UseRow
from app.services.seals.dto import UseFilter as UseFilter

# The list is hand-written SQL (speed is the spec there); callers find it here as before.
from app.services.seals.ledger_list import count_uses as count_uses
from app.services.seals.ledger_list import list_uses as list_uses

# A clock a few minutes off must not block a registration made "now".
FUTURE_SLACK = timedelta(minutes=10)


def _required(form: UseForm) -> None:
    for field, label in (("applicant", "申请人/经办人"), ("purpose", "用印事由"),
                         ("doc_title", "文件名称")):  # fmt: skip
        if not str(getattr(form, field)).strip():
            raise ValidationError(f"请填写{label}", field)
    if form.copies < 1:
        raise ValidationError("份数至少为 1", "copies")
    if not form.attested:
        raise ValidationError(
            "请确认所盖印文件内容完整、无空白（严禁在空白纸张、空白介绍信或未填写完整的表格上用印）",
            "attested",
        )


def _check_approval(seal: Seal, form: UseForm, staff: Staff) -> None:
    if not form.approver.strip():
        raise ValidationError("未经审批不得用印：请填写审批人", "approver")
    if form.approved_at is None:
        raise ValidationError("请填写审批时间（先审批后用印）", "approved_at")
    _check_approver(seal, form, staff)
    if form.approved_at > form.used_at:
        raise ValidationError("审批时间晚于用印时间：须先审批、后用印", "approved_at")


def _check_approver(seal: Seal, form: UseForm, staff: Staff) -> None:
    """A person on the staff list holding one of the seal's 职务 (exactly); an entry from an
    old register may name someone who has since left the list's active people."""
    name, title = form.approver.strip(), form.approver_title.strip()
    staff.check(seal.name, approvers_of(seal), name, title, former=form.historical)


def _check_seal(
    seal: Seal, used_at: datetime, loans: Iterable[SealLoan], history: Sequence[SealStatusRecord]
) -> None:
    status = status_on(seal, history, used_at)
    if status != "在用":
        raise ValidationError(
            f"印章「{seal.name}」{used_at.astimezone():%Y-%m-%d}为{status}状态，不能用印",
            "seal_id",
        )
    loan = next((loan for loan in loans if _out_at(loan, used_at)), None)
    if loan is not None:
        due = loan.due_at.astimezone().strftime("%Y-%m-%d %H:%M")
        raise ValidationError(
            f"印章「{seal.name}」已外借给{loan.borrower}（应还 {due}），归还前不能在办公室用印",
            "seal_id",
        )


def _loans_over(seal_ids: Iterable[int], moments: list[datetime]) -> Select[SealLoan]:
    """The loans of these seals that were out at some moment between the first and last."""
    return select(SealLoan).where(
        SealLoan.seal_id.in_(seal_ids),
        SealLoan.lent_at <= max(moments),
        or_(SealLoan.returned_at.is_(None), SealLoan.returned_at > min(moments)),
    )


def status_on(seal: Seal, history: Sequence[SealStatusRecord], moment: datetime) -> str:
    """The seal's status on the day of `moment` (an old entry is judged by its own day):
    the last change in effect by then; before any change, 在用."""
    day = moment.astimezone().date()
    if not history:
        return seal.status if seal.status_since is None or seal.status_since <= day else "在用"
    status = "在用"
    for record in history:  # in effective_on order
        if record.effective_on <= day:
            status = record.status
    return status


def _status_records(session: Session, ids: Collection[int]) -> dict[int, list[SealStatusRecord]]:
    stmt = (
        select(SealStatusRecord)
        .where(SealStatusRecord.seal_id.in_(ids))
        .order_by(SealStatusRecord.effective_on, SealStatusRecord.id)
    )
    found: dict[int, list[SealStatusRecord]] = {}
    for record in session.scalars(stmt):
        found.setdefault(record.seal_id, []).append(record)
    return found


def _out_at(loan: SealLoan, moment: datetime) -> bool:
    return loan.lent_at <= moment and (loan.returned_at is None or loan.returned_at > moment)


def _check_time(form: UseForm) -> None:
    if form.used_at.tzinfo is None or (form.approved_at and form.approved_at.tzinfo is None):
        raise ValueError("naive datetime: give a time zone")
    if form.used_at > utcnow() + FUTURE_SLACK:
        raise ValidationError("用印时间不能晚于当前时间", "used_at")


def validate_use(session: Session, form: UseForm) -> None:
    """Every rule of domain §2 for one entry; the first broken rule is raised."""
    use_checker(session, [form])(form)


def use_checker(session: Session, forms: Sequence[UseForm]) -> Callable[[UseForm], None]:
    """validate_use for many entries: their seals, and the loans over their span, are read
    once instead of once an entry."""
    ids = {form.seal_id for form in forms}
    seals = {i: seal for i in ids if (seal := session.get(Seal, i)) is not None}
    loans: dict[int, list[SealLoan]] = {}
    if forms and seals:  # no forms, no span: max() of nothing would raise
        for loan in session.scalars(_loans_over(seals, [form.used_at for form in forms])):
            loans.setdefault(loan.seal_id, []).append(loan)
    history = _status_records(session, list(seals))
    people = approvers.staff(session)

    def check(form: UseForm) -> None:
        _check_time(form)
        seal = seals.get(form.seal_id)
        if seal is None:
            raise ValidationError("请选择印章", "seal_id")
        _check_seal(seal, form.used_at, loans.get(seal.id, ()), history.get(seal.id, ()))
        if form.historical:
            check_historical(seal, form, people)
        else:
            check_use(seal, form, people)

    return check


def check_use(seal: Seal, form: UseForm, staff: Staff) -> None:
    """The rules that need no query: filled in, attested, approved in time by the right one."""
    _required(form)
    _check_approval(seal, form, staff)


def check_historical(seal: Seal, form: UseForm, staff: Staff) -> None:
    """历史补录: what an old register can still show - 份数, an allowed approver, and an
    approval no later than the use when its time was written down."""
    if form.copies < 1:
        raise ValidationError("份数至少为 1", "copies")
    if not form.approver.strip():
        raise ValidationError("未经审批不得用印：请填写审批人", "approver")
    _check_approver(seal, form, staff)
    if form.approved_at is not None and form.approved_at > form.used_at:
        raise ValidationError("审批时间晚于用印时间：须先审批、后用印", "approved_at")


def number_year(used_at: datetime) -> int:
    """用印编号 run per local calendar year of the use."""
    return used_at.astimezone().year


def format_number(year: int, year_no: int) -> str:
    return f"{year}-{year_no:04d}"


def _number(session: Session, used_at: datetime, given: str) -> tuple[int, int, str]:
    year = number_year(used_at)
    if given:
        parsed = parse_number(given, year)
        if number_taken(session, parsed[2]):
            raise ValidationError(f"用印编号 {parsed[2]} 已被使用", "number")
        return parsed
    next_no = last_year_no(session, year) + 1
    return year, next_no, format_number(year, next_no)


def last_year_no(session: Session, year: int) -> int:
    """The highest 用印编号 of the year so far (0 before the first)."""
    return session.scalar(select(func.max(SealUse.year_no)).where(SealUse.year == year)) or 0


def number_taken(session: Session, number: str) -> bool:
    return bool(taken_numbers(session, [number]))


def taken_numbers(session: Session, numbers: Collection[str]) -> set[str]:
    """Those of the 用印编号 given that are already in the register."""
    wanted, taken = list(numbers), set[str]()
    for start in range(0, len(wanted), 500):  # well under SQLite's bound-parameter limit
        stmt = select(SealUse.number).where(SealUse.number.in_(wanted[start : start + 500]))
        taken.update(n or "" for n in session.scalars(stmt))
    return taken


def parse_number(text: str, year: int) -> tuple[int, int, str]:
    head, _, tail = text.strip().partition("-")
    if not (head.isdigit() and tail.isdigit() and int(head) == year and int(tail) >= 1):
        raise ValidationError(f"用印编号应为「{year}-0001」的形式，且年份与用印日期一致", "number")
    return year, int(tail), format_number(year, int(tail))


def register_use(session: Session, /, form: UseForm) -> int:
    """Append one 用印 entry to the chain; returns its id."""
    actor = require(session, Perm.EDIT_REGISTERS)
    seq, prev = chain.lock_head(session)  # first statement: serialises appends
    form = outgoing.fill(session, form)
    validate_use(session, form)
    numbered = _number(session, form.used_at, form.number)
    entry = SealUse(**use_values(form, numbered, actor.display_name, utcnow()))
    return _append(session, entry, seq, prev, "新增", f"用印 {numbered[2]}")


def use_values(
    form: UseForm, numbered: tuple[int, int, str], recorded_by: str, recorded_at: datetime
) -> dict[str, Any]:
    """The columns of a 用印 entry (all but seq and the hashes, which the chain adds)."""
    year, year_no, number = numbered
    return dict(
        kind=USE, year=year, year_no=year_no, number=number, used_at=form.used_at,
        seal_id=form.seal_id, unit=form.unit.strip(), applicant=form.applicant.strip(),
        purpose=form.purpose.strip(), doc_title=form.doc_title.strip(),
        doc_number=form.doc_number.strip(), copies=form.copies, approver=form.approver.strip(),
        approver_title=form.approver_title.strip(), approved_at=form.approved_at,
        supervisor=form.supervisor.strip(), copy_kept=form.copy_kept, note=_note(form),
        attested=not form.historical, historical=form.historical,
        outgoing_id=form.outgoing_id, voids_id=None, void_reason="",
        recorded_by=recorded_by, recorded_at=recorded_at,
    )  # fmt: skip


def _note(form: UseForm) -> str:
    # the mark is the flag's, not the clerk's: a typed one would read as the flag in the hash
    return form.note.strip().removeprefix(HISTORICAL_MARK).strip()


def _append(session: Session, entry: SealUse, seq: int, prev: str, action: str, text: str) -> int:
    chain.link(session, entry, seq, prev)
    session.add(entry)
    session.flush()
    audit.record(session, action, "用印登记", entry.id, after=audit.snapshot(entry), summary=text)
    return entry.id


def void_use(session: Session, /, use_id: int, reason: str) -> int:
    """A correction: a new 作废 entry naming the original and why; the original stays."""
    actor = require(session, Perm.EDIT_REGISTERS)
    seq, prev = chain.lock_head(session)
    original = session.get(SealUse, use_id)
    if original is None:
        raise NotFoundError("找不到该用印登记")
    if original.kind != USE:
        raise ValidationError("作废登记本身不能再作废", "use_id")
    if _voided_by(session, use_id) is not None:
        raise ValidationError(f"用印编号 {original.number} 已作废，不能重复作废", "use_id")
    if not reason.strip():
        raise ValidationError("请填写作废原因", "reason")
    voided = (original.id, original.seal_id, original.number or "")
    entry = SealUse(**void_values(voided, reason, actor.display_name, utcnow()))
    return _append(session, entry, seq, prev, "作废", f"作废用印 {original.number}：{reason}")


def void_values(
    voided: tuple[int, int, str], reason: str, recorded_by: str, now: datetime
) -> dict[str, Any]:
    """The columns of a 作废 entry for voided = (id, seal_id, 用印编号) of the original."""
    use_id, seal_id, number = voided
    return dict(
        kind=VOID, year=None, year_no=None, number=None, used_at=now, seal_id=seal_id,
        unit="", applicant="", purpose="", doc_title="", doc_number="", copies=0, approver="",
        approver_title="", approved_at=None, supervisor="", copy_kept=False,
        note=f"作废 {number}", attested=False, historical=False, outgoing_id=None,
        voids_id=use_id,
        void_reason=reason.strip(), recorded_by=recorded_by, recorded_at=now,
    )  # fmt: skip


def _voided_by(session: Session, use_id: int) -> int | None:
    return session.scalar(select(SealUse.id).where(SealUse.voids_id == use_id))


LEARNED = {"unit": SealUse.unit, "applicant": SealUse.applicant, "purpose": SealUse.purpose,
           "approver": SealUse.approver, "supervisor": SealUse.supervisor}  # fmt: skip


def known_values(session: Session, /, field: str, limit: int = 200) -> list[str]:
    """Values typed before in a field (用印单位, 申请人 …), most used first, for completion."""
    column = LEARNED[field]
    stmt = (
        select(column)
        .where(column != "")
        .group_by(column)
        .order_by(func.count().desc(), column)
        .limit(limit)
    )
    return list(session.scalars(stmt))


def get_use(session: Session, /, use_id: int) -> UseRow:
    entry = session.get(SealUse, use_id)
    if entry is None:
        raise NotFoundError("找不到该用印登记")
    original = session.get(SealUse, entry.voids_id) if entry.voids_id else None
    voids = (original.number, original.used_at) if original else (None, None)
    return _row(entry, get_seal(session, entry.seal_id).name, _voided_by(session, use_id), voids)


def _row(
    u: SealUse, seal_name: str, voided_by: int | None, voids: tuple[str | None, Any]
) -> UseRow:
    return UseRow(
        u.id, u.seq, u.kind, u.number or "", u.used_at, u.seal_id, seal_name, u.unit,
        u.applicant, u.purpose, u.doc_title, u.doc_number, u.copies, u.approver,
        u.approver_title, u.approved_at, u.supervisor, u.copy_kept, u.note, u.attested,
        u.outgoing_id, u.voids_id, u.void_reason, voided_by, u.recorded_by, u.hash,
        voids[0] or "", voids[1], u.historical,
    )  # fmt: skip

"""Seal loans (外借): lend with the approvals local practice asks for, return, overdue."""

from __future__ import annotations

import json
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.base import utcnow
from app.models.seals import Seal, SealLoan
from app.services import audit, records, settings
from app.services.context import Perm, require
from app.services.errors import NotFoundError, ValidationError
from app.services.registry import TodoItem
from app.services.seals import approvers
from app.services.seals.catalog import get_seal
from app.services.seals.dto import Approval, SealLoanForm, SealLoanRow

# Local practice: who must approve taking a seal out (names or 职务), in settings.
LOAN_APPROVERS_KEY = "seals.loan_approvers"
DEFAULT_LOAN_APPROVERS = ["党委书记", "镇长"]


def loan_approvers(session: Session) -> list[str]:
    return list(settings.get(session, LOAN_APPROVERS_KEY, DEFAULT_LOAN_APPROVERS))


def approver_choices(session: Session) -> dict[str, list[str]]:
    """For each 职务 local practice names: the people on the staff list who hold it now."""
    staff = approvers.staff(session)
    return {needed: [p.name for p in staff.holding([needed])] for needed in loan_approvers(session)}


def end_of_day(moment: datetime) -> datetime:
    """The default 应还时间: 23:59 of the day the seal went out, local time."""
    local = moment.astimezone()
    return datetime.combine(local.date(), time(23, 59, 59), local.tzinfo)


def _check_approvals(session: Session, seal: Seal, form: SealLoanForm) -> list[Approval]:
    """Every 职务 (or person) local practice names approved, each approver a person on the
    staff list holding that 职务: a typed "门卫老张 / 镇长" proves nothing."""
    given = [a for a in form.approvals if a.name.strip()]
    needed_all = loan_approvers(session)
    staff = approvers.staff(session)
    for a in given:
        try:
            staff.check(seal.name, needed_all, a.name.strip(), a.title.strip(),
                        former=False, act="外借")  # fmt: skip
        except ValidationError as refused:
            raise ValidationError(str(refused), "approvals") from refused
    for needed in needed_all:
        if not any(needed in (a.name.strip(), a.title.strip()) for a in given):
            raise ValidationError(f"印章外借须经{needed}批准", "approvals")
    for a in given:
        if a.at is None:
            raise ValidationError(f"请填写{a.name}的批准时间", "approvals")
        if a.at > form.lent_at:
            raise ValidationError(f"{a.name}的批准时间晚于借出时间：须先批准、后借出", "approvals")
    return given


def _check_loan(session: Session, seal: Seal, form: SealLoanForm, due: datetime) -> None:
    if seal.status != "在用":
        raise ValidationError(f"印章「{seal.name}」当前为{seal.status}状态，不能外借", "seal_id")
    if open_loan(session, seal.id) is not None:
        raise ValidationError(f"印章「{seal.name}」已外借未还", "seal_id")
    if not form.borrower.strip():
        raise ValidationError("请填写借用人", "borrower")
    if not form.purpose.strip():
        raise ValidationError("请填写外借事由", "purpose")
    if due <= form.lent_at:
        raise ValidationError("应还时间须晚于借出时间", "due_at")


def lend(session: Session, /, form: SealLoanForm) -> int:
    actor = require(session, Perm.EDIT_REGISTERS)
    seal = get_seal(session, form.seal_id)
    due = form.due_at or end_of_day(form.lent_at)
    _check_loan(session, seal, form, due)
    approvals = _check_approvals(session, seal, form)
    loan = SealLoan(
        seal_id=seal.id, borrower=form.borrower.strip(), purpose=form.purpose.strip(),
        approvals_json=_dump(approvals), lent_at=form.lent_at, due_at=due,
        lent_by=actor.display_name, note=form.note.strip(),
    )  # fmt: skip
    session.add(loan)
    session.flush()
    audit.record(session, "新增", "印章外借", loan.id, after=audit.snapshot(loan),
                 summary=f"{seal.name} 借给 {loan.borrower}")  # fmt: skip
    return loan.id


def return_seal(
    session: Session, /, loan_id: int, received_by: str, returned_at: datetime | None = None
) -> None:
    require(session, Perm.EDIT_REGISTERS)
    loan = session.get(SealLoan, loan_id)
    if loan is None:
        raise NotFoundError("找不到该外借记录")
    if not received_by.strip():
        raise ValidationError("请填写接收人", "received_by")
    when = returned_at or utcnow()
    summary = f"归还，接收人 {received_by.strip()}"
    with records.changed(session, "修改", "印章外借", loan, summary, rule=lambda: _out(loan)):
        if when < loan.lent_at:
            raise ValidationError("归还时间不能早于借出时间", "returned_at")
        loan.returned_at, loan.received_by = when, received_by.strip()


def _out(loan: SealLoan) -> None:
    """外借's rule for 归还: once only (a loan has no state column: 归还时间 says it)."""
    if loan.returned_at is not None:
        raise ValidationError("该印章已归还", "loan_id")


def open_loan(session: Session, seal_id: int) -> SealLoan | None:
    stmt = select(SealLoan).where(SealLoan.seal_id == seal_id, SealLoan.returned_at.is_(None))
    return session.scalars(stmt).first()


def _dump(approvals: list[Approval]) -> str:
    items = [{"姓名": a.name.strip(), "职务": a.title.strip(),
              "时间": a.at.isoformat() if a.at else None} for a in approvals]  # fmt: skip
    return json.dumps(items, ensure_ascii=False)


def _load(text: str) -> tuple[Approval, ...]:
    return tuple(
        Approval(i["姓名"], i["职务"], datetime.fromisoformat(i["时间"]) if i["时间"] else None)
        for i in json.loads(text)
    )


def _row(loan: SealLoan, seal_name: str, now: datetime) -> SealLoanRow:
    overdue = loan.returned_at is None and loan.due_at < now
    return SealLoanRow(loan.id, loan.seal_id, seal_name, loan.borrower, loan.purpose,
                   _load(loan.approvals_json), loan.lent_at, loan.due_at, loan.returned_at,
                   loan.received_by, overdue, loan.version)  # fmt: skip


def list_loans(session: Session, /, open_only: bool = False, limit: int = 500) -> list[SealLoanRow]:
    stmt = select(SealLoan, Seal.name).join(Seal).order_by(SealLoan.lent_at.desc()).limit(limit)
    if open_only:
        stmt = stmt.where(SealLoan.returned_at.is_(None))
    now = utcnow()
    return [_row(loan, name, now) for loan, name in session.execute(stmt)]


def overdue(session: Session, /, now: datetime | None = None) -> list[SealLoanRow]:
    now = now or utcnow()
    return [r for r in list_loans(session, open_only=True) if r.due_at < now]


def todo(session: Session, today: date) -> list[TodoItem]:
    """首页: every seal out of the office; overdue ones first and marked 逾期."""
    items = []
    now = utcnow()
    for row in sorted(list_loans(session, open_only=True), key=lambda r: r.due_at):
        due_day = row.due_at.astimezone().date()
        late = row.due_at < now
        items.append(TodoItem(
            module="用印", title=f"印章「{row.seal_name}」外借未还",
            detail=f"借用人 {row.borrower}，应还 {row.due_at.astimezone():%Y-%m-%d %H:%M}",
            due=due_day, days_left=(due_day - today).days,
            severity="逾期" if late else ("今日" if due_day == today else "提示"),
            page="seals", ref_id=row.id, due_at=row.due_at,
            action=f"向{row.borrower}收回印章" if late else f"按时向{row.borrower}收回印章",
        ))  # fmt: skip
    return items

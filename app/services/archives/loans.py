"""借阅: the register, approvals for 借出 and for any 件 with a 密级, returns and overdue."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app import clock
from app.db import dialect
from app.models.archives import IN_STOCK, ArchiveItem, ArchiveLoan
from app.reports.archives import LoanRow
from app.services import audit, settings, versions
from app.services.archives.queries import CatalogFilter, list_items
from app.services.context import Perm, require
from app.services.errors import NotFoundError, ValidationError
from app.services.registry import TODO_LIMIT, TodoItem, more_line

MODES = ("查阅", "借出", "复制", "摘抄")
LENT_OUT = "借出"  # the only 方式 under which the paper leaves the 档案室
# Local practice: who may approve (names or 职务), in settings.
APPROVERS_KEY = "archives.loan_approvers"
DEFAULT_APPROVERS = ["党政办主任", "分管领导"]


def approvers(session: Session) -> list[str]:
    return [str(x) for x in settings.get(session, APPROVERS_KEY, DEFAULT_APPROVERS)]


def save_approvers(session: Session, /, names: list[str]) -> list[str]:
    clean = list(dict.fromkeys(n.strip() for n in names if n.strip()))
    if not clean:
        raise ValidationError("至少填写一名借阅批准人")
    settings.put(session, APPROVERS_KEY, clean)
    return clean


@dataclass(frozen=True)
class LoanForm:
    """What the clerk enters for one 借阅."""

    item_id: int
    loaned_on: date
    borrower: str
    unit: str
    purpose: str
    mode: str
    approver: str = ""
    due_on: date | None = None
    handler: str = ""


@dataclass(frozen=True)
class Loan(LoanRow):
    """A register line with its ids and whether it is overdue."""

    id: int = 0
    item_id: int = 0
    overdue_days: int = 0  # days past 应还日期, not yet returned
    version: int = 1  # the 归还 form sends it back


def lend(session: Session, /, form: LoanForm) -> Loan:
    """Register a 借阅; 借出 and any 件 with a 密级 need an approver from the list."""
    require(session, Perm.EDIT_ARCHIVES)
    item = session.get(ArchiveItem, form.item_id)
    if item is None:
        raise NotFoundError("所选档案不存在，请重新检索")
    form = _checked(session, form, item)
    loan = ArchiveLoan(
        item_id=item.id,
        archive_code=item.archive_code,
        title=item.title,
        loaned_on=form.loaned_on,
        borrower=form.borrower,
        unit=form.unit,
        purpose=form.purpose,
        mode=form.mode,
        approver=form.approver,
        due_on=form.due_on,
        handler=form.handler,
    )
    session.add(loan)
    session.flush()
    audit.record(
        session,
        "借阅",
        "档案借阅",
        loan.id,
        summary=f"{form.borrower}{form.mode} {item.archive_code}",
    )
    return _loan(loan, clock.today())


def _checked(session: Session, form: LoanForm, item: ArchiveItem) -> LoanForm:
    form = replace(
        form,
        borrower=form.borrower.strip(),
        unit=form.unit.strip(),
        purpose=form.purpose.strip(),
        approver=form.approver.strip(),
        handler=form.handler.strip(),
    )
    if item.status != IN_STOCK:
        raise ValidationError(f"{item.archive_code} {item.status}，不能借阅", "item_id")
    if not form.borrower:
        raise ValidationError("请填写借阅人", "borrower")
    if form.mode not in MODES:
        raise ValidationError("利用方式只能是 查阅、借出、复制 或 摘抄", "mode")
    if not form.purpose:
        raise ValidationError("请填写利用目的", "purpose")
    if form.loaned_on > clock.today():
        raise ValidationError("借阅日期不能晚于今天", "loaned_on")
    _check_approval(session, form, item)
    if form.mode == LENT_OUT:
        if form.due_on is None or form.due_on < form.loaned_on:
            raise ValidationError("借出须填写应还日期，且不早于借阅日期", "due_on")
        if out_item_ids(session, [item.id]):
            raise ValidationError(f"{item.archive_code} 已借出未还，不能再借出", "item_id")
    return form


def _check_approval(session: Session, form: LoanForm, item: ArchiveItem) -> None:
    why = "借出" if form.mode == LENT_OUT else (f"{item.secrecy}件" if item.secrecy else "")
    if not why:
        return
    allowed = approvers(session)
    if form.approver not in allowed:
        raise ValidationError(f"{why}须经批准：批准人应为 {'、'.join(allowed)} 之一", "approver")


def return_loan(
    session: Session, /, loan_id: int, returned_on: date | None = None, version: int | None = None
) -> Loan:
    """Record the 实还日期 (today unless given); refused on a stale copy of the line."""
    require(session, Perm.EDIT_ARCHIVES)
    loan = session.get(ArchiveLoan, loan_id)
    if loan is None:
        raise NotFoundError("借阅记录不存在")
    versions.check(session, loan, version, "档案借阅", f"{loan.archive_code} 的借阅登记")
    if loan.returned_on is not None:
        raise ValidationError(f"该件已于 {loan.returned_on:%Y-%m-%d} 归还")
    day = returned_on or clock.today()
    if day < loan.loaned_on or day > clock.today():
        raise ValidationError("归还日期应在借阅日期与今天之间", "returned_on")
    loan.returned_on = day
    loan.version += 1
    audit.record(session, "归还", "档案借阅", loan.id, summary=f"{loan.archive_code} 归还")
    return _loan(loan, clock.today())


def out_item_ids(session: Session, item_ids: list[int] | None = None) -> set[int]:
    """件 that are out now (借出, not returned); all of them, or among item_ids."""
    query = select(ArchiveLoan.item_id).where(
        ArchiveLoan.mode == LENT_OUT, ArchiveLoan.returned_on.is_(None)
    )
    if item_ids is not None:
        query = query.where(ArchiveLoan.item_id.in_(item_ids))
    return set(session.scalars(query))


def list_loans(
    session: Session, /, year: int | None = None, open_only: bool = False, text: str = ""
) -> list[Loan]:
    """The register, newest first; a year by 借阅日期, or the open 借出 only."""
    query = select(ArchiveLoan)
    if year is not None:
        query = query.where(ArchiveLoan.loaned_on.between(date(year, 1, 1), date(year, 12, 31)))
    if open_only:
        query = query.where(ArchiveLoan.mode == LENT_OUT, ArchiveLoan.returned_on.is_(None))
    if text.strip():
        word = text.strip()
        columns = (ArchiveLoan.borrower, ArchiveLoan.title, ArchiveLoan.archive_code)
        query = query.where(or_(*(dialect.contains(c, word) for c in columns)))
    query = query.order_by(ArchiveLoan.loaned_on.desc(), ArchiveLoan.id.desc())
    today = clock.today()
    return [_loan(loan, today) for loan in session.scalars(query)]


def _loan(loan: ArchiveLoan, today: date) -> Loan:
    late = 0
    if loan.returned_on is None and loan.due_on is not None and loan.due_on < today:
        late = (today - loan.due_on).days
    return Loan(
        loan.loaned_on,
        loan.borrower,
        loan.unit,
        loan.archive_code,
        loan.title,
        loan.purpose,
        loan.mode,
        loan.approver,
        loan.due_on,
        loan.returned_on,
        loan.handler,
        loan.id,
        loan.item_id,
        late,
        loan.version,
    )


def todo(session: Session, today: date) -> list[TodoItem]:
    """首页: 借出 件 past their 应还日期, most overdue first."""
    late = (ArchiveLoan.returned_on.is_(None), ArchiveLoan.due_on < today)
    total = session.scalar(select(func.count()).select_from(ArchiveLoan).where(*late)) or 0
    rows = session.scalars(
        select(ArchiveLoan).where(*late).order_by(ArchiveLoan.due_on).limit(TODO_LIMIT)
    )
    items = [
        TodoItem(
            "档案",
            f"档案逾期未还：{r.archive_code}",
            f"{r.borrower}（{r.unit}）{r.mode}《{r.title}》",
            r.due_on,
            (r.due_on - today).days,
            "逾期",
            "档案",
            r.id,
            action="催还",
            filter="逾期",
        )
        for r in rows
        if r.due_on is not None
    ]
    return items + more_line("档案", total - len(items), "档案逾期未还", "档案")


@dataclass(frozen=True)
class Pick:
    """A 件 found by the 借阅 search: 档号 and 题名, and whether it is out."""

    id: int
    archive_code: str
    title: str
    secrecy: str
    out: bool


def search_items(session: Session, /, text: str, limit: int = 30) -> list[Pick]:
    """件 in stock whose 档号, 题名, 文号 or 责任者 hold every word, for picking a 借阅: the
    目录's own search (its full-text indexes, not a scan of every 件 at each keystroke)."""
    if not text.strip():
        return []
    rows = list_items(session, CatalogFilter(text=text.strip(), status=IN_STOCK), limit=limit)
    return [Pick(r.id, r.archive_code, r.title, r.secrecy, r.out) for r in rows]

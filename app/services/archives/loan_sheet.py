"""`import archive-loans`: a hand-kept 借阅登记簿, every row checked, then all rows or none."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.common.dates import parse_date
from app.models.archives import ArchiveItem
from app.services import headers
from app.services.archives import loans
from app.services.context import Perm, require
from app.services.errors import DomainError, ImportRejected, RowError

LOAN_COLUMNS = headers.ARCHIVE_LOANS
_FIELDS = {
    "borrower": "借阅人",
    "mode": "方式",
    "purpose": "利用目的",
    "approver": "批准人",
    "due_on": "应还日期",
    "loaned_on": "借阅日期",
    "item_id": "档号",
    "returned_on": "实还日期",
}


def _text(row: dict[str, Any], name: str) -> str:
    value = row.get(name)
    return "" if value is None else str(value).strip()


def load_loans(session: Session, rows: list[dict[str, Any]]) -> int:
    """Each row through the same rules as a typed 借阅; any bad row rejects the sheet."""
    require(session, Perm.EDIT_ARCHIVES)
    codes = {_text(r, "档号") for r in rows}
    items = dict(
        session.execute(
            select(ArchiveItem.archive_code, ArchiveItem.id).where(
                ArchiveItem.archive_code.in_(codes)
            )
        ).all()
    )
    errors: list[RowError] = []
    for row in rows:
        try:
            with session.begin_nested():
                _load_row(session, row, items)
        except DomainError as exc:
            errors.append(
                RowError(
                    row["_row"], _FIELDS.get(getattr(exc, "field", "") or "", "档号"), exc.message
                )
            )
    if errors:
        raise ImportRejected(errors)
    return len(rows)


def _load_row(session: Session, row: dict[str, Any], items: dict[str, int]) -> None:
    from app.services.errors import ValidationError

    code = _text(row, "档号")
    if code not in items:
        raise ValidationError(f"档号 {code or '（空）'} 不在档案目录中", "item_id")
    day = parse_date(row.get("借阅日期"))
    if day is None:
        raise ValidationError("借阅日期无法识别", "loaned_on")
    form = loans.LoanForm(
        items[code],
        day,
        _text(row, "借阅人"),
        _text(row, "单位"),
        _text(row, "利用目的"),
        _text(row, "方式"),
        _text(row, "批准人"),
        parse_date(row.get("应还日期")),
        _text(row, "经办人"),
    )
    loan = loans.lend(session, form)
    returned = parse_date(row.get("实还日期"))
    if returned is not None:
        loans.return_loan(session, loan.id, returned)

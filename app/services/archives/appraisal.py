"""鉴定, 销毁 and 移交: nothing is deleted; a 件 is marked 已销毁 or 已移交 with who and when."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from app.models.archives import DESTROYED, IN_STOCK, TRANSFERRED, Appraisal, ArchiveItem
from app.reports.archives import DisposalRow
from app.services import audit
from app.services.archives.loans import out_item_ids
from app.services.archives.vocab import (
    NEVER,
    PERIOD_YEARS,
    TRANSFER_AFTER_YEARS,
    TRANSFERRED_PERIODS,
    period_code,
    period_name,
)
from app.services.context import Perm, require
from app.services.errors import NotFoundError, ValidationError

KEEP, DESTROY = "续存", "销毁"


def catalog_order() -> tuple[Any, ...]:
    """档号 order: 年度, then 永久 / 定期30年 / 定期10年, then 机构, then 件号."""
    rank = case({"Y": 0, "D30": 1, "D10": 2}, value=ArchiveItem.period, else_=9)
    return (ArchiveItem.year, rank, ArchiveItem.org_code, ArchiveItem.item_no)


def expiry_year(year: int, period: str, retain_until_year: int | None = None) -> int:
    """The last year a 件 must be kept: D10 of 年度 2015 counts 2016–2025, so 2025."""
    if retain_until_year is not None:
        return retain_until_year
    return year + PERIOD_YEARS[period] if period in PERIOD_YEARS else NEVER


def _expiry_sql() -> ColumnElement[int]:
    by_period = case(
        *(
            (ArchiveItem.period == code, ArchiveItem.year + years)
            for code, years in PERIOD_YEARS.items()
        ),
        else_=NEVER,
    )
    return func.coalesce(ArchiveItem.retain_until_year, by_period)


@dataclass(frozen=True)
class DueItem:
    """A 件 due for 鉴定 or 移交, and the latest 鉴定 decision on it."""

    id: int
    archive_code: str
    title: str
    year: int
    period: str
    expires: int  # the last year of its period
    decision: str  # "" / 续存 / 销毁


def due_for_appraisal(session: Session, /, today: date) -> list[DueItem]:
    """件 in stock whose 保管期限 ran out before this year (still listed once 销毁 is decided)."""
    query = (
        select(ArchiveItem, _expiry_sql())
        .where(ArchiveItem.status == IN_STOCK, _expiry_sql() < today.year)
        .order_by(*catalog_order())
    )
    rows = session.execute(query).all()
    decisions = _last_decisions(session, [item.id for item, _ in rows])
    return [
        DueItem(i.id, i.archive_code, i.title, i.year, i.period, end, decisions.get(i.id, ""))
        for i, end in rows
    ]


def _last_decisions(session: Session, ids: Sequence[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    query = select(Appraisal.item_id, Appraisal.decision).where(Appraisal.item_id.in_(ids))
    for item_id, decision in session.execute(query.order_by(Appraisal.id)):
        found[item_id] = decision  # the later decision wins
    return found


@dataclass(frozen=True)
class AppraisalForm:
    """A 鉴定 decision on some 件: 续存 (with the new period) or 销毁."""

    item_ids: Sequence[int]
    decision: str
    panel: str  # 鉴定小组 members
    decided_on: date
    new_period: str = ""  # for 续存: Y / D30 / D10
    reason: str = ""


def appraise(session: Session, /, form: AppraisalForm) -> int:
    """Record the decision on each 件; 续存 moves its period on, 销毁 waits for the 销毁."""
    require(session, Perm.EDIT_ARCHIVES)
    if form.decision not in (KEEP, DESTROY):
        raise ValidationError("鉴定结论只能是 续存 或 销毁", "decision")
    if not form.panel.strip():
        raise ValidationError("请填写鉴定小组成员", "panel")
    new = period_code(form.new_period) if form.decision == KEEP else ""
    until = None
    if new:
        until = NEVER if new == "Y" else form.decided_on.year + PERIOD_YEARS[new]
    items = _in_stock(session, form.item_ids)
    if form.decision == DESTROY:
        _check_expired(items, form.decided_on)
    for item in items:
        session.add(
            Appraisal(
                item_id=item.id,
                decided_on=form.decided_on,
                decision=form.decision,
                new_period=new,
                retain_until_year=until,
                panel=form.panel.strip(),
                reason=form.reason.strip(),
            )
        )
        if until is not None:
            item.retain_until_year = until
        audit.record(
            session,
            "鉴定",
            "档案",
            item.id,
            summary=f"{item.archive_code} {form.decision}{period_name(new)}",
        )
    return len(form.item_ids)


def _check_expired(items: Sequence[ArchiveItem], on: date) -> None:
    """Only a 件 whose 保管期限 has run out may be appraised for 销毁 (a 永久 件 never)."""
    for item in items:
        end = expiry_year(item.year, item.period, item.retain_until_year)
        if end >= on.year:
            shown = "永久保存" if end == NEVER else f"保管至{end}年底"
            raise ValidationError(f"{item.archive_code} {shown}，保管期限未满，不能鉴定为销毁")


def _in_stock(session: Session, ids: Sequence[int]) -> list[ArchiveItem]:
    if not ids:
        raise ValidationError("请先选择文件")
    items = list(session.scalars(select(ArchiveItem).where(ArchiveItem.id.in_(set(ids)))))
    if len(items) != len(set(ids)):
        raise NotFoundError("所选文件有的已不存在，请刷新后重试")
    for item in items:
        if item.status != IN_STOCK:
            raise ValidationError(f"{item.archive_code} {item.status}")
    return sorted(items, key=lambda item: item.archive_code)


@dataclass(frozen=True)
class DisposalForm:
    """A 销毁 or 移交 batch: the 清册号, the day and the people who sign it."""

    item_ids: Sequence[int]
    batch: str
    on: date
    by: str  # 经办人
    supervisor: str = ""  # 监销人 (销毁 only)


def destroy(session: Session, /, form: DisposalForm) -> int:
    """Mark 件 已销毁 (never delete them): each needs a 鉴定 decision 销毁 and must be in."""
    require(session, Perm.EDIT_ARCHIVES)
    _check_batch(form)
    if not form.supervisor.strip():
        raise ValidationError("销毁须有监销人", "supervisor")
    items = _in_stock(session, form.item_ids)
    decided = _last_decisions(session, [i.id for i in items])
    for item in items:
        if decided.get(item.id) != DESTROY:
            raise ValidationError(f"{item.archive_code} 未经鉴定为销毁，不能销毁")
    _check_not_out(session, items)
    for item in items:
        item.status, item.destroyed_on = DESTROYED, form.on
        item.destroyed_by, item.destroy_supervisor = form.by.strip(), form.supervisor.strip()
        item.destroy_batch = form.batch.strip()
    audit.record(
        session,
        "销毁",
        "档案",
        form.batch,
        summary=f"销毁清册 {form.batch} 共 {len(items)} 件，监销人 {form.supervisor}",
    )
    return len(items)


def transfer(session: Session, /, form: DisposalForm) -> int:
    """Mark 件 已移交 to the county archive (they stay listed, with the 移交清册号)."""
    require(session, Perm.EDIT_ARCHIVES)
    _check_batch(form)
    items = _in_stock(session, form.item_ids)
    _check_not_out(session, items)
    for item in items:
        item.status, item.transferred_on = TRANSFERRED, form.on
        item.transferred_by, item.transfer_batch = form.by.strip(), form.batch.strip()
    audit.record(
        session, "移交", "档案", form.batch, summary=f"移交清册 {form.batch} 共 {len(items)} 件"
    )
    return len(items)


def _check_batch(form: DisposalForm) -> None:
    if not form.batch.strip():
        raise ValidationError("请填写清册号", "batch")
    if not form.by.strip():
        raise ValidationError("请填写经办人", "by")


def _check_not_out(session: Session, items: Sequence[ArchiveItem]) -> None:
    out = out_item_ids(session, [i.id for i in items])
    if out:
        codes = "、".join(i.archive_code for i in items if i.id in out)
        raise ValidationError(f"{codes} 借出未还，须先归还")


def due_for_transfer(session: Session, /, today: date) -> list[DueItem]:
    """永久 and 定期30年 件 in stock, 10 years or more after their 年度."""
    query = (
        select(ArchiveItem)
        .where(
            ArchiveItem.status == IN_STOCK,
            ArchiveItem.period.in_(TRANSFERRED_PERIODS),
            ArchiveItem.year + TRANSFER_AFTER_YEARS <= today.year,
        )
        .order_by(*catalog_order())
    )
    return [
        DueItem(
            i.id,
            i.archive_code,
            i.title,
            i.year,
            i.period,
            expiry_year(i.year, i.period, i.retain_until_year),
            "",
        )
        for i in session.scalars(query)
    ]


def batch_rows(
    session: Session, /, kind: str, batch: str = "", ids: Sequence[int] = ()
) -> list[DisposalRow]:
    """The 件 of a 清册: a done batch by its number, or the chosen ids before it is done."""
    query = select(ArchiveItem).order_by(ArchiveItem.archive_code)
    if ids:
        query = query.where(ArchiveItem.id.in_(ids))
    elif kind == DESTROY:  # no batch: every 件 destroyed so far
        query = query.where(ArchiveItem.status == DESTROYED)
        query = query.where(ArchiveItem.destroy_batch == batch) if batch else query
    else:
        query = query.where(ArchiveItem.status == TRANSFERRED)
        query = query.where(ArchiveItem.transfer_batch == batch) if batch else query
    return [
        DisposalRow(
            i.archive_code,
            i.doc_no,
            i.author,
            i.title,
            i.doc_date,
            period_name(i.period),
            i.pages,
            i.note,
        )
        for i in session.scalars(query)
    ]

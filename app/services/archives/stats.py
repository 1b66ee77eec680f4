"""档案室基本情况年报: holdings by 年度 × 保管期限 (× 机构); the year's 归档, 借阅, 销毁, 移交."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.archives import DESTROYED, IN_STOCK, TRANSFERRED, ArchiveItem, ArchiveLoan
from app.reports.archives import StatsReturn
from app.services import settings
from app.services.archives.vocab import PERIOD_NAMES


def _year_span(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def annual_return(session: Session, /, year: int, by_org: bool = False) -> StatsReturn:
    """The figures for `year`: holdings in stock at its end, and what the year did."""
    first, last = _year_span(year)
    return StatsReturn(
        unit=settings.org_name(session),
        year=year,
        periods=list(PERIOD_NAMES.values()),
        by_year=holdings(session, year, by_org),
        added=_count(
            session,
            ArchiveItem.created_at >= _start(first),
            ArchiveItem.created_at < _start(date(year + 1, 1, 1)),
        ),
        loan_people=_loans(session, first, last, people=True),
        loan_items=_loans(session, first, last, people=False),
        destroyed=_count(
            session, ArchiveItem.status == DESTROYED, ArchiveItem.destroyed_on.between(first, last)
        ),
        transferred=_count(
            session,
            ArchiveItem.status == TRANSFERRED,
            ArchiveItem.transferred_on.between(first, last),
        ),
        held=_count(session, ArchiveItem.status == IN_STOCK, ArchiveItem.year <= year),
    )


def _start(day: date) -> datetime:
    """created_at is stored in UTC: the local midnight that opens the day, in UTC."""
    from app.common.dates import local_midnight

    return local_midnight(day)


def _count(session: Session, *where: object) -> int:
    return session.scalar(select(func.count()).select_from(ArchiveItem).where(*where)) or 0  # type: ignore[arg-type]


def _loans(session: Session, first: date, last: date, *, people: bool) -> int:
    """借阅人次 counts a borrower once a day; 件次 counts every line."""
    within = ArchiveLoan.loaned_on.between(first, last)
    lines = select(ArchiveLoan.loaned_on, ArchiveLoan.borrower).where(within)
    if people:
        lines = lines.distinct()
    return session.scalar(select(func.count()).select_from(lines.subquery())) or 0


def holdings(session: Session, /, up_to: int, by_org: bool = False) -> list[tuple[str, list[int]]]:
    """件 in stock per 年度 (and 机构) up to a year, counted per 保管期限 in PERIOD_NAMES order."""
    keys = [ArchiveItem.year, *([ArchiveItem.org_code] if by_org else [])]
    query = (
        select(*keys, ArchiveItem.period, func.count())
        .where(ArchiveItem.status == IN_STOCK, ArchiveItem.year <= up_to)
        .group_by(*keys, ArchiveItem.period)
        .order_by(*keys)
    )
    table: dict[str, list[int]] = {}
    codes = list(PERIOD_NAMES)
    for *key, period, count in session.execute(query):
        name = " ".join(str(k) for k in key if k != "")
        counts = table.setdefault(name, [0] * len(codes))
        if period in codes:
            counts[codes.index(period)] += count
    return list(table.items())

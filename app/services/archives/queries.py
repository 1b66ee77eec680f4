"""The 目录 list and search: one box over 题名/文号/责任者/档号, filters, pages in 档号 order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, case, exists, func, or_, select
from sqlalchemy.orm import Session

from app.db.fulltext import MIN_MATCH, match_ids
from app.models.archives import ArchiveBox, ArchiveItem, ArchiveLoan
from app.services.archives import scheme
from app.services.archives.codes import ORDER_ORG_PERIOD
from app.services.filing.filters import like_pattern

LENT = "借出"
NO_SECRECY = "无"  # the filter value for 件 without a 密级


@dataclass(frozen=True)
class CatalogFilter:
    text: str = ""
    year: int | None = None
    period: str = ""  # Y / D30 / D10
    org_code: str = ""
    secrecy: str = ""  # 秘密/机密/绝密, NO_SECRECY, or "" for all
    out_only: bool = False  # only 件 lent out (借出, not yet back)
    status: str = ""  # 在库 / 已销毁 / 已移交


@dataclass(frozen=True)
class ItemRow:
    id: int
    archive_code: str
    year: int
    period: str
    org_code: str
    item_no: int
    doc_no: str
    author: str
    title: str
    doc_date: date | None
    secrecy: str
    pages: int
    note: str
    box_no: int | None
    status: str
    out: bool  # lent out (借出) and not back
    incoming_id: int | None
    outgoing_id: int | None
    version: int

    @property
    def date8(self) -> str:
        """日期 as the 目录 prints it: 8 digits."""
        return self.doc_date.strftime("%Y%m%d") if self.doc_date else ""


_TEXT = (ArchiveItem.title, ArchiveItem.doc_no, ArchiveItem.author, ArchiveItem.archive_code)
_OUT = exists().where(ArchiveLoan.item_id == ArchiveItem.id, ArchiveLoan.mode == LENT,
                      ArchiveLoan.returned_on.is_(None))  # fmt: skip
_PERIOD_RANK = case({"Y": 0, "D30": 1, "D10": 2}, value=ArchiveItem.period, else_=3)


def _text_clause(text: str) -> ColumnElement[bool] | None:
    words = text.split()
    parts: list[ColumnElement[bool]] = []
    long = [w for w in words if len(w) >= MIN_MATCH]
    if long:
        parts.append(ArchiveItem.id.in_(match_ids("archive_fts", long)))
    for word in (w for w in words if len(w) < MIN_MATCH):
        pattern = like_pattern(word)
        parts.append(or_(*(c.like(pattern, escape="\\") for c in _TEXT)))
    return and_(*parts) if parts else None


def _where(flt: CatalogFilter) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if (clause := _text_clause(flt.text)) is not None:
        found.append(clause)
    if flt.year:
        found.append(ArchiveItem.year == flt.year)
    if flt.period:
        found.append(ArchiveItem.period == flt.period)
    if flt.org_code:
        found.append(ArchiveItem.org_code == flt.org_code)
    if flt.secrecy == NO_SECRECY:
        found.append(ArchiveItem.secrecy == "")
    elif flt.secrecy:
        found.append(ArchiveItem.secrecy == flt.secrecy)
    if flt.out_only:
        found.append(_OUT)
    if flt.status:
        found.append(ArchiveItem.status == flt.status)
    return found


def _order(session: Session, sort: tuple[str, bool] | None) -> list[Any]:
    """档号 order (年度, 永久-30年-10年, 机构, 件号) unless a column is sorted."""
    if sort and sort[0] == "doc_date":
        column = ArchiveItem.doc_date.desc() if sort[1] else ArchiveItem.doc_date
        return [column, ArchiveItem.id]
    levels = [_PERIOD_RANK, ArchiveItem.org_code]
    if scheme.load(session).order == ORDER_ORG_PERIOD:
        levels.reverse()
    keys = [ArchiveItem.year, *levels, ArchiveItem.item_no]
    return [k.desc() for k in keys] if sort and sort[1] else keys


def _select():
    return select(ArchiveItem.id, ArchiveItem.archive_code, ArchiveItem.year,
                  ArchiveItem.period, ArchiveItem.org_code, ArchiveItem.item_no,
                  ArchiveItem.doc_no, ArchiveItem.author, ArchiveItem.title,
                  ArchiveItem.doc_date, ArchiveItem.secrecy, ArchiveItem.pages,
                  ArchiveItem.note, ArchiveBox.box_no, ArchiveItem.status, _OUT.label("out"),
                  ArchiveItem.incoming_id, ArchiveItem.outgoing_id, ArchiveItem.version,
                  ).outerjoin(ArchiveBox, ArchiveBox.id == ArchiveItem.box_id)  # fmt: skip


def list_items(session: Session, /, flt: CatalogFilter, *, offset: int = 0, limit: int = 200,
               sort: tuple[str, bool] | None = None) -> list[ItemRow]:  # fmt: skip
    stmt = _select().where(*_where(flt)).order_by(*_order(session, sort))
    rows = session.execute(stmt.offset(offset).limit(limit))
    return [ItemRow(*r) for r in rows]


def count_items(session: Session, /, flt: CatalogFilter) -> int:
    stmt = select(func.count()).select_from(ArchiveItem).where(*_where(flt))
    return int(session.scalar(stmt) or 0)


def get_item(session: Session, /, item_id: int) -> ItemRow | None:
    row = session.execute(_select().where(ArchiveItem.id == item_id)).first()
    return None if row is None else ItemRow(*row)


def years(session: Session) -> list[int]:
    """The 年度 that have 件, newest first (the year filter's choices)."""
    stmt = select(ArchiveItem.year).distinct().order_by(ArchiveItem.year.desc())
    return [int(y) for y in session.scalars(stmt)]


def counts_by_period(session: Session, /, year: int) -> dict[str, int]:
    stmt = (select(ArchiveItem.period, func.count()).where(ArchiveItem.year == year)
            .group_by(ArchiveItem.period))  # fmt: skip
    return {str(p): int(n) for p, n in session.execute(stmt)}

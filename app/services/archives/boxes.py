"""装盒: boxes that never mix 年度, 保管期限 or 机构; 盒号 per category; the 备考表 fields."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.archives import IN_STOCK, ArchiveBox, ArchiveItem, ArchiveOrg
from app.reports.archive_labels import BoxDoc
from app.services import audit, counters, settings, versions
from app.services.archives.appraisal import catalog_order
from app.services.archives.vocab import period_code, period_name
from app.services.context import Perm, require
from app.services.errors import NotFoundError, ValidationError

THICKNESSES = (2, 3, 4, 5)  # cm, the box sizes DA/T 22-2015 allows


@dataclass(frozen=True)
class BoxRow:
    """A box with what it holds."""

    id: int
    year: int
    period: str
    org_code: str
    box_no: int
    thickness_cm: int
    count: int
    first_no: int
    last_no: int
    pages: int
    remarks: str
    arranged_by: str
    arranged_on: date | None
    checked_by: str
    checked_on: date | None
    version: int = 1  # the 备考表 form sends it back


@dataclass(frozen=True)
class BoxNotes:
    """The 备考表 of a box."""

    remarks: str = ""
    arranged_by: str = ""
    arranged_on: date | None = None
    checked_by: str = ""
    checked_on: date | None = None


def create_box(session: Session, /, item_ids: Sequence[int], thickness_cm: int = 2) -> BoxRow:
    """A new box for these 件 (all of one category, none boxed yet), numbered next in it."""
    require(session, Perm.EDIT_ARCHIVES)
    if thickness_cm not in THICKNESSES:
        raise ValidationError("盒厚只能是 2、3、4 或 5 厘米", "thickness_cm")
    items = _unboxed(session, item_ids)
    year, period, org = _one_category(items)
    series = counters.hold(session, f"*盒号:{period}:{org}", year)  # held: 盒号 is one past
    last = session.scalar(
        select(func.max(ArchiveBox.box_no)).where(
            ArchiveBox.year == year, ArchiveBox.period == period, ArchiveBox.org_code == org
        )
    )
    box = ArchiveBox(
        year=year, period=period, org_code=org, box_no=(last or 0) + 1, thickness_cm=thickness_cm
    )
    series.last = box.box_no
    session.add(box)
    session.flush()
    for item in items:
        item.box_id = box.id
    audit.record(session, "装盒", "档案盒", box.id, summary=_summary(box, len(items)))
    return get_box(session, box.id)


def add_to_box(session: Session, /, box_id: int, item_ids: Sequence[int]) -> BoxRow:
    """Put more 件 of the box's own category in it."""
    require(session, Perm.EDIT_ARCHIVES)
    box = _box(session, box_id)
    items = _unboxed(session, item_ids)
    category = _one_category(items)
    if category != (box.year, box.period, box.org_code):
        raise ValidationError(
            f"第{box.box_no}盒是{_category_text(box.year, box.period, box.org_code)}的，"
            f"不能装入{_category_text(*category)}的文件：不同年度、保管期限、机构不得同盒"
        )
    for item in items:
        item.box_id = box.id
    audit.record(session, "装盒", "档案盒", box.id, summary=_summary(box, len(items)))
    return get_box(session, box.id)


def take_out(session: Session, /, item_ids: Sequence[int]) -> int:
    """Take 件 out of their boxes (a box may end up empty: it keeps its 盒号)."""
    require(session, Perm.EDIT_ARCHIVES)
    items = session.scalars(select(ArchiveItem).where(ArchiveItem.id.in_(item_ids))).all()
    for item in items:
        item.box_id = None
    return len(items)


def save_notes(
    session: Session, /, box_id: int, notes: BoxNotes, version: int | None = None
) -> BoxRow:
    """The 备考表: 盒内文件情况说明, 整理人/日期, 检查人/日期; refused on a stale copy."""
    require(session, Perm.EDIT_ARCHIVES)
    box = _box(session, box_id)
    label = f"{box.year}年度 {period_name(box.period)} 第{box.box_no}盒的备考表"
    versions.check(session, box, version, "档案盒", label)
    if notes.checked_on and notes.arranged_on and notes.checked_on < notes.arranged_on:
        raise ValidationError("检查日期不能早于整理日期", "checked_on")
    box.remarks = notes.remarks.strip()
    box.arranged_by, box.arranged_on = notes.arranged_by.strip(), notes.arranged_on
    box.checked_by, box.checked_on = notes.checked_by.strip(), notes.checked_on
    box.version += 1
    audit.record(session, "备考表", "档案盒", box.id, summary=label)
    session.flush()
    return get_box(session, box.id)


def _box(session: Session, box_id: int) -> ArchiveBox:
    box = session.get(ArchiveBox, box_id)
    if box is None:
        raise NotFoundError("档案盒不存在")
    return box


def _unboxed(session: Session, item_ids: Sequence[int]) -> list[ArchiveItem]:
    if not item_ids:
        raise ValidationError("请先选择要装盒的文件")
    items = list(session.scalars(select(ArchiveItem).where(ArchiveItem.id.in_(set(item_ids)))))
    if len(items) != len(set(item_ids)):
        raise NotFoundError("所选文件有的已不存在，请刷新后重试")
    for item in items:
        if item.box_id is not None:
            raise ValidationError(f"{item.archive_code} 已在盒中，请先取出")
        if item.status != IN_STOCK:
            raise ValidationError(f"{item.archive_code} {item.status}，不能装盒")
    return sorted(items, key=lambda item: item.item_no)


def _one_category(items: Sequence[ArchiveItem]) -> tuple[int, str, str]:
    found = {(item.year, item.period, item.org_code) for item in items}
    if len(found) > 1:
        shown = "、".join(_category_text(*c) for c in sorted(found))
        raise ValidationError(f"不同年度、保管期限、机构的文件不得同盒：所选文件分属 {shown}")
    return found.pop()


def _category_text(year: int, period: str, org: str) -> str:
    return "-".join(x for x in (str(year), period_name(period), org) if x)


def _summary(box: ArchiveBox, count: int) -> str:
    where = _category_text(box.year, box.period, box.org_code)
    return f"{where} 第{box.box_no}盒 装入 {count} 件"


def get_box(session: Session, box_id: int) -> BoxRow:
    rows = list_boxes(session, box_ids=[box_id])
    if not rows:
        raise NotFoundError("档案盒不存在")
    return rows[0]


def list_boxes(
    session: Session,
    /,
    year: int | None = None,
    period: str | None = None,
    box_ids: Sequence[int] | None = None,
) -> list[BoxRow]:
    """Boxes in 年度, 保管期限, 机构, 盒号 order, each with its 件 count and 起止件号."""
    contents = (
        select(
            ArchiveItem.box_id,
            func.count().label("n"),
            func.min(ArchiveItem.item_no).label("a"),
            func.max(ArchiveItem.item_no).label("b"),
            func.sum(ArchiveItem.pages).label("p"),
        )
        .group_by(ArchiveItem.box_id)
        .subquery()
    )
    query = select(ArchiveBox, contents.c.n, contents.c.a, contents.c.b, contents.c.p).outerjoin(
        contents, contents.c.box_id == ArchiveBox.id
    )
    if year is not None:
        query = query.where(ArchiveBox.year == year)
    if period:
        query = query.where(ArchiveBox.period == period_code(period))
    if box_ids is not None:
        query = query.where(ArchiveBox.id.in_(box_ids))
    query = query.order_by(
        ArchiveBox.year, ArchiveBox.period, ArchiveBox.org_code, ArchiveBox.box_no
    )
    return [_row(box, n or 0, a or 0, b or 0, p or 0) for box, n, a, b, p in session.execute(query)]


def _row(box: ArchiveBox, count: int, first: int, last: int, pages: int) -> BoxRow:
    return BoxRow(
        box.id,
        box.year,
        box.period,
        box.org_code,
        box.box_no,
        box.thickness_cm,
        count,
        first,
        last,
        pages,
        box.remarks,
        box.arranged_by,
        box.arranged_on,
        box.checked_by,
        box.checked_on,
        box.version,
    )


@dataclass(frozen=True)
class LooseItem:
    """A 件 not yet in a box, as the 装盒 tab lists it."""

    id: int
    year: int
    period: str
    org_code: str
    item_no: int
    archive_code: str
    title: str
    pages: int


def loose_items(session: Session, /, year: int, period: str | None = None) -> list[LooseItem]:
    """The year's 件 in stock that are in no box yet, in 档号 order."""
    query = select(ArchiveItem).where(
        ArchiveItem.year == year, ArchiveItem.box_id.is_(None), ArchiveItem.status == IN_STOCK
    )
    if period:
        query = query.where(ArchiveItem.period == period_code(period))
    query = query.order_by(*catalog_order())
    return [
        LooseItem(i.id, i.year, i.period, i.org_code, i.item_no, i.archive_code, i.title, i.pages)
        for i in session.scalars(query)
    ]


def box_docs(session: Session, /, year: int, period: str | None = None) -> list[BoxDoc]:
    """The year's boxes as the 盒脊, 盒面 and 备考表 print them."""
    info = settings.org_info(session)
    orgs = dict(session.execute(select(ArchiveOrg.code, ArchiveOrg.name)).all())
    return [
        BoxDoc(
            info.fonds_code,
            info.name,
            b.year,
            period_name(b.period),
            orgs.get(b.org_code, b.org_code),
            b.first_no,
            b.last_no,
            b.box_no,
            b.thickness_cm,
            b.remarks,
            b.arranged_by,
            b.arranged_on,
            b.checked_by,
            b.checked_on,
            b.count,
            b.pages,
        )
        for b in list_boxes(session, year, period)
    ]


def box_items(session: Session, /, box_id: int) -> list[LooseItem]:
    """The 件 in a box, in 件号 order."""
    query = select(ArchiveItem).where(ArchiveItem.box_id == box_id).order_by(ArchiveItem.item_no)
    return [
        LooseItem(i.id, i.year, i.period, i.org_code, i.item_no, i.archive_code, i.title, i.pages)
        for i in session.scalars(query)
    ]

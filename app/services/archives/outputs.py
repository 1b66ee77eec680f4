"""档案 exports (目录, 归档章, 盒脊, 盒面, 备考表, 借阅, 清册, 年报), the 借阅 import and 待办."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from itertools import groupby
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import clock
from app.models.archives import IN_STOCK, ArchiveItem, ArchiveOrg
from app.reports import report_format, write_report
from app.reports.archive_labels import (
    BoxDoc,
    StampDoc,
    spine_fields,
    write_box_faces,
    write_first_pages,
    write_notes,
    write_spines,
    write_stamps,
)
from app.reports.archives import (
    CatalogHead,
    CatalogRow,
    DisposalHead,
    catalog_table,
    disposal_table,
    loans_table,
    stats_tables,
)
from app.reports.table import Column, ReportTable
from app.services import headers, registry, settings
from app.services.archives import appraisal, boxes, loans, stats
from app.services.archives.loan_sheet import LOAN_COLUMNS, load_loans
from app.services.archives.vocab import period_code, period_name
from app.services.errors import DomainError
from app.services.registry import ExportKind, ExportQuery, ImportKind


def _year(query: ExportQuery, this_year: bool = False) -> int:
    """The year asked for; by default last year (the one being filed), or this year."""
    if query.year is not None:
        return query.year
    return clock.today().year - (0 if this_year else 1)


def _period(query: ExportQuery) -> str | None:
    given = (query.options or {}).get("period")
    return period_code(given) if given else None


def _items(session: Session, query: ExportQuery) -> Iterator[ArchiveItem]:
    """The year's 件 in stock in 档号 order (by category, then 件号)."""
    where = [ArchiveItem.year == _year(query), ArchiveItem.status == IN_STOCK]
    if (period := _period(query)) is not None:
        where.append(ArchiveItem.period == period)
    found = select(ArchiveItem).where(*where).order_by(*appraisal.catalog_order())
    return iter(session.scalars(found.execution_options(yield_per=2000)))


def catalog(session: Session, query: ExportQuery) -> list[ReportTable]:
    """归档文件目录: one cover and table per category (年度-保管期限-机构)."""
    info = settings.org_info(session)
    orgs = _org_names(session)
    tables = []
    for (period, org), items in groupby(_items(session, query), lambda i: (i.period, i.org_code)):
        head = CatalogHead(
            info.fonds_code, info.name, _year(query), period_name(period), orgs.get(org, org)
        )
        rows = [
            CatalogRow(
                i.archive_code, i.doc_no, i.author, i.title, i.doc_date, i.secrecy, i.pages, i.note
            )
            for i in items
        ]
        tables.append(catalog_table(head, rows))
    if not tables:  # an empty 目录 still shows its cover and header
        period = _period(query)
        shown = period_name(period) if period else ""
        head = CatalogHead(info.fonds_code, info.name, _year(query), shown)
        tables.append(catalog_table(head, []))
    return tables


def write_catalog(session: Session, query: ExportQuery, path: Path) -> int:
    """The 目录 as xlsx or PDF; a year with nothing filed is said so, not printed blank."""
    try:
        report_format(path)
    except ValueError as exc:
        raise DomainError(str(exc)) from exc
    if next(_items(session, query), None) is None:
        raise DomainError(f"{_year(query)}年度没有已归档的文件")
    return write_report(catalog(session, query), path)


def _org_names(session: Session) -> dict[str, str]:
    return {code: name for code, name in session.execute(select(ArchiveOrg.code, ArchiveOrg.name))}


def stamps(session: Session, query: ExportQuery) -> list[StampDoc]:
    info = settings.org_info(session)
    return [
        StampDoc(info.fonds_code, i.year, i.period, i.item_no, i.pages, i.org_code)
        for i in _items(session, query)
    ]


def stamps_table(session: Session, query: ExportQuery) -> ReportTable:
    cols = [Column(n, 10) for n in ("全宗号", "年度", "件号", "机构（问题）", "保管期限", "页数")]
    rows = [
        [s.fonds_code, s.year, f"{s.item_no:04d}", s.org, s.period, s.pages]
        for s in stamps(session, query)
    ]
    return ReportTable("归档章", cols, rows, landscape=False)


def _boxes(session: Session, query: ExportQuery, *, some: bool = True) -> list[BoxDoc]:
    found = boxes.box_docs(session, _year(query), _period(query))
    if some and not found:
        raise DomainError(f"{_year(query)}年度还没有装盒")
    return found


SPINE_HEADS = ("全宗号", "年度", "保管期限", "机构（问题）", "起止件号", "盒号")


def boxes_table(session: Session, query: ExportQuery) -> ReportTable:
    found = _boxes(session, query, some=False)
    rows = [[dict(spine_fields(box)).get(head, "") for head in SPINE_HEADS] for box in found]
    heads = SPINE_HEADS
    return ReportTable("盒脊", [Column(h, 12) for h in heads], rows, landscape=False)


def notes_table(session: Session, query: ExportQuery) -> ReportTable:
    cols = [
        Column("盒号", 6),
        Column("保管期限", 8),
        Column("机构", 8),
        Column("盒内文件情况说明", 40),
        Column("整理人", 8),
        Column("整理日期", 10),
        Column("检查人", 8),
        Column("检查日期", 10),
    ]
    rows = [
        [
            b.box_no,
            b.period,
            b.org,
            b.remarks,
            b.arranged_by,
            b.arranged_on,
            b.checked_by,
            b.checked_on,
        ]
        for b in _boxes(session, query, some=False)
    ]
    return ReportTable("备考表", cols, rows)


def _drawn(
    table: Callable[[Session, ExportQuery], ReportTable],
    draw: Callable[[Session, ExportQuery, Path], int],
) -> Callable[[Session, ExportQuery, Path], int]:
    """A kind drawn to size as PDF, written as a plain list as xlsx."""

    def write(session: Session, query: ExportQuery, path: Path) -> int:
        try:
            suffix = report_format(path)
        except ValueError as exc:
            raise DomainError(str(exc)) from exc
        if suffix == ".xlsx":
            return write_report(table(session, query), path)
        return _atomic(path, lambda part: draw(session, query, part))

    return write


def _atomic(path: Path, draw: Callable[[Path], int]) -> int:
    """Written beside the target and moved in when complete, as write_report does."""
    import os

    partial = path.with_name(f"~{path.stem}.part{path.suffix}")
    try:
        count = draw(partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return count


def _draw_stamps(session: Session, query: ExportQuery, path: Path) -> int:
    found = stamps(session, query)
    if not found:
        raise DomainError(f"{_year(query)}年度没有已归档的文件")
    write_stamps(found, path)
    return len(found)


def _draw_first_pages(session: Session, query: ExportQuery, path: Path) -> int:
    found = stamps(session, query)
    if not found:
        raise DomainError(f"{_year(query)}年度没有已归档的文件")
    write_first_pages(found, path)
    return len(found)


def _draw_boxes(writer: Callable[[Sequence[BoxDoc], Path], int]) -> Callable[..., int]:
    def draw(session: Session, query: ExportQuery, path: Path) -> int:
        found = _boxes(session, query)
        writer(found, path)
        return len(found)

    return draw


def loan_register(session: Session, query: ExportQuery) -> ReportTable:
    rows = loans.list_loans(session, query.year)
    sub = f"{query.year}年度" if query.year else "全部"
    return loans_table(settings.org_name(session), settings.dated(sub), reversed(rows))


def disposal(kind: str) -> Callable[[Session, ExportQuery], ReportTable]:
    """销毁清册 / 移交清册 of the batch given as option "batch"."""

    def build(session: Session, query: ExportQuery) -> ReportTable:
        batch = str((query.options or {}).get("batch") or "").strip()
        rows = appraisal.batch_rows(session, kind, batch)
        if batch and not rows:
            raise DomainError(f"没有清册号为 {batch} 的{kind}记录")
        return disposal_table(_disposal_head(session, kind, batch), rows)

    return build


def _disposal_head(session: Session, kind: str, batch: str) -> DisposalHead:
    """Who signed the batch; without a batch (every one so far) the lines are left to sign."""
    column = ArchiveItem.destroy_batch if kind == appraisal.DESTROY else ArchiveItem.transfer_batch
    item = session.scalars(select(ArchiveItem).where(column == batch)).first() if batch else None
    unit = settings.org_name(session)
    if kind == appraisal.DESTROY:
        people = [("经办人", item.destroyed_by if item else ""),
                  ("监销人", item.destroy_supervisor if item else "")]  # fmt: skip
        return DisposalHead("销毁", unit, batch, item.destroyed_on if item else None, people)
    people = [("移交人", item.transferred_by if item else ""), ("接收人", "")]
    return DisposalHead("移交", unit, batch, item.transferred_on if item else None, people)


def annual(session: Session, query: ExportQuery) -> list[ReportTable]:
    by_org = bool((query.options or {}).get("by_org"))
    return stats_tables(stats.annual_return(session, _year(query, this_year=True), by_org))


IMPORTS = (
    ImportKind(
        "archive-loans",
        "档案借阅登记簿",
        LOAN_COLUMNS,
        headers.REQUIRED["archive-loans"],
        load_loans,
    ),
)
EXPORTS = (
    ExportKind("archive-catalog", "归档文件目录", catalog, write_catalog),
    ExportKind("archive-labels", "归档章", stamps_table, _drawn(stamps_table, _draw_stamps)),
    ExportKind(
        "archive-first-pages",
        "归档章（首页套印）",
        stamps_table,
        _drawn(stamps_table, _draw_first_pages),
    ),
    ExportKind(
        "archive-spines", "盒脊", boxes_table, _drawn(boxes_table, _draw_boxes(write_spines))
    ),
    ExportKind(
        "archive-faces", "盒面", boxes_table, _drawn(boxes_table, _draw_boxes(write_box_faces))
    ),
    ExportKind(
        "archive-notes", "备考表", notes_table, _drawn(notes_table, _draw_boxes(write_notes))
    ),
    ExportKind("archive-loans", "档案借阅登记簿", loan_register),
    ExportKind("archive-destroyed", "档案销毁清册", disposal(appraisal.DESTROY)),
    ExportKind("archive-transferred", "档案移交清册", disposal("移交")),
    ExportKind("archive-stats", "档案室基本情况年报", annual),
)


def register() -> None:
    """The 装盒/借阅/鉴定 half of 档案: its kinds and the overdue 借阅 on 首页."""
    registry.register_kinds(IMPORTS, EXPORTS)
    registry.register_todo("档案", loans.todo)

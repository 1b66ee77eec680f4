"""档案 lists as ReportTables: 归档文件目录 (with its cover), 销毁清册, 移交清册, 借阅, 年报."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from app.common.dates import format_date8 as day8
from app.reports.table import Column, Cover, ReportTable


@dataclass(frozen=True)
class CatalogHead:
    """What a 归档文件目录's cover gives: one category (or a whole year, 机构 blank)."""

    fonds_code: str  # 全宗号
    fonds_name: str  # 全宗名称
    year: int
    period: str  # 永久 / 定期30年 / 定期10年, or several joined with 、
    org: str = ""  # 机构（问题） name; blank when the scheme has no 机构 level


@dataclass(frozen=True)
class CatalogRow:
    """One 件 as the 目录 prints it; a made-up 题名 already carries its [ ]."""

    archive_code: str
    doc_no: str
    author: str
    title: str
    doc_date: date | None
    secrecy: str
    pages: int
    note: str = ""


CATALOG_COLUMNS = (
    Column("序号", 5),
    Column("档号", 22),
    Column("文号", 16),
    Column("责任者", 12),
    Column("题名", 40),
    Column("日期", 9),
    Column("密级", 5),
    Column("页数", 5),
    Column("备注", 8),
)


def catalog_cover(head: CatalogHead) -> Cover:
    fields = [
        ("全宗号", head.fonds_code),
        ("全宗名称", head.fonds_name),
        ("年度", str(head.year)),
        ("保管期限", head.period),
        ("机构（问题）", head.org),
    ]
    return Cover("归档文件目录", fields, head.fonds_name)


def catalog_table(head: CatalogHead, rows: Iterable[CatalogRow]) -> ReportTable:
    """The 目录 of one category: cover, then one row per 件 in 档号 order, A4 landscape."""
    body = (
        [
            n,
            r.archive_code,
            r.doc_no,
            r.author,
            r.title,
            day8(r.doc_date),
            r.secrecy,
            r.pages,
            r.note,
        ]
        for n, r in enumerate(rows, 1)
    )
    sub = "  ".join(x for x in (f"{head.year}年度", head.period, head.org) if x)
    return ReportTable(
        "归档文件目录",
        CATALOG_COLUMNS,
        body,
        unit=head.fonds_name,
        subtitle=sub,
        landscape=True,
        cover=catalog_cover(head),
    )


@dataclass(frozen=True)
class DisposalRow:
    """A 件 on a 销毁清册 or 移交清册."""

    archive_code: str
    doc_no: str
    author: str
    title: str
    doc_date: date | None
    period: str
    pages: int
    note: str = ""


@dataclass(frozen=True)
class DisposalHead:
    """Who signs the list: 销毁 (监销人) or 移交 (接收方)."""

    kind: str  # 销毁 / 移交
    unit: str
    batch: str  # 清册号
    on: date | None
    people: Sequence[tuple[str, str]] = ()  # (role, name): 经办人, 监销人, 接收人 …


def disposal_table(head: DisposalHead, rows: Iterable[DisposalRow]) -> ReportTable:
    """销毁清册 or 移交清册: one row per 件, totals and the signature lines at the foot."""
    columns = (
        Column("序号", 5),
        Column("档号", 22),
        Column("文号", 16),
        Column("责任者", 12),
        Column("题名", 38),
        Column("日期", 9),
        Column("保管期限", 8),
        Column("页数", 5),
        Column("备注", 8),
    )
    items = list(rows)
    body = [
        [
            n,
            r.archive_code,
            r.doc_no,
            r.author,
            r.title,
            day8(r.doc_date),
            r.period,
            r.pages,
            r.note,
        ]
        for n, r in enumerate(items, 1)
    ]
    signs = "    ".join(f"{role}：{name or '________'}" for role, name in head.people)
    footer = [
        f"共 {len(items)} 件 {sum(r.pages for r in items)} 页",
        signs,
        f"日期：{day8(head.on) or '________'}",
    ]
    sub = f"清册号：{head.batch}" if head.batch else ""
    return ReportTable(
        f"档案{head.kind}清册",
        columns,
        body,
        unit=head.unit,
        subtitle=sub,
        footer_lines=[line for line in footer if line],
    )


@dataclass(frozen=True)
class LoanRow:
    """One line of the 借阅 register."""

    loaned_on: date
    borrower: str
    unit: str
    archive_code: str
    title: str
    purpose: str
    mode: str
    approver: str
    due_on: date | None
    returned_on: date | None
    handler: str


LOAN_COLUMNS = (
    Column("借阅日期", 10),
    Column("借阅人", 8),
    Column("单位", 12),
    Column("档号", 22),
    Column("题名", 30),
    Column("利用目的", 12),
    Column("方式", 5),
    Column("批准人", 7),
    Column("应还日期", 10),
    Column("实还日期", 10),
    Column("经办人", 7),
)


def loans_table(unit: str, subtitle: str, rows: Iterable[LoanRow]) -> ReportTable:
    body = (
        [
            r.loaned_on,
            r.borrower,
            r.unit,
            r.archive_code,
            r.title,
            r.purpose,
            r.mode,
            r.approver,
            r.due_on,
            r.returned_on,
            r.handler,
        ]
        for r in rows
    )
    return ReportTable("档案借阅登记簿", LOAN_COLUMNS, body, unit=unit, subtitle=subtitle)


@dataclass(frozen=True)
class StatsReturn:
    """The 档案室基本情况年报 figures for one year."""

    unit: str
    year: int
    periods: Sequence[str]  # column heads: 永久, 定期30年, 定期10年
    by_year: Sequence[tuple[str, Sequence[int]]]  # (年度 or 年度 机构, counts per period)
    added: int  # 件 filed this year
    loan_people: int  # 借阅人次
    loan_items: int  # 借阅件次
    destroyed: int
    transferred: int
    held: int  # 件 in stock at the year's end


def stats_tables(stats: StatsReturn) -> list[ReportTable]:
    """Two sections on one paper: holdings by 年度 × 保管期限, then the year's work."""
    cols = [Column("年度（机构）", 16), *(Column(p, 10) for p in stats.periods), Column("合计", 10)]
    rows: list[list[object]] = [[name, *counts, sum(counts)] for name, counts in stats.by_year]
    columns_sum = [sum(counts[i] for _, counts in stats.by_year) for i in range(len(stats.periods))]
    rows.append(["合计", *columns_sum, sum(columns_sum)])
    title = f"档案室基本情况年报（{stats.year}年度）"
    holdings = ReportTable(
        title, cols, rows, unit=stats.unit, heading="一、馆藏文书档案（件）", landscape=False
    )
    work = [
        ["年末馆藏（件）", stats.held],
        ["本年新增归档（件）", stats.added],
        ["本年借阅人次", stats.loan_people],
        ["本年借阅件次", stats.loan_items],
        ["本年销毁（件）", stats.destroyed],
        ["本年移交进馆（件）", stats.transferred],
    ]
    year_work = ReportTable(
        title,
        [Column("项目", 24), Column("数量", 12)],
        work,
        unit=stats.unit,
        heading="二、本年工作",
        landscape=False,
        new_page=False,
    )
    return [holdings, year_work]

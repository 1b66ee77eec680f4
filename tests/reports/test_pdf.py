"""write_pdf: Chinese text in an embedded TrueType font, 第 N 页 共 M 页, rows across pages."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

from app.reports import fonts, write_report
from app.reports.pdf import FOOT_BAND, MARGIN, write_pdf
from app.reports.table import Column, ReportTable
from tests.reports.pdftext import needs_poppler, page_feet, pdf_text

A4_WIDE_HEIGHT = 595.2756  # A4 landscape, in points
COLUMNS = [Column("序号", 6), Column("标题", 40), Column("收文日期", 12), Column("来文机关", 16)]


def _rows(count: int) -> list[list[object]]:
    long = "，请各村（社区）认真落实并按时上报材料" * 3
    return [[i, f"关于做好第{i}项工作的通知{long if i % 5 == 0 else ''}", date(2026, 3, 5),
             "县委办公室"] for i in range(1, count + 1)]  # fmt: skip


def _page_no(page: str) -> tuple[int, int] | None:
    """第 N 页 共 M 页 (poppler may drop the spaces between CJK glyphs)."""
    found = re.search(r"第\s*(\d+)\s*页\s*共\s*(\d+)\s*页", page)
    return (int(found[1]), int(found[2])) if found else None


@needs_poppler
def test_chinese_title_unit_and_page_numbers(tmp_path: Path) -> None:
    footer = ["填报人：张三    审核人：李四"]
    table = ReportTable("某某镇收文登记簿", COLUMNS, _rows(120), unit="某某镇人民政府",
                        subtitle="2026年度", footer_lines=footer)  # fmt: skip
    assert write_pdf(table, tmp_path / "a.pdf") == 120
    text = pdf_text(tmp_path / "a.pdf")
    pages = text.split("\f")[:-1]
    assert len(pages) > 2
    for number, page in enumerate(pages, 1):
        assert "某某镇收文登记簿" in page and "填报单位：某某镇人民政府" in page
        assert _page_no(page) == (number, len(pages))
        assert "收文日期" in page  # the header row repeats on every page
    assert "关于做好第1项工作的通知" in pages[0]
    assert "关于做好第120项工作" in pages[-1] and "填报人：张三" in pages[-1]
    numbers = [int(w) for page in pages for w in page.split() if w.isdigit() and len(w) < 4]
    assert set(range(1, 121)) <= set(numbers)  # no row lost between pages


@needs_poppler
def test_font_is_embedded_truetype(tmp_path: Path) -> None:
    write_pdf(ReportTable("值班表", COLUMNS, _rows(3), landscape=False), tmp_path / "a.pdf")
    listing = subprocess.run(["pdffonts", str(tmp_path / "a.pdf")], capture_output=True, text=True)
    lines = listing.stdout.splitlines()[2:]
    assert lines and all(" TrueType " in line and " yes yes " in line for line in lines), lines


@needs_poppler
def test_several_tables_and_an_empty_one(tmp_path: Path) -> None:
    tables = [ReportTable("一月", COLUMNS, _rows(2)), ReportTable("二月", COLUMNS, [])]
    assert write_report(tables, tmp_path / "a.pdf") == 2
    pages = pdf_text(tmp_path / "a.pdf").split("\f")[:-1]
    assert len(pages) == 2
    assert "一月" in pages[0] and _page_no(pages[0]) == (1, 2)
    assert "二月" in pages[1] and _page_no(pages[1]) == (2, 2)


def test_windows_fonts_preferred_when_present(tmp_path: Path) -> None:
    for name in ("simsun.ttc", "simhei.ttf"):
        (tmp_path / name).write_bytes(b"")
    assert fonts.candidates(tmp_path) == (tmp_path / "simsun.ttc", tmp_path / "simhei.ttf")
    shipped = fonts.candidates(tmp_path / "none")
    assert shipped[0] is not None and shipped[0].name == "wqy-microhei.ttc"


def _section(heading: str, rows: list[list[object]]) -> ReportTable:
    return ReportTable("督办通报", COLUMNS, rows, subtitle="本周", heading=heading, new_page=False)


def _short_rows(prefix: str, count: int) -> list[list[object]]:
    return [[i, f"{prefix}第{i}项", date(2026, 3, 5), "县委办公室"] for i in range(1, count + 1)]


@needs_poppler
def test_flowing_tables_share_a_page(tmp_path: Path) -> None:
    tables = [_section(f"{n}、第{n}部分（共2项）", _short_rows(f"甲{n}", 2)) for n in "一二三"]
    assert write_report(tables, tmp_path / "a.pdf") == 6
    pages = pdf_text(tmp_path / "a.pdf").split("\f")[:-1]
    assert len(pages) == 1 and _page_no(pages[0]) == (1, 1)
    page = pages[0]
    assert page.count("督办通报") == 1 and page.count("收文日期") == 3
    assert page.index("一、第一部分") < page.index("二、第二部分") < page.index("三、第三部分")


@needs_poppler
def test_a_long_flowing_table_goes_on_under_its_header_and_heading(tmp_path: Path) -> None:
    tables = [_section("一、逾期（共2项）", _short_rows("甲", 2)),
              _section("二、办理中（共60项）", _short_rows("乙", 60))]  # fmt: skip
    write_report(tables, tmp_path / "a.pdf")
    pages = pdf_text(tmp_path / "a.pdf").split("\f")[:-1]
    assert len(pages) == 3 and "一、逾期" in pages[0] and "二、办理中（共60项）" in pages[0]
    for page in pages[1:]:
        assert "二、办理中（续）" in page and "收文日期" in page and "督办通报" in page
    numbers = [w for page in pages for w in page.split() if w.startswith("乙第")]
    assert numbers == [f"乙第{i}项" for i in range(1, 61)]  # in order, none lost


@needs_poppler
def test_a_heading_is_never_left_alone_at_the_foot_of_a_page(tmp_path: Path) -> None:
    seen = set()
    for count in range(14, 24):  # the first table grows a row at a time past a full page
        tables = [_section("一、逾期", _short_rows("甲", count)),
                  _section("二、办理中", _short_rows("乙", 3))]  # fmt: skip
        write_report(tables, tmp_path / "a.pdf")
        pages = pdf_text(tmp_path / "a.pdf").split("\f")[:-1]
        starts = next(n for n, page in enumerate(pages) if "二、办理中" in page)
        assert "乙第1项" in pages[starts], count  # its heading, header row and a row together
        feet = page_feet(tmp_path / "a.pdf", A4_WIDE_HEIGHT - MARGIN - FOOT_BAND)
        assert all(re.fullmatch(r"第\d+页共\d+页", foot) for foot in feet), (count, feet)
        seen.add((len(pages), starts))
    assert seen == {(1, 0), (2, 0), (2, 1)}  # on one page, split across two, moved whole


@needs_poppler
def test_a_table_may_still_ask_for_a_page_of_its_own(tmp_path: Path) -> None:
    tables = [_section("一、逾期", _short_rows("甲", 2)),
              ReportTable("统计", COLUMNS, _short_rows("乙", 2), heading="二、统计")]  # fmt: skip
    write_report(tables, tmp_path / "a.pdf")
    pages = pdf_text(tmp_path / "a.pdf").split("\f")[:-1]
    assert len(pages) == 2 and "二、统计" in pages[1] and "督办通报" not in pages[1]

"""printed_layout: a register's PDF prints its own columns, filled from the full row."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from app import clock
from app.reports import write_report
from app.reports.pdf import column_widths, wrap_lines
from app.reports.table import Column, PrintColumn, ReportTable, folded, printed_layout
from tests.reports.pdftext import needs_poppler, pdf_text

FULL = [Column("编号"), Column("标题", 30), Column("状态"), Column("作废原因"), Column("传阅记录")]
ROW = ["镇政〔2026〕3号", "关于春耕的通知", "作废", "编号错误", "张书记 03-05（在阅）"]


def _table(printed: tuple[PrintColumn, ...]) -> ReportTable:
    return ReportTable("发文登记簿", FULL, [ROW], printed=printed)


def test_printed_columns_pick_stack_and_compute_from_the_full_row() -> None:
    printed = (
        PrintColumn("编号", 8, lambda row: row["编号"].replace("〔", "\n〔")),
        PrintColumn("标题", 20),
        PrintColumn("状态", 6, ("状态", "传阅记录", "作废原因")),
        PrintColumn("办结", 6, ("作废原因", "编号")),
    )
    columns, pick = printed_layout(_table(printed))
    assert [(c.header, c.width) for c in columns] == [("编号", 8), ("标题", 20), ("状态", 6),
                                                     ("办结", 6)]  # fmt: skip
    row = ["镇政〔2026〕3号", "关于春耕的通知", "作废", "", None]
    assert pick(row) == ["镇政\n〔2026〕3号", "关于春耕的通知", "作废", "镇政〔2026〕3号"]


def test_without_printed_columns_the_pdf_prints_every_column() -> None:
    columns, pick = printed_layout(ReportTable("x", FULL, []))
    assert columns == FULL and pick(ROW) == ROW


def test_a_printed_column_naming_no_field_is_refused() -> None:
    with pytest.raises(ValueError, match="办结日期"):
        printed_layout(_table((PrintColumn("办结", 6, ("办结日期",)),)))


@needs_poppler
def test_pdf_prints_the_printed_set_and_xlsx_keeps_every_column(tmp_path: Path) -> None:
    table = _table((PrintColumn("编号", 8), PrintColumn("标题", 20), PrintColumn("状态", 6)))
    write_report(table, tmp_path / "a.pdf")
    write_report(table, tmp_path / "a.xlsx")
    text = pdf_text(tmp_path / "a.pdf")
    assert "镇政〔2026〕3号" in text and "关于春耕的通知" in text
    assert "传阅记录" not in text and "张书记" not in text
    sheet = openpyxl.load_workbook(tmp_path / "a.xlsx").active
    assert [c.value for c in sheet[2]] == [c.header for c in FULL]  # no subtitle row
    assert [c.value for c in sheet[3]] == ROW


def test_widths_are_shares_of_the_page_and_wrap_lines_measures_a_cell() -> None:
    widths = column_widths(
        ReportTable("x", [Column("序号", 1), Column("标题", 3)], [clock.today()])
    )
    assert [h for h, _ in widths] == ["序号", "标题"]
    assert widths[1][1] == pytest.approx(3 * widths[0][1])
    assert wrap_lines("逾期天数", 36, heading=True) == ["逾期", "天数"]  # even, not 逾期天/数
    assert wrap_lines("2026-01-07\n已办理", 60) == ["2026-01-07", "已办理"]
    assert wrap_lines("a<b & c", 60) == ["a<b & c"]


def test_folded_breaks_a_field_at_its_own_joints() -> None:
    row = {"编号": "作废 2026-0009", "印章": "某某镇人民政府财务专用章", "记录": "甲；乙；丙"}
    assert folded("编号", r"(?<=^作废) ?")(row) == "作废\n2026-0009"
    assert folded("印章", r"(?<=人民政府)")(row) == "某某镇人民政府\n财务专用章"
    assert folded("记录", "；", every=True)(row) == "甲\n乙\n丙"
    assert folded("印章", "〔")(row) == "某某镇人民政府财务专用章"  # no joint: one piece

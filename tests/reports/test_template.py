"""fill_template on the shipped 节假日值班表 and on small county-style templates."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Border, Font, Side

from app.reports.reader import ReaderError, read_table
from app.reports.template import (
    HOLIDAY_DUTY_COLUMNS,
    fill_template,
    sample_template,
)

LABELS = {"填报单位": "某某镇人民政府", "填报日期": "2026年2月10日", "填报人": "张三",
          "联系电话": "0000-7654321", "审核人": "李主任"}  # fmt: skip


def _duty(count: int) -> list[dict[str, object]]:
    return [
        {"日期": date(2026, 2, 14 + i), "星期": "六日一二三四五"[i % 7], "带班领导": f"领导{i}",
         "带班领导职务": "副镇长", "带班领导手机": f"1380000000{i % 10}", "值班人员": f"干部{i}",
         "值班人员手机": f"1390000000{i % 10}", "值班电话": "0000-1234567"}
        for i in range(count)
    ]  # fmt: skip


def test_more_rows_than_the_template_leaves_blank(tmp_path: Path) -> None:
    out = tmp_path / "值班表.xlsx"
    assert fill_template(sample_template(), out, HOLIDAY_DUTY_COLUMNS, _duty(10), LABELS) == 10
    sheet = openpyxl.load_workbook(out).active
    assert sheet["A1"].value == "节假日值班安排表" and "A1:J1" in sheet.merged_cells
    assert sheet["A2"].value == "填报单位（盖章）：某某镇人民政府"
    assert sheet["H2"].value == "填报日期：2026年2月10日"
    assert sheet["A5"].value == datetime(2026, 2, 14) and sheet["A5"].number_format == "yyyy-mm-dd"
    assert sheet["C14"].value == "领导9" and sheet["F14"].value == "干部9"
    assert sheet["C14"].border.left.style == "thin"  # inserted rows styled like the first
    assert sheet.row_dimensions[14].height == 24
    assert sheet["A15"].value == "填报人：张三" and "A15:C15" in sheet.merged_cells
    assert sheet["D15"].value == "联系电话：0000-7654321"
    assert sheet["G15"].value == "审核人：李主任"
    assert sheet["A16"].value.startswith("注：") and "A16:J16" in sheet.merged_cells
    assert sheet.print_area == "'值班安排'!$A$1:$J$16"
    assert sheet.print_title_rows == "$3:$4"


def test_filled_sheet_reads_back_through_its_two_row_header(tmp_path: Path) -> None:
    out = tmp_path / "值班表.xlsx"
    fill_template(sample_template(), out, HOLIDAY_DUTY_COLUMNS, _duty(3), LABELS)
    rows = read_table(out, HOLIDAY_DUTY_COLUMNS, ("日期", "带班领导", "值班人员"))
    assert [(r["_row"], r["带班领导"], r["带班领导职务"], r["值班人员"]) for r in rows] == [
        (5, "领导0", "副镇长", "干部0"),
        (6, "领导1", "副镇长", "干部1"),
        (7, "领导2", "副镇长", "干部2"),
    ]
    sheet = openpyxl.load_workbook(out).active
    assert sheet["A12"].value == "填报人：张三"  # footer stays where it was: no insertion


def test_label_cell_with_a_value_cell_beside_it(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["收文登记"])
    sheet.append(["标题", "来文机关"])
    sheet.append([None, None])
    sheet.append(["填报人", None, "审核人:", None])
    book.save(tmp_path / "t.xlsx")
    columns = {"标题": ("标题",), "来文机关": ("来文机关",)}
    rows = [{"标题": "关于A", "来文机关": "县委办"}]
    fill_template(tmp_path / "t.xlsx", tmp_path / "o.xlsx", columns, rows, LABELS)
    filled = openpyxl.load_workbook(tmp_path / "o.xlsx").active
    assert [c.value for c in filled[3]][:2] == ["关于A", "县委办"]
    assert [c.value for c in filled[4]] == ["填报人", "张三", "审核人:", "李主任"]


def test_no_blank_rows_inserts_rows_styled_like_the_header_without_bold(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["标题", "来文机关"])
    sheet.append(["合计", None])
    side = Side(style="thin")
    for cell in sheet[1]:
        cell.font, cell.border = Font(bold=True), Border(left=side, bottom=side)
    book.save(tmp_path / "t.xlsx")
    columns = {"标题": ("标题",), "来文机关": ("来文机关",)}
    rows = [{"标题": "关于A", "来文机关": "县委办"}, {"标题": "关于B", "来文机关": "县政府办"}]
    fill_template(tmp_path / "t.xlsx", tmp_path / "o.xlsx", columns, rows)
    filled = openpyxl.load_workbook(tmp_path / "o.xlsx").active
    assert [[c.value for c in row] for row in filled.iter_rows()] == [
        ["标题", "来文机关"], ["关于A", "县委办"], ["关于B", "县政府办"], ["合计", None]
    ]  # fmt: skip
    assert not filled["A2"].font.b and filled["A2"].border.left.style == "thin"


def test_template_without_the_header(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["随便什么"])
    book.save(tmp_path / "t.xlsx")
    with pytest.raises(ReaderError, match="找不到表头"):
        fill_template(tmp_path / "t.xlsx", tmp_path / "o.xlsx", HOLIDAY_DUTY_COLUMNS, [])
    (tmp_path / "bad.xlsx").write_text("no", encoding="utf-8")
    with pytest.raises(ReaderError, match=r"无法打开模板 bad\.xlsx"):
        fill_template(tmp_path / "bad.xlsx", tmp_path / "o.xlsx", HOLIDAY_DUTY_COLUMNS, [])

"""List returns: title rows, merged titles, too few blank rows, a footer kept below, borders."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
from openpyxl.styles import Border, Side

from app.reports import returns as book_io
from app.reports.reader import read_table
from app.reports.template import sample_template
from app.services import headers, registry
from app.services.registry import ExportQuery
from app.services.returns import filling, memory

NOVEMBER = ExportQuery(date_from=date(2026, 11, 1), date_to=date(2026, 11, 30))
THIN = Side(style="thin")


def _template(path: Path, header: list[str], blank_rows: int = 2) -> Path:
    """A merged two-line title, a unit line, the header, a few bordered rows, a footer."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.merge_cells("A1:F1")
    sheet["A1"] = "某某县收文情况统计"
    sheet.merge_cells("A2:F2")
    sheet["A2"] = "（2026年11月）"
    sheet["A3"] = "填报单位（盖章）："
    for column, text in enumerate(header, start=1):
        sheet.cell(4, column).value = text
    for row in range(4, 5 + blank_rows):
        for column in range(1, len(header) + 1):
            sheet.cell(row, column).border = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
    footer = 5 + blank_rows
    sheet.merge_cells(f"A{footer}:C{footer}")
    sheet[f"A{footer}"] = "填报人："
    sheet[f"D{footer}"] = "审核人："
    book.save(path)
    return path


def _register(session, query=NOVEMBER) -> list[dict]:
    table = registry.EXPORTS["incoming"].build(session, query)
    names = [c.header for c in table.columns]
    return [dict(zip(names, row, strict=True)) for row in table.rows]


def test_rows_fill_under_the_title_with_rows_inserted_above_the_footer(demo, tmp_path):
    header = ["序号", "收到日期", "来文单位", "文件字号", "文件名称"]
    template = _template(tmp_path / "县收文统计.xlsx", header, blank_rows=2)
    out = tmp_path / "filled.xlsx"
    with demo() as session:
        expected = _register(session)
        done = filling.fill(session, template, "incoming", NOVEMBER, out)
    assert len(expected) > 5 and done.rows == len(expected) and not done.unmatched
    sheet = openpyxl.load_workbook(out).worksheets[0]
    assert sheet["A1"].value == "某某县收文情况统计" and "A1:F1" in sheet.merged_cells
    assert [sheet.cell(4, c).value for c in range(1, 6)] == header
    titles = [sheet.cell(5 + i, 5).value for i in range(len(expected))]
    assert titles == [row["标题"] for row in expected]
    assert [sheet.cell(5 + i, 1).value for i in range(len(expected))] == list(
        range(1, len(expected) + 1)
    )
    footer = 5 + len(expected)
    assert sheet[f"A{footer}"].value.startswith("填报人：")
    assert f"A{footer}:C{footer}" in sheet.merged_cells
    assert sheet[f"D{footer}"].value == "审核人："
    last = sheet.cell(footer - 1, 5)  # an inserted row, styled like the template's first
    assert last.border.left.style == "thin" and last.border.bottom.style == "thin"
    # the label keeps its text; a label alone in its cell takes the value on its right
    assert (sheet["A3"].value, sheet["B3"].value) == ("填报单位（盖章）：", "某某镇人民政府")


def test_the_filled_return_reads_back_through_the_import_reader_as_the_register(demo, tmp_path):
    out = tmp_path / "filled.xlsx"
    with demo() as session:
        expected = _register(session)
        filling.fill(session, sample_template("收文情况登记表.xlsx"), "incoming", NOVEMBER, out)
    back = read_table(out, headers.INCOMING, headers.REQUIRED["incoming"])
    assert len(back) == len(expected)
    assert [r["标题"] for r in back] == [r["标题"] for r in expected]
    assert [r["来文字号"] for r in back] == [r["来文字号"] or None for r in expected]
    assert [r["来文机关"] for r in back] == [r["来文机关"] for r in expected]


def test_record_text_that_looks_like_a_formula_stays_text(tmp_path):
    template = _template(tmp_path / "t.xlsx", ["序号", "来文单位", "文件名称"])
    rows = [{"c1": 1, "c2": '=HYPERLINK("x")', "c3": "+1 关于测试的通知"}]
    book = book_io.open_book(template)
    book_io.fill_list(book.worksheets[0], 4, {"c1": 0, "c2": 1, "c3": 2}, rows)
    book.save(tmp_path / "filled.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "filled.xlsx").worksheets[0]
    assert sheet["B5"].data_type == "s" and sheet["B5"].value == '=HYPERLINK("x")'
    assert sheet["C5"].data_type == "s" and sheet["A5"].value == 1


def test_a_remembered_mapping_serves_a_second_template_with_the_same_header(demo, tmp_path):
    header = ["序号", "收文摘由", "来文单位", "收到日期"]
    first = _template(tmp_path / "十月收文.xlsx", header)
    with demo() as session:
        found = filling.plan(session, first, "incoming", NOVEMBER)
        assert [s.text for s in found.unmapped] == ["收文摘由"]
        memory.remember(session, found.with_mapping({"收文摘由": "标题"}))
    second = _template(tmp_path / "十一月收文（县委办）.xlsx", header)
    with demo() as session:
        again = filling.plan(session, second, "incoming", NOVEMBER)
        done = filling.fill(session, second, "incoming", NOVEMBER, tmp_path / "out.xlsx")
    assert not again.unmapped
    assert {s.text: s.target for s in again.slots}["收文摘由"] == "标题"
    assert done.rows > 0 and not done.unmatched


def test_a_column_named_in_no_register_is_reported(demo, tmp_path):
    template = _template(tmp_path / "t.xlsx", ["序号", "文件名称", "群众满意度"])
    with demo() as session:
        found = filling.plan(session, template, "incoming", NOVEMBER)
    assert [(s.where, s.text, s.note) for s in found.unmapped] == [
        ("C列", "群众满意度", "无法对应")
    ]

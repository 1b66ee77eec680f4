"""write_xlsx: a titled, bordered, printable sheet per table; big lists in plain cells."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pytest

from app.reports import write_report
from app.reports.table import Column, PrintColumn, ReportTable
from app.reports.xlsx import write_xlsx

COLUMNS = [Column("序号", 6), Column("标题", 40), Column("收文日期", 12), Column("登记时间", 18)]


def _table(rows: object, **extra: object) -> ReportTable:
    return ReportTable("某某镇收文登记簿", COLUMNS, rows, **extra)  # type: ignore[arg-type]


def test_title_subtitle_header_values_and_footer(tmp_path: Path) -> None:
    rows = [[1, "关于春耕的通知", date(2026, 3, 5), datetime(2026, 3, 5, 1, 30, tzinfo=UTC)]]
    table = _table(rows, unit="某某镇人民政府", subtitle="2026年", footer_lines=["填报人：张三"])
    assert write_xlsx(table, tmp_path / "a.xlsx") == 1
    sheet = openpyxl.load_workbook(tmp_path / "a.xlsx").active
    assert sheet.title == "某某镇收文登记簿"
    assert sheet["A1"].value == "某某镇收文登记簿" and sheet["A1"].font.b
    assert sheet["A2"].value == "填报单位：某某镇人民政府    2026年"
    assert [c.value for c in sheet[3]] == ["序号", "标题", "收文日期", "登记时间"]
    assert all(c.font.b and c.border.bottom.style == "thin" for c in sheet[3])
    assert sheet["B4"].value == "关于春耕的通知" and sheet["B4"].border.left.style == "thin"
    assert sheet["C4"].value == datetime(2026, 3, 5) and sheet["C4"].number_format == "yyyy-mm-dd"
    local = datetime(2026, 3, 5, 1, 30, tzinfo=UTC).astimezone().replace(tzinfo=None)
    assert sheet["D4"].value == local
    assert sheet["A5"].value == "填报人：张三"
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert merged == {"A1:D1", "A2:D2", "A5:D5"}
    assert sheet.column_dimensions["B"].width == 42


def test_print_setup(tmp_path: Path) -> None:
    write_xlsx([_table([]), _table([], landscape=False)], tmp_path / "a.xlsx")
    book = openpyxl.load_workbook(tmp_path / "a.xlsx")
    wide, tall = book.worksheets
    assert tall.title == "某某镇收文登记簿(2)"
    assert wide.page_setup.orientation == "landscape" and tall.page_setup.orientation == "portrait"
    assert wide.page_setup.paperSize == 9  # A4
    assert wide.print_title_rows == "$2:$2"  # no subtitle: header is row 2
    assert wide.freeze_panes == "A3"
    assert wide.sheet_properties.pageSetUpPr.fitToPage and wide.page_setup.fitToWidth == 1
    assert wide.oddFooter.center.text == "第 &P 页 共 &N 页"


def test_every_row_is_bordered_in_songti_however_long(tmp_path: Path) -> None:
    """Issue 15: borders and wrap stopped after 2,000 rows; the body was not in 宋体."""
    count = 2500
    rows = ([i, f"标题{i}", date(2026, 1, 1), None] for i in range(count))
    assert write_xlsx(_table(rows, unit="某某镇"), tmp_path / "big.xlsx") == count
    book = openpyxl.load_workbook(tmp_path / "big.xlsx", read_only=True)
    values = list(book.active.iter_rows(min_row=4, values_only=True))
    book.close()  # read_only keeps the file open; left to the collector it warns in a later test
    assert len(values) == count
    assert values[-1][:3] == (count - 1, f"标题{count - 1}", datetime(2026, 1, 1))
    sheet = openpyxl.load_workbook(tmp_path / "big.xlsx").active
    last = sheet.cell(row=3 + count, column=2)
    assert last.border.left.style == "thin" and last.alignment.wrap_text
    assert last.font.name == "宋体" and sheet.print_options.gridLines


def test_odd_values_become_text(tmp_path: Path) -> None:
    write_xlsx(_table([[1, ("甲", "乙"), True, False]]), tmp_path / "a.xlsx")
    values = [c.value for c in openpyxl.load_workbook(tmp_path / "a.xlsx").active[3]]
    assert values == [1, "('甲', '乙')", "是", "否"]


def test_write_report_chooses_by_suffix(tmp_path: Path) -> None:
    assert write_report(_table([[1, "a", None, None]]), tmp_path / "a.XLSX") == 1
    assert openpyxl.load_workbook(tmp_path / "a.XLSX").active["B3"].value == "a"
    with pytest.raises(ValueError, match=r"不支持导出为“\.csv”格式"):
        write_report(_table([]), tmp_path / "a.csv")


class Cancelled(Exception):
    pass


@pytest.mark.parametrize("name", ["a.xlsx", "a.pdf"])
def test_a_failed_export_keeps_the_earlier_file_and_leaves_no_part(
    tmp_path: Path, name: str
) -> None:
    target = tmp_path / name
    target.write_bytes(b"earlier export")

    def rows_then_cancel() -> Iterator[list[object]]:
        yield [1, "a", None, None]
        raise Cancelled  # what a cancelled background task raises into the writer

    with pytest.raises(Cancelled):
        write_report(_table(rows_then_cancel()), target)
    assert target.read_bytes() == b"earlier export"
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_nothing_to_write(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="没有要导出的表格"):
        write_report([], tmp_path / "a.xlsx")


def test_wrapped_rows_are_tall_enough(tmp_path: Path) -> None:
    long = "关于做好春季农业生产和森林防火工作的紧急通知" * 3  # 69 CJK characters
    write_xlsx(_table([[1, long, None, None], [2, "短", None, None]]), tmp_path / "a.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "a.xlsx").active
    assert sheet.row_dimensions[3].height == 14.5 * 4 + 2  # 138 units over 41 a line
    assert sheet.row_dimensions[4].height is None


def test_each_cell_shows_its_own_value_and_format_whatever_came_before(tmp_path: Path) -> None:
    """Body cells are written through one styled cell per column: nothing may carry over."""
    rows = [
        [1, "甲", date(2026, 3, 5), datetime(2026, 3, 5, 8, 30)],
        [2, 3, 4, None],  # a date's format must not turn a count into a day
        [3],  # a short row: the other cells empty, still bordered
        ["=1+1", None, datetime(2026, 3, 6, 9, 0), 5],
    ]
    write_xlsx(_table(rows), tmp_path / "a.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "a.xlsx").active
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=3, max_row=6)]
    assert values == [
        [1, "甲", datetime(2026, 3, 5), datetime(2026, 3, 5, 8, 30)],
        [2, 3, 4, None],
        [3, None, None, None],
        ["=1+1", None, datetime(2026, 3, 6, 9, 0), 5],
    ]
    assert sheet["C4"].number_format == "General" and sheet["D6"].number_format == "General"
    assert sheet["C6"].number_format == "yyyy-mm-dd h:mm:ss"
    assert sheet["A6"].data_type == "s"  # text, never a formula
    assert all(c.border.left.style == "thin" and c.font.name == "宋体" for c in sheet[5])


def test_a_register_with_a_paper_layout_prints_only_its_paper_fields(tmp_path: Path) -> None:
    """Issue 15: LibreOffice printed all 22 收文 columns on one A4 width, too small to read.

    The paper register's fields come first and alone make the print area (the title over
    them, the header on every page); the other fields stay in the sheet, after them."""
    columns = [Column("编号", 10), Column("拟办意见", 30), Column("标题", 20), Column("日", 10),
               Column("备注", 8)]  # fmt: skip
    printed = (PrintColumn("编号", 5), PrintColumn("标题/日", 20, ("标题", "日")))
    rows = [["收〔2026〕1号", "请阅", "关于春耕的通知", date(2026, 3, 5), "无"]]
    table = ReportTable("收文登记簿", columns, rows, unit="某镇", printed=printed,
                        footer_lines=["填报人：张三"])  # fmt: skip
    write_xlsx(table, tmp_path / "a.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "a.xlsx").active
    assert [c.value for c in sheet[3]] == ["编号", "标题", "日", "拟办意见", "备注"]
    assert [c.value for c in sheet[4]] == ["收〔2026〕1号", "关于春耕的通知",
                                           datetime(2026, 3, 5), "请阅", "无"]  # fmt: skip
    assert sheet.print_area == "'收文登记簿'!$A$1:$C$5"
    assert sheet.print_title_rows == "$3:$3"
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert merged == {"A1:C1", "A2:C2", "A5:C5"}  # title, unit line and footer over the print


def test_a_number_column_is_as_wide_as_its_longest_number(tmp_path: Path) -> None:
    table = ReportTable("x", [Column("来文字号", 6), Column("标题", 6)],
                        [["县委办发〔2026〕12号", "关于春耕的通知关于春耕的通知"]])  # fmt: skip
    write_xlsx(table, tmp_path / "a.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "a.xlsx").active
    assert sheet.column_dimensions["A"].width == 21 + 2  # 7 CJK (2 each) and 7 digits/signs
    assert sheet.column_dimensions["B"].width == 8  # free text keeps its width and wraps


def test_a_register_too_wide_as_fields_prints_its_paper_columns(tmp_path: Path) -> None:
    """Issue 15: the 来访登记簿 prints nearly every field; as separate columns they would be
    shrunk unreadably, so the sheet prints the PDF's own columns, every field after them."""
    columns = [Column(f"字段{i}", 20) for i in range(12)]
    printed = (PrintColumn("编号", 6, ("字段0",)),
               PrintColumn("合并", 30, tuple(f"字段{i}" for i in range(1, 12))))  # fmt: skip
    rows = [[f"值{i}" for i in range(12)]]
    write_xlsx(ReportTable("来访登记簿", columns, rows, printed=printed), tmp_path / "a.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "a.xlsx").active
    assert [c.value for c in sheet[2]] == ["编号", "合并", *(f"字段{i}" for i in range(12))]
    assert sheet["A3"].value == "值0" and sheet["B3"].value == "\n".join(
        f"值{i}" for i in range(1, 12)
    )
    assert sheet["C3"].value == "值0" and sheet.print_area == "'来访登记簿'!$A$1:$B$3"
    assert sheet.column_dimensions["B"].width == 30 * 2 - 1 + 2
    assert sheet.row_dimensions[3].height == 14.5 * 11 + 2  # the printed cell's lines


def test_a_moment_column_is_wide_enough_never_to_wrap(tmp_path: Path) -> None:
    """Issue 15: LibreOffice printed 签收时间 as 2026-01-02 over 16:32 (the column was 12
    wide and its cells wrapped at the space)."""
    columns = [Column("签收时间", 10), Column("标题", 20), Column("办结日期", 8)]
    rows = [["2026-01-02 16:32", "关于春耕的通知", date(2026, 1, 5)],
            ["", "关于秋收的通知", None]]  # fmt: skip
    write_xlsx(ReportTable("收文登记簿", columns, rows), tmp_path / "a.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "a.xlsx").active
    assert sheet.column_dimensions["A"].width >= len("2026-01-02 16:32") + 2
    assert sheet.column_dimensions["C"].width >= len("2026-01-05") + 2
    assert not sheet["A3"].alignment.wrap_text and not sheet["C3"].alignment.wrap_text
    assert sheet["B3"].alignment.wrap_text  # text still wraps

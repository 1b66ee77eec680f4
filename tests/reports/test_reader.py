"""read_table on sheets as counties send them: title rows, merged cells, GBK csv, serial dates."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from app.common.dates import parse_date
from app.reports.reader import ReaderError, read_table
from tests.reports.xls_fixture import write_xls

COLUMNS = {
    "序号": ("序号",),
    "来文机关": ("来文机关", "来文单位", "发文单位"),
    "标题": ("标题", "文件标题", "文件名称"),
    "收文日期": ("收文日期", "日期"),
    "备注": ("备注",),
}
REQUIRED = ("标题", "来文机关")


def _book(path: Path, rows: list[list[object]], merges: tuple[str, ...] = ()) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for merge in merges:
        sheet.merge_cells(merge)
    book.save(path)
    return path


def test_header_below_merged_title_rows_with_aliases_and_odd_spacing(tmp_path: Path) -> None:
    path = _book(
        tmp_path / "收文.xlsx",
        [
            ["某某镇2026年收文登记表"],
            ["填报单位：某某镇党政办", None, None, "2026年3月"],
            ["序 号", "来文\n单位", "文件标题 ", "收文日期（必填）"],
            [1, " 县委办公室 ", "关于做好春耕工作的通知", date(2026, 3, 5)],
            [2, "县政府办", "关于防汛的通知", "2026.3.6"],
        ],
        merges=("A1:D1", "A2:C2"),
    )
    rows = read_table(path, COLUMNS, REQUIRED)
    assert rows == [
        {"序号": 1, "来文机关": "县委办公室", "标题": "关于做好春耕工作的通知",
         "收文日期": date(2026, 3, 5), "备注": None, "_row": 4},
        {"序号": 2, "来文机关": "县政府办", "标题": "关于防汛的通知",
         "收文日期": "2026.3.6", "备注": None, "_row": 5},
    ]  # fmt: skip


def test_full_width_header_text_matches(tmp_path: Path) -> None:
    path = _book(tmp_path / "a.xlsx", [["标题", "来文机关", "备注（ＡＢ）"], ["关于", "县委", "x"]])
    columns = {**COLUMNS, "备注": ("备注(AB)",)}
    assert read_table(path, columns, REQUIRED)[0]["备注"] == "x"


def test_merged_cells_fill_every_row_they_cover(tmp_path: Path) -> None:
    path = _book(
        tmp_path / "merged.xlsx",
        [
            ["标题", "来文机关", "收文日期"],
            ["通知一", "县委办", datetime(2026, 3, 5, 9, 30)],
            ["通知二", None, None],
            ["通知三", None, None],
        ],
        merges=("B2:B4", "C2:C3"),
    )
    rows = read_table(path, COLUMNS, REQUIRED)
    assert [row["来文机关"] for row in rows] == ["县委办"] * 3
    assert [row["收文日期"] for row in rows] == [datetime(2026, 3, 5, 9, 30)] * 2 + [None]


def test_two_row_header_under_a_merged_group_title(tmp_path: Path) -> None:
    columns = {"标题": ("标题",), "来文机关": ("来文机关",), "承办人": ("承办人",),
               "办结日期": ("办结日期",)}  # fmt: skip
    path = _book(
        tmp_path / "two.xlsx",
        [
            ["督办事项"],
            ["标题", "来文机关", "办理情况", None],
            [None, None, "承办人", "办结日期"],
            ["事项一", "县委办", "张三", "2026-03-05"],
        ],
        merges=("A1:D1", "A2:A3", "B2:B3", "C2:D2"),
    )
    rows = read_table(path, columns, REQUIRED)
    assert rows == [{"标题": "事项一", "来文机关": "县委办", "承办人": "张三",
                     "办结日期": "2026-03-05", "_row": 4}]  # fmt: skip


def test_blank_total_and_signature_rows_are_skipped(tmp_path: Path) -> None:
    path = _book(
        tmp_path / "totals.xlsx",
        [
            ["序号", "标题", "来文机关", "备注"],
            [1, "关于总计划的通知", "县委办", "注：附件另送"],
            [None, None, None, None],
            [None, "  ", None, None],
            [2, "关于B", "县政府办", None],
            ["小 计", None, None, "2件"],
            ["合计：", None, None, "2件"],
            ["填报人：张三", None, "审核人：李四", None],
        ],
    )
    rows = read_table(path, COLUMNS, REQUIRED)
    assert [(row["标题"], row["_row"]) for row in rows] == [("关于总计划的通知", 2), ("关于B", 5)]


def test_excel_serial_dates_stay_raw_and_parse(tmp_path: Path) -> None:
    path = _book(tmp_path / "serial.xlsx", [["标题", "来文机关", "收文日期"], ["a", "b", 46086]])
    value = read_table(path, COLUMNS, REQUIRED)[0]["收文日期"]
    assert value == 46086
    assert parse_date(value) == date(2026, 3, 5)


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8", "utf-8-sig"])
def test_csv_in_chinese_encodings(tmp_path: Path, encoding: str) -> None:
    text = (
        "某某镇收文登记\n序号,来文单位,标题,收文日期\n"
        "1,县委办,关于“三夏”工作的通知,2026年3月5日\n,,,\n合计,,,\n"
    )
    path = tmp_path / "收文.csv"
    path.write_bytes(text.encode(encoding))
    rows = read_table(path, COLUMNS, REQUIRED)
    assert rows == [{"序号": "1", "来文机关": "县委办", "标题": "关于“三夏”工作的通知",
                     "收文日期": "2026年3月5日", "备注": None, "_row": 3}]  # fmt: skip


def test_tab_separated_csv(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("标题\t来文机关\n关于A\t县委\n", encoding="utf-8")
    assert read_table(path, COLUMNS, REQUIRED)[0]["标题"] == "关于A"


def test_ods_is_read(tmp_path: Path) -> None:
    path = tmp_path / "a.ods"
    _write_ods(
        path, [["收文登记"], ["标题", "来文机关", "收文日期"], ["关于A", "县委办", "2026-03-05"]]
    )
    rows = read_table(path, COLUMNS, REQUIRED)
    assert [(row["标题"], row["来文机关"], row["_row"]) for row in rows] == [("关于A", "县委办", 3)]


def test_the_sheet_with_the_header_is_used(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["填表说明：请按下一页填写"])
    data = book.create_sheet("收文")
    data.append(["标题", "来文机关"])
    data.append(["关于A", "县委办"])
    book.save(tmp_path / "two.xlsx")
    assert read_table(tmp_path / "two.xlsx", COLUMNS, REQUIRED)[0]["标题"] == "关于A"


def test_missing_required_columns_are_named(tmp_path: Path) -> None:
    path = _book(tmp_path / "bad.xlsx", [["标题说明"], ["序号", "收文日期", "备注"], [1, 2, 3]])
    with pytest.raises(ReaderError) as caught:
        read_table(path, COLUMNS, REQUIRED)
    assert caught.value.message.startswith("找不到表头：缺少列 标题、来文机关")


def test_missing_one_column_names_only_that_one(tmp_path: Path) -> None:
    path = _book(tmp_path / "bad.xlsx", [["标题", "收文日期", "备注"], ["a", 2, 3]])
    with pytest.raises(ReaderError, match="缺少列 来文机关（"):
        read_table(path, COLUMNS, REQUIRED)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.xlsx", b"this is not a workbook", "无法读取文件 a.xlsx：不是 Excel 或 CSV 文件"),
        ("a.docx", b"PK\x03\x04 broken zip", "无法读取文件 a.docx：不是 Excel 或 CSV 文件"),
        ("a.pdf", b"%PDF-1.4", "无法读取文件 a.pdf：不是 Excel 或 CSV 文件"),
        ("a.xlsx", b"", "文件 a.xlsx 是空的"),
        ("a.csv", b"\n,,\n", "文件 a.csv 中没有任何数据"),
        ("a.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "设置了打开密码"),
    ],
)
def test_unreadable_files_say_why_in_one_line(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ReaderError) as caught:
        read_table(path, COLUMNS, REQUIRED)
    assert message in caught.value.message
    assert "\n" not in caught.value.message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReaderError, match="找不到文件"):
        read_table(tmp_path / "nope.xlsx", COLUMNS, REQUIRED)


def test_empty_workbook(tmp_path: Path) -> None:
    path = _book(tmp_path / "empty.xlsx", [])
    with pytest.raises(ReaderError, match="没有任何数据"):
        read_table(path, COLUMNS, REQUIRED)


def _write_ods(path: Path, rows: list[list[str]]) -> None:
    """A minimal OpenDocument spreadsheet, as LibreOffice/WPS save it, with string cells."""

    def cell(text: str) -> str:
        return (
            f'<table:table-cell office:value-type="string"><text:p>{text}</text:p>'
            "</table:table-cell>"
        )

    body = "".join(f"<table:table-row>{''.join(map(cell, row))}</table:table-row>" for row in rows)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="Sheet1">{body}'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest'
        ' xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/"'
        ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                         compress_type=zipfile.ZIP_STORED)  # fmt: skip
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)


def test_legacy_xls_with_title_merges_and_serial_dates(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["某某镇收文登记表"],
        ["序号", "来文单位", "标题", "收文日期"],
        [1, "县委办", "关于A", 46086],
        [2, None, "关于B", "2026.3.6"],
        ["合计", None, None, None],
    ]
    path = write_xls(tmp_path / "收文.xls", rows, merges=((0, 0, 0, 3), (2, 3, 1, 1)))
    found = read_table(path, COLUMNS, REQUIRED)
    assert [(r["_row"], r["序号"], r["来文机关"], r["标题"]) for r in found] == [
        (3, 1, "县委办", "关于A"),
        (4, 2, "县委办", "关于B"),
    ]
    assert [parse_date(r["收文日期"]) for r in found] == [date(2026, 3, 5), date(2026, 3, 6)]


def test_password_protected_xls(tmp_path: Path) -> None:
    path = write_xls(tmp_path / "a.xls", [["标题", "来文机关"], ["a", "b"]], password=True)
    with pytest.raises(ReaderError, match="设置了打开密码"):
        read_table(path, COLUMNS, REQUIRED)


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_html_table_saved_as_xls_by_a_web_system(tmp_path: Path, encoding: str) -> None:
    charset = "utf-8" if encoding == "utf-8" else "gb2312"
    html = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
    </head><body><table border="1">
    <tr><td colspan="4">某某镇收文登记表</td></tr>
    <tr><th>序号</th><th>来文<br>单位</th><th>标题</th><th>收文日期</th></tr>
    <tr><td>1</td><td rowspan="2">县委办</td><td>关于A&amp;B</td><td>2026-03-05</td></tr>
    <tr><td>2</td><td>关于C</td><td>2026-03-06</td></tr>
    <tr><td colspan="2">合计</td><td>2件</td><td></td></tr>
    </table></body></html>"""
    path = tmp_path / "导出.xls"
    path.write_bytes(html.encode(encoding))
    rows = read_table(path, COLUMNS, REQUIRED)
    assert [(r["_row"], r["序号"], r["来文机关"], r["标题"], r["收文日期"]) for r in rows] == [
        (3, "1", "县委办", "关于A&B", "2026-03-05"),
        (4, "2", "县委办", "关于C", "2026-03-06"),
    ]

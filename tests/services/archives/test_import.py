"""`import archive-items`: messy 目录 sheets go in; a sheet with any error writes nothing."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from app import cli
from app.services.archives import checks, filing, queries
from app.services.errors import ImportRejected
from app.services.transfer import import_file
from tests.services.archives.conftest import done_incoming

HEADERS = ["档号", "年度", "期限", "机构（问题）", "文件编号", "责任者", "文件题名", "日期", "密级",
           "页数", "备注"]  # fmt: skip


def _sheet(path: Path, rows: list[list[object]], headers=HEADERS) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["某某镇人民政府 归档文件目录"])  # a title line above the header, as kept by hand
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _codes(uow) -> list[tuple[str, str, str]]:
    with uow() as s:
        rows = queries.list_items(s, queries.CatalogFilter(), limit=100)
    return [(r.archive_code, r.title, r.date8) for r in rows]


def test_a_messy_sheet_goes_in_with_codes_kept_and_assigned(uow, tmp_path):
    path = _sheet(tmp_path / "目录.xlsx", [
        ["Z109-WS・2024-Y-BGS-0001", "", "", "", "镇政〔2024〕1号", "某某镇人民政府",
         "关于印发年度工作要点的通知", 20240105, "", 6, ""],
        ["", 2024, "永久", "党政办公室", "镇政〔2024〕9号", "某某镇人民政府",
         "关于调整领导分工的决定", "2024.3.8", "", "3", ""],
        ["", 2024, "定期30年", "BGS", "", "某某镇党政办", "[全镇防汛值班安排]", "2024年6月1日",
         "", 2, "自拟题名"],
        ["", "", "10年", "bgs", "县政办发〔2024〕3号", "县政府办公室", "关于做好春耕的通知",
         "2024-02-01", "", 1, ""],
        ["z109-ws·2024-d30-bgs-0002", "2024", "D30", "BGS", "", "某某镇党政办", "关于值班的通知",
         "20240701", "", 1, ""],
    ])  # fmt: skip
    with uow() as s:
        assert import_file(s, "archive-items", path) == 5
    assert _codes(uow) == [
        ("Z109-WS·2024-Y-BGS-0001", "关于印发年度工作要点的通知", "20240105"),
        ("Z109-WS·2024-Y-BGS-0002", "关于调整领导分工的决定", "20240308"),
        ("Z109-WS·2024-D30-BGS-0001", "[全镇防汛值班安排]", "20240601"),
        ("Z109-WS·2024-D30-BGS-0002", "关于值班的通知", "20240701"),
        ("Z109-WS·2024-D10-BGS-0001", "关于做好春耕的通知", "20240201"),
    ]
    with uow() as s:
        assert checks.check(s) == []


def _rejected(uow, path) -> list[str]:
    with pytest.raises(ImportRejected) as caught, uow() as s:
        import_file(s, "archive-items", path)
    with uow() as s:
        assert queries.count_items(s, queries.CatalogFilter()) == 0  # nothing written
    return [str(e) for e in caught.value.errors]


def test_errors_name_row_and_column_and_nothing_is_written(uow, tmp_path):
    path = _sheet(tmp_path / "错.xlsx", [
        ["", 2024, "20年", "BGS", "", "甲", "题一", "20240105", "", 1, ""],
        ["", 2024, "永久", "XYZ", "", "甲", "题二", "20240105", "", 1, ""],
        ["abc", "", "", "", "", "甲", "题三", "20240105", "", 1, ""],
        ["", 2024, "永久", "BGS", "", "甲", "题四", "2024.13.40", "内部", "x", ""],
        ["Z109-WS·2024-Y-BGS-0001", 2025, "", "", "", "甲", "题五", "", "", 1, ""],
    ])  # fmt: skip
    found = _rejected(uow, path)
    assert "第3行 保管期限: 无法识别的保管期限“20年”" in found
    assert "第4行 机构: 机构“XYZ”既不是已登记的代码也不是名称" in found
    assert any(e.startswith("第5行 档号: 档号“abc”不符合本全宗的档号规则") for e in found)
    assert "第6行 日期: 无法识别的日期“2024.13.40”" in found
    assert "第6行 页数: 页数应为整数，而不是“x”" in found
    assert "第7行 年度: “2025”与档号 Z109-WS·2024-Y-BGS-0001 不一致" in found


def test_a_repeated_code_names_the_later_row_in_the_sheet_and_against_the_database(uow, tmp_path):
    with uow() as s:
        doc = done_incoming(s, "已归档的一件")
        filing.file_one(s, "收文", doc, "Y", "BGS")  # Z109-WS·2025-Y-BGS-0001
    path = _sheet(tmp_path / "重.xlsx", [
        ["Z109-WS·2024-Y-BGS-0001", "", "", "", "", "甲", "题一", "20240105", "", 1, ""],
        ["Z109-WS·2024-Y-BGS-0002", "", "", "", "", "甲", "题二", "20240105", "", 1, ""],
        ["Z109-WS·2024-Y-BGS-0001", "", "", "", "", "甲", "题三", "20240105", "", 1, ""],
        ["Z109-WS·2025-Y-BGS-0001", "", "", "", "", "甲", "题四", "20250105", "", 1, ""],
    ])  # fmt: skip
    with pytest.raises(ImportRejected) as caught, uow() as s:
        import_file(s, "archive-items", path)
    assert [str(e) for e in caught.value.errors] == [
        "第5行 档号: 档号 Z109-WS·2024-Y-BGS-0001 与第3行重复",
        "第6行 档号: 档号 Z109-WS·2025-Y-BGS-0001 已在档案中",
    ]
    with uow() as s:
        assert queries.count_items(s, queries.CatalogFilter()) == 1


def test_a_given_number_may_not_leave_a_gap(uow, tmp_path):
    path = _sheet(tmp_path / "缺.xlsx", [
        ["Z109-WS·2024-Y-BGS-0001", "", "", "", "", "甲", "题一", "20240105", "", 1, ""],
        ["Z109-WS·2024-Y-BGS-0003", "", "", "", "", "甲", "题三", "20240105", "", 1, ""],
    ])  # fmt: skip
    assert _rejected(uow, path) == ["第4行 档号: 件号不连续：本类别只到 0002"]


def test_cli_import_is_on_line_and_exits_2_on_errors(data_dir, tmp_path, capsys):
    base = ["--data-dir", str(data_dir.root)]
    good = _sheet(tmp_path / "好.xlsx", [["", 2024, "Y", "BGS", "", "甲", "题一", "", "", 1, ""]])
    bad = _sheet(tmp_path / "坏.xlsx", [["", 2024, "Q", "BGS", "", "甲", "题一", "", "", 1, ""]])
    assert cli.main([*base, "import", "archive-items", str(bad)]) == 2
    assert "第3行 保管期限" in capsys.readouterr().err
    assert cli.main([*base, "import", "archive-items", str(good)]) == 0
    assert "已导入 1 行" in capsys.readouterr().out

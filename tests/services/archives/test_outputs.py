"""档案 exports through the registry: 目录 (cover, landscape, 8-digit dates), labels, boxes,
清册, 年报, and the 借阅 register out and back in."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.services import transfer
from app.services.archives import appraisal, boxes, loans, stats
from app.services.errors import DomainError, ImportRejected
from app.services.modules import load_all
from app.services.registry import ExportQuery
from tests.reports.pdftext import needs_poppler, pdf_text
from tests.services.archives.stock import add_items, add_org

TODAY = date(2026, 11, 30)


@pytest.fixture
def filed(uow) -> list[int]:
    load_all()
    with uow() as s:
        add_org(s)
        ids = add_items(s, 2025, "Y", 3) + add_items(s, 2025, "D10", 2)
        boxes.create_box(s, ids[:3], thickness_cm=3)
        return ids


def _export(uow, kind: str, path: Path, **options) -> int:
    query = ExportQuery(year=options.pop("year", 2025), options=options or None)
    with uow() as s:
        return transfer.export_file(s, kind, path, query)


def _pages(path: Path) -> list[str]:
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "99", str(path)], capture_output=True, text=True
    ).stdout
    return [
        line.split(":", 1)[1].strip()
        for line in info.splitlines()
        if line.startswith("Page") and " size:" in line
    ]


@needs_poppler
def test_catalog_pdf_cover_landscape_and_8_digit_dates(uow, filed, tmp_path):
    out = tmp_path / "目录.pdf"
    assert _export(uow, "archive-catalog", out) == 5
    pages = pdf_text(out).split("\f")[:-1]
    assert len(pages) == 4  # cover + table for 永久, then for 定期10年
    sizes = _pages(out)
    assert len(sizes) == 4 and all("841.89 x 595.276" in size for size in sizes)  # A4 landscape
    cover = "".join(pages[0].split())
    for text in (
        "归档文件目录",
        "全宗号：Z109",
        "全宗名称：某某镇人民政府",
        "年度：2025",
        "保管期限：永久",
        "机构（问题）：办公室",
    ):
        assert text in cover
    table = pages[1]
    for header in ("序号", "档号", "文号", "责任者", "题名", "日期", "密级", "页数", "备注"):
        assert header in table
    assert "Z109-WS·2025-Y-BGS-0001" in table and "20250301" in table
    assert "2025-03-01" not in table
    assert "保管期限：定期10年" in "".join(pages[2].split())


def test_catalog_xlsx_has_the_cover_sheet_and_one_row_per_item(uow, filed, tmp_path):
    out = tmp_path / "目录.xlsx"
    assert _export(uow, "archive-catalog", out, period="D10") == 2
    book = load_workbook(out)
    assert book.sheetnames[0] == "封面"
    cover = {r[0]: r[1] for r in book["封面"].iter_rows(values_only=True) if r and r[0]}
    assert cover["全宗号"] == "Z109" and cover["保管期限"] == "定期10年"
    rows = list(book.worksheets[1].iter_rows(values_only=True))
    assert rows[2][:2] == ("序号", "档号") and rows[3][1] == "Z109-WS·2025-D10-BGS-0001"
    assert rows[3][5] == "20250301" and book.worksheets[1].page_setup.orientation == "landscape"


def test_catalog_of_an_empty_year_says_so(uow, filed, tmp_path):
    with pytest.raises(DomainError, match="2019年度没有已归档的文件"):
        _export(uow, "archive-catalog", tmp_path / "a.pdf", year=2019)
    assert not list(tmp_path.glob("*.pdf"))


@needs_poppler
def test_labels_spines_notes_are_readable_pdfs(uow, filed, tmp_path):
    with uow() as s:
        box = boxes.list_boxes(s, 2025)[0]
        boxes.save_notes(s, box.id, boxes.BoxNotes("无破损", "张三", TODAY, "李四", TODAY))
    assert _export(uow, "archive-labels", tmp_path / "章.pdf") == 5
    stamp = pdf_text(tmp_path / "章.pdf")
    assert all(word in stamp for word in ("Z109", "2025", "0001", "0003", "BGS", "D10"))
    assert _export(uow, "archive-spines", tmp_path / "脊.pdf") == 1
    spine = "".join(pdf_text(tmp_path / "脊.pdf").split())
    assert all(w in spine for w in ("全宗号", "Z109", "永久", "起止件号", "0001—0003", "盒号"))
    assert _export(uow, "archive-notes", tmp_path / "备考.pdf") == 1
    note = "".join(pdf_text(tmp_path / "备考.pdf").split())
    for word in (
        "备考表",
        "盒内文件情况说明",
        "无破损",
        "整理人：张三",
        "检查人：李四",
        "检查日期：2026年11月30日",
    ):
        assert word in note
    assert _export(uow, "archive-faces", tmp_path / "盒面.pdf") == 1
    assert _export(uow, "archive-labels", tmp_path / "章.xlsx") == 5


@needs_poppler
def test_destruction_list_names_the_supervisor(uow, filed, tmp_path):
    with uow() as s:
        old = add_items(s, 2015, "D10", 2)
        appraisal.appraise(s, appraisal.AppraisalForm(old, "销毁", "张三、李四", TODAY))
        appraisal.destroy(s, appraisal.DisposalForm(old, "XH1", TODAY, "李红", "赵六"))
    assert _export(uow, "archive-destroyed", tmp_path / "x.pdf", batch="XH1") == 2
    text = "".join(pdf_text(tmp_path / "x.pdf").split())
    assert "档案销毁清册" in text and "监销人：赵六" in text and "共2件6页" in text


def test_loans_register_out_and_back_in(uow, filed, tmp_path):
    with uow() as s:
        loans.lend(
            s,
            loans.LoanForm(
                filed[0],
                date(2026, 11, 2),
                "赵磊",
                "财政所",
                "查考",
                "借出",
                "分管领导",
                date(2026, 11, 9),
                "李红",
            ),
        )
        loans.return_loan(s, loans.list_loans(s)[0].id, date(2026, 11, 8))
    out = tmp_path / "借阅.xlsx"
    assert _export(uow, "archive-loans", out, year=2026) == 1
    with uow() as s:
        assert transfer.import_file(s, "archive-loans", out) == 1
        rows = loans.list_loans(s)
    assert [(r.borrower, r.returned_on) for r in rows] == [("赵磊", date(2026, 11, 8))] * 2


def test_loans_import_with_a_bad_row_writes_nothing(uow, filed, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["借阅日期", "借阅人", "档号", "方式", "利用目的", "批准人", "应还日期"])
    sheet.append(["2026.3.5", "赵磊", "Z109-WS·2025-Y-BGS-0001", "查阅", "查考", "", ""])
    sheet.append(["2026.3.6", "钱七", "Z109-WS·2025-Y-BGS-0002", "借出", "查考", "", "2026.3.9"])
    sheet.append(["2026.3.7", "孙八", "Z109-WS·2030-Y-BGS-0001", "查阅", "查考", "", ""])
    book.save(tmp_path / "in.xlsx")
    with pytest.raises(ImportRejected) as caught, uow() as s:
        transfer.import_file(s, "archive-loans", tmp_path / "in.xlsx")
    assert [(e.row, e.column) for e in caught.value.errors] == [(3, "批准人"), (4, "档号")]
    with uow() as s:
        assert loans.list_loans(s) == []


def test_annual_return_figures(uow, filed, tmp_path):
    with uow() as s:
        add_items(s, 2024, "D30", 4)
        loans.lend(s, loans.LoanForm(filed[0], TODAY, "赵磊", "", "查考", "查阅"))
        loans.lend(s, loans.LoanForm(filed[1], TODAY, "赵磊", "", "查考", "查阅"))
        loans.lend(s, loans.LoanForm(filed[2], TODAY, "钱七", "", "查考", "查阅"))
        appraisal.transfer(s, appraisal.DisposalForm(filed[:1], "YJ1", TODAY, "李红"))
        figures = stats.annual_return(s, 2026)
    assert figures.by_year == [("2024", [0, 4, 0]), ("2025", [2, 0, 2])]
    assert (figures.added, figures.loan_people, figures.loan_items) == (9, 2, 3)
    assert (figures.transferred, figures.destroyed, figures.held) == (1, 0, 8)
    assert (
        _export(uow, "archive-stats", tmp_path / "年报.xlsx", year=2026) == 9
    )  # 2 years + 合计, 6 figures


def test_cli_exports_the_catalog_by_period_and_refuses_a_bad_period(
    uow, filed, data_dir, tmp_path, capsys
):
    from app import cli

    base = ["--data-dir", str(data_dir.root), "export"]
    out = tmp_path / "目录.xlsx"
    args = ["archive-catalog", "--year", "2025", "--period", "D10", "--out", str(out)]
    assert cli.main([*base, *args]) == 0
    assert "已导出 2 行" in capsys.readouterr().out
    bad = ["archive-catalog", "--year", "2025", "--period", "五年", "--out", str(out)]
    assert cli.main([*base, *bad]) != 0
    assert "保管期限“五年”无效" in capsys.readouterr().err
    spines = tmp_path / "脊.pdf"
    assert cli.main([*base, "archive-spines", "--year", "2025", "--out", str(spines)]) == 0
    assert spines.is_file()


@needs_poppler
def test_the_stamp_prints_on_each_items_first_page_at_the_top(uow, filed, tmp_path):
    """归档章 on the first page (DA/T 22-2015): one A4 page per 件, in 档号 order, the stamp
    alone at the top centre, to be run through the printer with the 件's first pages."""
    out = tmp_path / "首页.pdf"
    assert _export(uow, "archive-first-pages", out) == 5
    assert len(_pages(out)) == 5 and all("A4" in p for p in _pages(out))
    pages = pdf_text(out).split("\f")[:-1]
    assert ["".join(p.split()) for p in pages[:2]] == ["Z10920250001BGSY3", "Z10920250002BGSY3"]
    assert "".join(pages[4].split()) == "Z10920250002BGSD103"
    boxes_ = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(out), "-"],
                            capture_output=True, text=True).stdout  # fmt: skip
    word = next(line for line in boxes_.splitlines() if ">Z109<" in line)
    y_min = float(word.split('yMin="')[1].split('"')[0])
    x_min = float(word.split('xMin="')[1].split('"')[0])
    assert y_min < 25 * 72 / 25.4  # at the top: within 25 mm of the paper's edge
    assert 595 / 2 - 45 * 72 / 25.4 < x_min < 595 / 2  # in the stamp's left cell, centred

"""Real files: export xlsx (reopened with openpyxl) and pdf (pdftotext), import from xlsx."""

from __future__ import annotations

import subprocess
from datetime import date

import openpyxl
import pytest

from app.services import audit
from app.services.context import Role
from app.services.errors import ImportRejected
from app.services.registry import ExportQuery
from app.services.transfer import export_file, import_file
from app.services.visits import cases, queries
from tests.services.visits.helpers import ID_A, ID_B, person, walk_in

MASKED_A = ID_A[:4] + "*" * 10 + ID_A[-4:]


@pytest.fixture
def two_cases(uow):
    with uow() as s:
        cases.register_case(s, walk_in(date(2026, 3, 2)))
        other = [person("李秀英", ID_B, "13900001111")]
        accusation = walk_in(date(2026, 3, 9), category="检举控告类", persons=other,
                             issue="反映村会计挪用集体资金", accused_name="钱某某")  # fmt: skip
        cases.register_case(s, accusation)


def _cells(path):
    book = openpyxl.load_workbook(path, read_only=True)
    out = {ws.title: [str(v) for row in ws.iter_rows(values_only=True) for v in row if v]
           for ws in book.worksheets}  # fmt: skip
    book.close()
    return out


def _pdf(path):
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip


def test_xlsx_masks_by_default_and_unmasked_only_on_request(uow, two_cases, tmp_path):
    with uow() as s:
        assert export_file(s, "visits", tmp_path / "m.xlsx", ExportQuery(year=2026)) > 2
        export_file(s, "visits", tmp_path / "u.xlsx",
                    ExportQuery(year=2026, options={"unmasked": True}))  # fmt: skip
        trail = audit.query(s, audit.AuditFilter(action="导出"))
    masked, plain = _cells(tmp_path / "m.xlsx"), _cells(tmp_path / "u.xlsx")
    assert set(masked) == {"来访登记簿", "来访月度统计"}
    text = " ".join(masked["来访登记簿"])
    assert MASKED_A in text and ID_A not in text and "13812345678" not in text
    assert "3组12号" not in text and "钱某某" not in text
    for header in ("受理日期", "告知期限", "办结期限", "状态"):
        assert header in masked["来访登记簿"]
    assert ID_A in " ".join(plain["来访登记簿"]) and "13812345678" in " ".join(plain["来访登记簿"])
    assert len(trail) == 1 and "未脱敏" in trail[0].summary


def test_clerk_export_has_no_accusations(uow, two_cases, make_user, tmp_path):
    with uow(make_user(Role.CLERK)) as s:
        export_file(s, "visits", tmp_path / "c.xlsx", ExportQuery(year=2026))
        export_file(s, "visits", tmp_path / "c.pdf", ExportQuery(year=2026))
    for text in (" ".join(_cells(tmp_path / "c.xlsx")["来访登记簿"]), _pdf(tmp_path / "c.pdf")):
        assert "李秀英" not in text and "挪用" not in text and "检举控告类" not in text
        assert "王建国" in text


def test_pdf_register_masked(uow, two_cases, tmp_path):
    with uow() as s:
        export_file(s, "visits", tmp_path / "r.pdf", ExportQuery(year=2026))
    text = _pdf(tmp_path / "r.pdf").replace("\n", "")
    assert "来访登记簿" in text and "来访月度统计" in text
    assert MASKED_A in text and ID_A not in text and "138****5678" in text
    assert "钱某某" not in text


def _sheet(path, rows):
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["某某镇来访登记簿（2026年）"])
    ws.append(["登记日期", "来访形式", "来访人", "身份证号", "联系电话", "所在村", "主要问题",
               "信访类别", "受理日期"])  # fmt: skip
    for row in rows:
        ws.append(row)
    book.save(path)


def test_import_xlsx_all_or_nothing(uow, tmp_path):
    good = ["2026.3.5", "来访", "王建国", ID_A, "13812345678", "东湖村", "宅基地纠纷", "申诉求决类",
            "2026-03-06"]  # fmt: skip
    bad = ["2026.3.6", "上门", "李秀英", ID_B, "139", "西岗村", "低保", "申诉求决类", "3月"]
    _sheet(tmp_path / "bad.xlsx", [good, bad])
    with uow() as s, pytest.raises(ImportRejected) as err:
        import_file(s, "visits", tmp_path / "bad.xlsx")
    assert {(e.row, e.column) for e in err.value.errors} == {
        (4, "信访形式"),
        (4, "电话"),
        (4, "受理日期"),
    }
    with uow() as s:
        assert queries.count_cases(s, queries.CaseFilter()) == 0
    _sheet(tmp_path / "good.xlsx", [good])
    with uow() as s:
        assert import_file(s, "visits", tmp_path / "good.xlsx") == 1
    with uow() as s:
        row = queries.list_cases(s, queries.CaseFilter())[0]
    assert row.accepted_on == date(2026, 3, 6) and row.names == "王建国"
    assert row.form == "走访"  # the older word 来访 read as 走访

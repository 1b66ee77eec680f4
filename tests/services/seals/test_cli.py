"""The command line end to end: import seals and seal-uses from xlsx, export, check."""

from __future__ import annotations

import shutil
import subprocess

import openpyxl
import pytest

from app import cli
from app.services.seals import chain, ledger
from app.services.seals.dto import UseFilter

HEADER = ["用印编号", "日期时间", "印章", "用印单位/科室", "申请人/经办人", "事由", "文件名称",
          "文号", "份数", "审批人", "审批人职务", "审批时间", "监印人", "留存复印件", "备注",
          "文件完整"]  # fmt: skip


def _sheet(path, title, header, rows) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([title])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)


def _use(day: int, seal: str = "中共某某镇委员会", copies: object = 2) -> list[object]:
    return ["", f"2026年3月{day}日 10:00", seal, "党政办", "赵磊", "报送县委",
            f"关于报送第{day}期简报的报告", f"镇委〔2026〕{day}号", copies, "王建国", "党委书记",
            f"2026.3.{day} 9:00", "李红", "是", "", "是"]  # fmt: skip


@pytest.fixture
def imported(data_dir, tmp_path, capsys):
    seals = tmp_path / "seals.xlsx"
    _sheet(seals, "印章登记表", ["印章名称", "类别", "保管人", "审批人"],
           [["中共某某镇委员会", "党委章", "李红", "党委书记"]])  # fmt: skip
    uses = tmp_path / "uses.xlsx"
    _sheet(uses, "用印登记簿（2026年）", HEADER, [_use(9), _use(3), _use(6)])
    base = ["--data-dir", str(data_dir.root)]
    assert cli.main([*base, "import", "seals", str(seals)]) == 0
    assert cli.main([*base, "import", "seal-uses", str(uses)]) == 0
    capsys.readouterr()
    return base


def test_import_then_export_and_check(uow, imported, tmp_path, capsys):
    with uow() as s:
        rows = ledger.list_uses(s, UseFilter())
        assert chain.verify_chain(s).count == 3
    assert [r.used_at.astimezone().day for r in rows] == [3, 6, 9]
    out_xlsx, out_pdf = tmp_path / "out.xlsx", tmp_path / "out.pdf"
    assert (
        cli.main([*imported, "export", "seal-uses", "--year", "2026", "--out", str(out_pdf)]) == 0
    )
    assert out_pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):  # the chain status is printed at the foot of the register
        text = subprocess.run(["pdftotext", "-layout", str(out_pdf), "-"], capture_output=True,
                              check=True).stdout.decode()  # fmt: skip
        assert "登记簿未被改动（校验至第 3 条，2026-03-09）" in text
        assert "用印登记簿" in text and "2026-0003" in text
    args = ["export", "seal-uses", "--from", "2026-03-04", "--to", "2026-03-31"]
    assert cli.main([*imported, *args, "--out", str(out_xlsx)]) == 0
    values = [c for row in openpyxl.load_workbook(out_xlsx).active.iter_rows(values_only=True)
              for c in row if c]  # fmt: skip
    assert "2026-0002" in values and "2026-0001" not in values
    assert any(str(v).startswith("登记簿未被改动（校验至第 3 条") for v in values)
    assert cli.main([*imported, "check"]) == 0


def test_bad_sheet_imports_nothing(uow, imported, tmp_path, capsys):
    bad = tmp_path / "bad.xlsx"
    _sheet(bad, "用印登记簿", HEADER, [_use(12), _use(13, copies="零"), _use(14, seal="无此章")])
    assert cli.main([*imported, "import", "seal-uses", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "第4行 份数" in err and "第5行 印章" in err and "未导入任何数据" in err
    with uow() as s:
        assert ledger.count_uses(s, UseFilter()) == 3

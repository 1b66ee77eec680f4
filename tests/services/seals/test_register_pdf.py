"""The printed 用印登记簿: the seal ledger's own PDF columns, every column in the xlsx."""

from __future__ import annotations

from datetime import timedelta

import openpyxl

from app.reports.pdf import column_widths, wrap_lines
from app.reports.table import paper_fields
from app.services.registry import ExportQuery
from app.services.seals import catalog, exchange, ledger
from app.services.seals.dto import SealForm
from app.services.transfer import export_file
from tests.reports.pdftext import needs_poppler, pdf_text
from tests.services.seals.conftest import T0, use_form

QUERY = ExportQuery(year=2026)
AT = T0.astimezone()  # the register prints local time
# printed cells on lines of their own, never broken inside a name, a number or a time
STACKED = (
    ("印章", "中共某某镇委员会\n办公室"),
    ("用印时间", f"{AT:%Y-%m-%d}\n{AT:%H:%M}"),
    ("单位/经办人", "党政办\n赵磊"),
    ("文件名称/文号", "关于报送年度工作总结的报告\n镇委办〔2026〕3号"),
    ("审批人/审批时间", f"王建国（党委书记）\n{AT - timedelta(hours=1):%Y-%m-%d %H:%M}"),
    ("用印编号", "作废\n2026-0001"),
    ("事由", "作废原因：\n文件名称填错"),
)


@needs_poppler
def test_seal_register_pdf_prints_its_columns_and_the_xlsx_keeps_all(uow, tmp_path):
    with uow() as s:
        office = catalog.add_seal(
            s, SealForm("中共某某镇委员会办公室", "党政办章", "李红", ["党委书记"])
        )
        first = ledger.register_use(s, use_form(office, doc_number="镇委办〔2026〕3号"))
        ledger.void_use(s, first, "文件名称填错")
        export_file(s, "seal-uses", tmp_path / "用印.pdf", QUERY)
        export_file(s, "seal-uses", tmp_path / "用印.xlsx", QUERY)
        table = exchange.use_table(s, QUERY)
    text = pdf_text(tmp_path / "用印.pdf")
    widths = dict(column_widths(table))
    assert list(widths) == [column.header for column in exchange.USE_PRINTED]
    for header, width in widths.items():
        assert all(line in text for line in wrap_lines(header, width, heading=True)), header
    for header, cell in STACKED:
        lines = wrap_lines(cell, widths[header])
        assert len(lines) == cell.count("\n") + 1 and all(line in text for line in lines), cell
    assert "登记簿未被改动（校验至第 2 条" in text and "SHA-256 前 16 位" in text
    sheet = openpyxl.load_workbook(tmp_path / "用印.xlsx").worksheets[0]
    headers = [cell.value for cell in sheet[3]]
    assert sorted(headers) == sorted(header for header, _ in exchange.USE_HEADERS)
    assert headers[: len(paper_fields(table))] == paper_fields(table)  # the printed ones first

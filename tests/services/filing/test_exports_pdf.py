"""The printed 收文/发文登记簿: a clerk's column set in the PDF, every column in the xlsx."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter

from app.reports.pdf import column_widths, wrap_lines
from app.reports.table import PrintColumn, ReportTable, paper_fields
from app.services.archives.filing import file_one
from app.services.duty import staff
from app.services.filing import handling, incoming, outgoing
from app.services.filing.exchange import exports
from app.services.registry import ExportQuery
from app.services.seals import catalog, ledger
from app.services.seals.dto import SealForm, UseForm
from app.services.transfer import export_file
from tests.reports.pdftext import needs_poppler, pdf_text

AT = datetime(2026, 3, 5, 2, tzinfo=UTC)


def _handled_incoming(session) -> None:
    form = incoming.ReceiveForm(
        "县自然资源局", "关于开展耕地保护专项检查的通知", "县自然资发〔2026〕10号", doc_type="通知",
        urgency="特急", secrecy="秘密", secrecy_years=10, copies=3, received_at=AT,
    )  # fmt: skip
    doc_id = incoming.receive(session, form)
    incoming.review(session, doc_id)
    incoming.propose(session, doc_id, "拟请分管领导阅示")
    incoming.instruct(session, doc_id, "请自然资源所抓紧落实", "赵副镇长")
    assign = incoming.AssignForm(
        "自然资源所", ("综治中心",), "张三", date(2026, 3, 12), pusher="王主任"
    )
    incoming.assign(session, doc_id, assign)
    handling.remind(session, doc_id, date(2026, 3, 9), "电话", "已在办理")
    handling.finish(session, doc_id, "已按要求落实", date(2026, 3, 10))
    assert file_one(session, "收文", doc_id, "Y", "BGS") == "Z109-WS·2026-Y-BGS-0001"


def _printed_lines(table: ReportTable, header: str, text: str) -> list[str]:
    """How `text` wraps in the printed column `header` (poppler joins a line ending in -)."""
    width = dict(column_widths(table))[header]
    return [line.removesuffix("-") for line in wrap_lines(text, width)]


def _xlsx_keeps_all(path: Path, table: ReportTable) -> None:
    """Every field in the sheet, the paper register's first: those alone are printed."""
    sheet = openpyxl.load_workbook(path).worksheets[0]
    headers = [str(cell.value) for cell in sheet[3]]
    paper = paper_fields(table)
    assert sorted(headers) == sorted(column.header for column in table.columns)
    assert headers[: len(paper)] == paper
    assert (
        sheet.print_area == f"'{sheet.title}'!$A$1:${get_column_letter(len(paper))}${sheet.max_row}"
    )


def _headers_shown(printed: tuple[PrintColumn, ...], table: ReportTable, text: str) -> None:
    for header, width in column_widths(table):
        assert all(line in text for line in wrap_lines(header, width, heading=True)), header
    assert [h for h, _ in column_widths(table)] == [c.header for c in printed]


@needs_poppler
def test_incoming_pdf_prints_the_register_columns_and_the_xlsx_keeps_all(uow, tmp_path):
    query = ExportQuery(year=2026)
    with uow() as s:
        _handled_incoming(s)
        export_file(s, "incoming", tmp_path / "收文.pdf", query)
        export_file(s, "incoming", tmp_path / "收文.xlsx", query)
        table = exports.incoming_register(s, query)
        # its rows stream from this unit's session: read them before it closes (read after,
        # they began a transaction on the closed session that nothing ended: a leaked
        # connection, which the server fixture now fails on)
        table.rows = list(table.rows)
    text = pdf_text(tmp_path / "收文.pdf")
    _headers_shown(exports.INCOMING_PRINTED, table, text)
    for left_out in ("签收时间", "拟办意见", "领导批示", "传阅记录", "催办记录", "成文日期"):
        assert left_out not in text
    assert "拟请分管领导阅示" not in text and "已在办理" not in text
    for header, cell in (("来文字号", "县自然资发\n〔2026〕10号"), ("密级", "秘密\n★10年"),
                         ("承办部门/人", "自然资源所\n综治中心\n张三"),
                         ("办结情况", "2026-03-10\n已按要求落实"),
                         ("档号", "Z109-WS·2026-\nY-BGS-0001")):  # fmt: skip
        lines = _printed_lines(table, header, cell)
        assert len(lines) == cell.count("\n") + 1 and all(line in text for line in lines), cell
    assert "2026-03-05" in text and not re.search(r"2026-03-05 \d", text)  # the day, not the time
    _xlsx_keeps_all(tmp_path / "收文.xlsx", table)


def _stamped_outgoing(session, register_outgoing) -> None:
    kept, voided = register_outgoing(title="关于做好春耕生产工作的通知"), register_outgoing()
    outgoing.void(session, voided.id, "编号错误")
    seal = catalog.add_seal(session, SealForm("中共某某镇委员会", "党委章", "李红", ["党委书记"]))
    staff.add_person(session, staff.DutyPersonForm("王建国", "党委书记"))
    for copies in (3, 20):
        at = datetime(2026, 3, 5, 1, tzinfo=UTC) + timedelta(minutes=copies)
        ledger.register_use(session, UseForm(
            seal, at, "党政办", "赵磊", "发文", "", copies, "王建国", at - timedelta(hours=1),
            attested=True, approver_title="党委书记", outgoing_id=kept.id,
        ))  # fmt: skip


@needs_poppler
def test_outgoing_pdf_prints_the_register_columns_and_the_xlsx_keeps_all(
    uow, register_outgoing, tmp_path
):
    query = ExportQuery(year=2026)
    with uow() as s:
        _stamped_outgoing(s, register_outgoing)
    with uow() as s:
        export_file(s, "outgoing", tmp_path / "发文.pdf", query)
        export_file(s, "outgoing", tmp_path / "发文.xlsx", query)
        table, _ = exports.outgoing_export(s, query)
        seals = next(r for r in table.rows if r[0] == "镇政〔2026〕1号")[17]
    pages = pdf_text(tmp_path / "发文.pdf").split("\f")
    _headers_shown(exports.OUTGOING_PRINTED, table, pages[0])
    for left_out in ("拟稿部门/人", "核稿人", "复核人", "抄送", "印发机关", "公开属性", "作废原因"):
        assert left_out not in pages[0]
    assert "李文书" not in pages[0] and "各村委会" in pages[0]
    for header, cell in (("发文字号", "镇政\n〔2026〕1号"), ("状态", "作废\n编号错误"),
                         ("用印记录", seals.replace("；", "\n"))):  # fmt: skip
        lines = _printed_lines(table, header, cell)
        assert len(lines) == cell.count("\n") + 1 and all(line in pages[0] for line in lines), cell
    assert "发文字号断号、重号情况" in pages[-2] and "断号" in pages[-2]
    _xlsx_keeps_all(tmp_path / "发文.xlsx", table)

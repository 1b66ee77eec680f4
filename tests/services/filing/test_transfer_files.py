"""Real files through the report kit: a messy county sheet in, registers out as xlsx and pdf."""

from __future__ import annotations

from datetime import UTC, datetime

import openpyxl
import pytest

from app.services.errors import ImportRejected
from app.services.filing import incoming, queries
from app.services.filing.queries import FilingFilter
from app.services.registry import ExportQuery
from app.services.transfer import export_file, import_file


def _messy_sheet(path, extra_rows=()):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["某某镇2026年收文登记簿"])
    sheet.merge_cells("A1:F1")
    sheet.append(["填报单位：某某镇党政办"])
    sheet.append(["序号", "收文日期", "来文单位", "文号", "文件标题", "紧急程度"])
    sheet.append(
        [1, "2026.3.5", "县委办公室", "县委办发【2026】 08号", "关于做好信访稳定工作的通知", "急件"]
    )
    sheet.append([])
    sheet.append([2, "2026年3月6日", "县农业农村局", "县农发(2026)12号", "关于春耕备耕的函", ""])
    for row in extra_rows:
        sheet.append(row)
    sheet.append(["合计", "", "", "", "", ""])
    book.save(path)
    return path


def test_messy_sheet_imports(uow, tmp_path):
    path = _messy_sheet(tmp_path / "收文.xlsx")
    with uow() as session:
        assert import_file(session, "incoming", path) == 2
    with uow() as session:
        rows = {r.sender: r for r in queries.list_incoming(session, FilingFilter())}
    assert rows["县委办公室"].sender_doc_number == "县委办发〔2026〕8号"
    assert rows["县委办公室"].urgency == "加急"
    assert rows["县农业农村局"].doc_type == "函"


def test_sheet_with_errors_writes_nothing(uow, tmp_path):
    bad = [[3, "2026.3.7", "县委办公室", "县委办发[2026]8号", "重复的文", ""],
           [4, "不是日期", "县民政局", "", "关于低保的通知", "特提"]]  # fmt: skip
    path = _messy_sheet(tmp_path / "坏.xlsx", bad)
    with uow() as session, pytest.raises(ImportRejected) as caught:
        import_file(session, "incoming", path)
    lines = [str(e) for e in caught.value.errors]
    assert lines == [
        "第7行 来文字号: 与第4行重复（同一来文机关、同一来文字号）",
        "第8行 签收日期: 无法识别的日期“不是日期”",
        "第8行 紧急程度: 紧急程度只能是特急、加急或不填，不能是“特提”。",
    ]
    with uow() as session:
        assert queries.count_incoming(session, FilingFilter()) == 0


@pytest.mark.parametrize("kind", ["incoming", "outgoing", "tasks"])
@pytest.mark.parametrize("suffix", [".xlsx", ".pdf"])
def test_exports_write_files(uow, tmp_path, register_outgoing, kind, suffix):
    register_outgoing()
    with uow() as session:
        form = incoming.ReceiveForm("县政府办公室", "关于做好防汛工作的通知",
                                    received_at=datetime(2026, 3, 5, 2, tzinfo=UTC))  # fmt: skip
        incoming.receive(session, form)
    out = tmp_path / f"{kind}{suffix}"
    with uow() as session:
        count = export_file(session, kind, out, ExportQuery(year=2026))
    assert out.stat().st_size > 1000
    assert count >= (0 if kind == "tasks" else 1)
    if suffix == ".xlsx":
        book = openpyxl.load_workbook(out, read_only=True)
        assert book.sheetnames
        book.close()

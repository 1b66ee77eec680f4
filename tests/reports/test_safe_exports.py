"""Every registered export over hostile texts: no formula cell, no refused character.

Texts that begin with = + - @ (CWE-1236) and texts holding every control character are put
into the free-text columns of every register, then every export is written to .xlsx and read
back. A cell may be a formula only where the program writes one on purpose (none today).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import Table, update

from app import cli
from app.config import DataDir
from app.db import unit_of_work
from app.models.base import Base
from app.reports.cells import clean_text
from app.services import registry
from app.services.context import CLI
from app.services.errors import DomainError
from app.services.registry import ExportQuery
from app.services.transfer import export_file

CONTROLS = "".join(chr(i) for i in range(32)) + "\x7f"
HOSTILE = [
    '=HYPERLINK("http://example.invalid","点此查看")',
    "=1+1",
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    f"标题{CONTROLS}结尾",
]
# Free text a clerk types: what an imported sheet or a form can put there.
FREE_TEXT = {
    "incoming_docs": ("sender", "title", "instruction", "result", "lead_dept", "proposal"),
    "outgoing_docs": ("title", "main_to", "cc", "drafter", "draft_dept"),
    "supervision_tasks": ("matter", "dept", "evidence", "person", "source_text"),
    "seals": ("keeper", "note"),
    "seal_uses": ("unit", "applicant", "purpose", "doc_title", "note"),
    "visit_cases": ("village", "issue", "demand", "facts", "opinion", "handler_unit"),
    "visit_petitioners": ("name", "address"),
    "duty_people": ("title", "dept"),
    "duty_log_entries": ("source_unit", "content", "instruction", "handling"),
    "roster_days": ("note",),
    "audit_entries": ("summary",),
    "archive_items": ("title", "author", "note", "doc_no"),
    "meetings": ("name", "room", "host", "recorder"),
    "meeting_attendees": ("name", "absent_reason"),
    "meeting_topics": ("title",),
    "meeting_decisions": ("matter", "leader", "dept", "person"),
}
# The demo files the ten years before this one: 档案 exports print last year's 件.
ARCHIVE_YEAR, REGISTER_YEAR = 2025, 2026
# These print a 销毁/移交 batch or the boxes, which the demo does not make: they say so.
REFUSED_ON_THE_DEMO = {
    "archive-destroyed",
    "archive-transferred",
    "archive-spines",
    "archive-notes",
    "archive-faces",
}
DELIBERATE_FORMULAS: dict[str, set[str]] = {}  # kind -> cells that hold a formula on purpose


@pytest.fixture(scope="module")
def kinds() -> list[str]:
    from app.services.modules import load_all

    load_all()
    return sorted(registry.EXPORTS)


def _poison(text: str) -> None:
    tables = {t.name: t for t in Base.metadata.sorted_tables}
    with unit_of_work(CLI) as session:
        for name, columns in FREE_TEXT.items():
            table: Table = tables[name]
            session.execute(update(table).values(dict.fromkeys(columns, text)))


@pytest.mark.parametrize("text", HOSTILE)
def test_every_export_writes_text_as_text(
    data_dir: DataDir, tmp_path: Path, kinds: list[str], text: str
) -> None:
    assert cli.main(["--data-dir", str(data_dir.root), "demo", "--size", "30"]) == 0
    _poison(text)
    shown = set()
    for kind in kinds:
        out = tmp_path / f"{kind}.xlsx"
        if not _export(kind, out):
            continue
        if any(clean_text(text)[:5] in value for value in _check(kind, out)):
            shown.add(kind)
    # the hostile text did reach the registers it was put into
    assert {
        "incoming",
        "outgoing",
        "seal-uses",
        "visits",
        "duty-log",
        "audit",
        "archive-catalog",
    } <= shown, shown


def _export(kind: str, out: Path) -> bool:
    """Write one export; False when it is one that refuses on the demo, as it should."""
    year = ARCHIVE_YEAR if kind.startswith("archive-") else REGISTER_YEAR
    try:
        with unit_of_work(CLI) as session:
            export_file(session, kind, out, ExportQuery(year=year))
    except DomainError as refused:
        assert kind in REFUSED_ON_THE_DEMO, (kind, str(refused))
        return False
    return True


def _check(kind: str, path: Path) -> list[str]:
    book = openpyxl.load_workbook(path)
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                where = f"{sheet.title}!{cell.coordinate}"
                if cell.data_type == "f":
                    assert where in DELIBERATE_FORMULAS.get(kind, set()), (kind, where, cell.value)
                if isinstance(cell.value, str):
                    assert not any(ch in cell.value for ch in CONTROLS if ch != "\n"), where
                    texts.append(cell.value)
    return texts


def test_a_bare_table_keeps_text_as_text(tmp_path: Path) -> None:
    from app.reports import xlsx
    from app.reports.table import Column, ReportTable

    rows = [[text, 1] for text in HOSTILE]
    out = tmp_path / "长.xlsx"
    xlsx.write_xlsx(ReportTable("收文登记簿", [Column("标题", 20), Column("份数", 6)], rows), out)
    texts = _check("long", out)
    assert "=1+1" in texts and "@SUM(A1:A2)" in texts

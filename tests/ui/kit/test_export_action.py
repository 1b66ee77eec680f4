"""导出 (Ctrl+E): the current filtered list written to xlsx/pdf off the GUI thread."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.reports.table import Column, ReportTable
from app.services import audit
from app.services.session import unit_of_work
from app.ui.kit.export_action import ExportAction
from app.ui.kit.filter_bar import FilterBar
from app.ui.messages import open_error_boxes
from tests.ui.kit.helpers import show_active


class _AuditPage(QWidget):
    """A list page in miniature: a filter bar and the 导出 action over the audit trail."""

    def __init__(self, actor) -> None:  # type: ignore[no-untyped-def]
        super().__init__()
        self.actor = actor
        self.bar = FilterBar(self)
        self.action_combo = self.bar.add_combo(
            "action", "操作", [("全部", ""), ("新增", "新增"), ("修改", "修改")]
        )
        QVBoxLayout(self).addWidget(self.bar)
        self.export = ExportAction(self, self.table, default_name="审计记录")

    def table(self) -> ReportTable:
        flt = audit.AuditFilter(action=self.bar.values()["action"], entity="测试")
        with unit_of_work(self.actor) as session:
            rows = [
                (r.username, r.action, r.summary) for r in audit.page(session, flt, limit=10**6)
            ]
        cols = [Column("用户"), Column("操作"), Column("摘要", 30)]
        return ReportTable("审计记录", cols, rows, unit="某某镇人民政府")


def _seed(uow) -> None:  # type: ignore[no-untyped-def]
    with uow() as session:
        for i in range(12):
            audit.record(session, "新增" if i < 5 else "修改", "测试", i, summary=f"记录{i}")


def test_ctrl_e_writes_the_filtered_list_to_xlsx(qtbot, uow, admin, tmp_path: Path):
    _seed(uow)
    page = show_active(qtbot, _AuditPage(admin))
    page.action_combo.setCurrentIndex(1)  # 新增 only
    target = tmp_path / "审计.xlsx"
    page.export.ask_path = lambda: str(target)
    with qtbot.waitSignal(page.export.exported, timeout=10_000) as done:
        qtbot.keyClick(page.action_combo, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert done.args == [str(target)]
    book = openpyxl.load_workbook(target, read_only=True)  # read_only keeps the file open
    values = [
        tuple(c for c in row if c is not None) for row in book.active.iter_rows(values_only=True)
    ]
    book.close()
    body = [v for v in values if len(v) == 3 and v[1] in ("新增", "修改")]
    assert sorted(v[2] for v in body) == [f"记录{i}" for i in range(5)]


def test_export_to_pdf(qtbot, uow, admin, tmp_path: Path):
    _seed(uow)
    page = show_active(qtbot, _AuditPage(admin))
    target = tmp_path / "审计.pdf"
    page.export.ask_path = lambda: str(target)
    task = page.export.start()
    assert task is not None
    with qtbot.waitSignal(task.finished, timeout=20_000):
        pass
    assert task.error is None and task.result == 12
    assert target.read_bytes().startswith(b"%PDF")


def test_cancelling_the_file_dialog_does_nothing(qtbot, admin):
    page = show_active(qtbot, _AuditPage(admin))
    page.export.ask_path = lambda: None
    assert page.export.start() is None


def test_a_failing_write_is_shown_not_raised(qtbot, admin, tmp_path: Path):
    page = show_active(qtbot, _AuditPage(admin))

    def refuse(table: ReportTable, path: Path) -> int:
        raise PermissionError(13, "Permission denied", str(path))

    page.export._writer = refuse
    page.export.ask_path = lambda: str(tmp_path / "x.xlsx")
    task = page.export.start()
    assert task is not None
    with qtbot.waitSignal(task.finished, timeout=10_000):
        pass
    box = open_error_boxes()[-1]
    assert "x.xlsx" in box.text() and "无法写入" in box.text()
    box.close()

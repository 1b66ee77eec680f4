"""ListPage over the audit trail, driven by keys: filters, count, Ctrl+F, Ctrl+N, Ctrl+E."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from PySide6.QtCore import Qt

from app import clock
from app.reports.table import Column, ReportTable
from app.services import audit
from app.services.session import unit_of_work
from app.ui.kit.list_page import ListPage
from app.ui.kit.paged_model import Col, ServiceSource, tuples
from tests.ui.kit.helpers import show_active
from tests.ui.typing_helpers import type_text

_rows = tuples(audit.page, "at", "username", "action", "summary")


def _filter(values: dict) -> audit.AuditFilter:
    return audit.AuditFilter(values["at_from"], values["at_to"], values["text"], "测试",
                             values["action"])  # fmt: skip


class AuditPage(ListPage):
    def __init__(self, actor) -> None:  # type: ignore[no-untyped-def]
        cols = [Col("时间"), Col("用户"), Col("操作"), Col("摘要")]
        source = ServiceSource(cols, _rows, audit.count, audit.AuditFilter(entity="测试"), actor,
                               ["at", "username", "action", None])  # fmt: skip
        super().__init__("audit-page", source, make_filter=_filter)
        self.actor = actor
        self.filters.add_search("text", "用户（Ctrl+F）")
        self.filters.add_combo("action", "操作", [("全部", ""), ("新增", "新增"), ("修改", "修改")])
        self.filters.add_date_range("at", "日期")
        self.news = 0
        self.add_button("新增", self.new, "Ctrl+N")
        self.set_export(self.table, "审计记录")

    def new(self) -> None:
        self.news += 1

    def table(self, flt: audit.AuditFilter) -> ReportTable:
        with unit_of_work(self.actor) as session:
            rows = [(r.action, r.summary) for r in audit.page(session, flt, limit=10**6)]
        return ReportTable("审计记录", [Column("操作"), Column("摘要")], rows)


def _seed(uow, n: int = 30) -> None:  # type: ignore[no-untyped-def]
    with uow() as session:
        for i in range(n):
            audit.record(session, "新增" if i % 3 == 0 else "修改", "测试", i, summary=f"第{i}条")


def test_filters_reach_the_service_and_the_count(qtbot, uow, admin, data_dir):
    _seed(uow)
    page = show_active(qtbot, AuditPage(admin))
    assert page.count_label.text() == "共 30 条"
    combo = page.filters.widgets["action"]
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # 新增
    assert page.source.flt.action == "新增" and page.count_label.text() == "共 10 条"
    start = page.filters.widgets["at_from"]
    type_text(qtbot, start, str(clock.today().year + 1) + ".1.1")
    qtbot.keyClick(start, Qt.Key.Key_Return)
    assert page.count_label.text() == "共 0 条"
    qtbot.mouseClick(page.filters.reset_button, Qt.MouseButton.LeftButton)
    assert page.count_label.text() == "共 30 条"


def test_ctrl_f_search_ctrl_n_and_reload_selects(qtbot, uow, admin, data_dir):
    _seed(uow, 5)
    page = show_active(qtbot, AuditPage(admin))
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    box = page.filters.widgets["text"]
    assert box.hasFocus()
    with qtbot.waitSignal(page.filters.changed, timeout=2000):
        type_text(qtbot, box, "nobody")
    assert page.count_label.text() == "共 0 条"
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert page.count_label.text() == "共 5 条"
    qtbot.keyClick(page.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.news == 1
    with uow() as session:
        audit.record(session, "新增", "测试", 99, summary="刚保存的")
    oldest = page.model.row_id(page.model.index(4, 0))
    page.reload(select=oldest)
    assert page.count_label.text() == "共 6 条" and page.view.current_id() == oldest


def test_export_uses_the_filter_on_screen(qtbot, uow, admin, data_dir, tmp_path: Path):
    _seed(uow)
    page = show_active(qtbot, AuditPage(admin))
    page.filters.widgets["action"].setCurrentIndex(2)  # 修改
    target = tmp_path / "审计.xlsx"
    page.export.ask_path = lambda: str(target)
    with qtbot.waitSignal(page.export.exported, timeout=10_000):
        qtbot.keyClick(page.view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    book = openpyxl.load_workbook(target, read_only=True)  # read_only keeps the file open
    rows = list(book.active.iter_rows(values_only=True))
    book.close()
    actions = [row[0] for row in rows if row[0] in ("新增", "修改")]
    assert actions == ["修改"] * 20

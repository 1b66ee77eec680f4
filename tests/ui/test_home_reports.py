"""首页's 待办 list (colour, jump to the module) and 报表's export through the registry."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from app import clock
from app.services import registry
from app.services.registry import TodoItem
from app.ui import exporting
from app.ui.home.page import HomePage
from app.ui.main_window import MainWindow
from app.ui.reports_page import ReportsPage


@pytest.fixture
def todos() -> Iterator[None]:
    saved = list(registry.TODOS)
    registry.TODOS.clear()
    today = clock.today()
    registry.register_todo("收文", lambda s, d: [
        TodoItem("收文", "关于防汛工作的通知", "县应急局", today + timedelta(2), 2, "临期",
                 "incoming"),
        TodoItem("收文", "关于秋季征兵的通知", "县武装部", today - timedelta(3), -3, "逾期",
                 "incoming"),
        *registry.more_line("收文", 57, "收文逾期或临期", "incoming"),
    ])  # fmt: skip
    registry.register_todo("督办", lambda s, d: 1 / 0)
    yield
    registry.TODOS[:] = saved


def test_home_lists_todos_by_urgency_with_colour(qtbot, admin, todos):
    page = HomePage(admin)
    qtbot.addWidget(page)
    page.show()  # showing refreshes, off the GUI thread
    qtbot.waitUntil(lambda: page.model.rowCount() > 0)
    model = page.model
    titles = [model.index(r, 1).data() for r in range(model.rowCount())]
    assert titles[:2] == ["关于秋季征兵的通知", "关于防汛工作的通知"]
    assert set(titles[2:]) == {"另有 57 件收文逾期或临期", "待办读取失败：督办"}
    # The closing line counts what it stands for, not itself.
    assert page.summary.text().startswith("共 60 项，列出 3 项：逾期 1 项，临期 1 项")
    assert "另有 57 项未逐条列出" in page.summary.text()
    assert model.index(0, 4).data() == "逾期 3 天" and model.index(1, 4).data() == "剩 2 天"
    late = model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole).color().name()
    assert late == "#fde2e1"
    assert "某某镇人民政府" in page.greeting.text() and "星期" in page.greeting.text()
    assert "档案" in page.pending.text()  # modules still on placeholders are named


def test_double_click_opens_the_module_page(qtbot, admin, todos):
    window = MainWindow(admin, "某某镇人民政府")
    qtbot.addWidget(window)
    window.show()
    home = window.stack.currentWidget()
    qtbot.waitUntil(lambda: home.model.rowCount() > 0)
    index = home.model.index(0, 1)
    rect = home.table.visualRect(index)
    # A real double-click starts with a press; the view ignores a lone double-click event.
    qtbot.mouseClick(home.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(home.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.stack.currentWidget().property("pageKey") == "incoming"


def test_todo_model_passes_the_model_tester(qtbot, qtmodeltester, admin, todos):
    page = HomePage(admin)
    qtbot.addWidget(page)
    page.refresh()
    qtmodeltester.check(page.model)


def test_reports_page_exports_a_registered_kind(qtbot, admin, tmp_path, monkeypatch):
    told = []
    monkeypatch.setattr(exporting, "show_info", lambda parent, text: told.append(text))
    page = ReportsPage(admin)
    qtbot.addWidget(page)
    titles = [page.kinds.item(i).text() for i in range(page.kinds.count())]
    assert "审计日志" in titles
    out = tmp_path / "审计日志.xlsx"
    task = page.export_to("audit", out, page.query())
    qtbot.waitUntil(lambda: task.done, timeout=20000)
    count = task.result
    assert task.error is None and count > 0 and told and str(out) in told[0]
    assert load_workbook(out).active.max_row > count


def test_reports_page_refuses_a_bad_period(qtbot, admin):
    page = ReportsPage(admin)
    qtbot.addWidget(page)
    qtbot.keyClicks(page.date_from, "2026-06-30")
    qtbot.keyClicks(page.date_to, "2026-01-01")
    assert page.by_range.isChecked()
    assert page.query() is None and "不能晚于" in page.message.text()

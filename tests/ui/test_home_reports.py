"""首页's 待办 list (colour, jump to the module) and 报表's export through the registry."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

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
                 "incoming", action="催办党政办"),
        TodoItem("收文", "关于秋季征兵的通知", "县武装部", today - timedelta(3), -3, "逾期",
                 "incoming"),
        *registry.overdue_line("收文", 158, today - timedelta(300), today, "incoming", "催办"),
        *registry.more_line("收文", 57, "收文本周到期", "incoming"),
    ])  # fmt: skip
    registry.register_todo("督办", lambda s, d: 1 / 0)
    registry.register_todo("值班", lambda s, d: [
        TodoItem("值班", "今晚值班 白班", due=today, days_left=0, severity="今日", page="duty"),
        TodoItem("值班", "突发事件“山体滑坡”已过40分钟仍未电话报告", severity="逾期",
                 page="duty", due_at=clock.now() - timedelta(minutes=10),
                 action="立即向上级报告"),
    ])  # fmt: skip
    yield
    registry.TODOS[:] = saved


def _titles(page: HomePage) -> list[str]:
    return [page.model.index(r, 2).data() for r in range(page.model.rowCount())]


@pytest.mark.logs_expected  # the todos fixture's 督办 provider fails on purpose
def test_home_puts_todays_clocks_first_and_folds_the_overdue(qtbot, admin, todos):
    page = HomePage(admin)
    qtbot.addWidget(page)
    page.show()  # showing refreshes
    qtbot.waitUntil(lambda: not page.reads.busy)  # 待办 read off the GUI thread
    model = page.model
    assert _titles(page) == [
        "待办读取失败：督办",
        "突发事件“山体滑坡”已过40分钟仍未电话报告",  # the hour-clock that ran out first
        "今晚值班 白班",
        "关于防汛工作的通知",  # this week's
        "另有 57 件收文本周到期",
        f"收文 逾期 159 件，最早 {clock.today() - timedelta(300)}",  # folded into one line
    ]
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == [
        "今日", "今日", "今日", "本周", "本周", "逾期",
    ]  # fmt: skip
    assert model.index(1, 3).data() == "立即向上级报告"  # 说明 says what to do
    assert model.index(1, 6).data() == "超时 10 分钟" and model.index(3, 6).data() == "剩 2 天"
    late = model.index(1, 0).data(Qt.ItemDataRole.BackgroundRole).color().name()
    assert late == "#fde2e1"
    assert page.summary.text().startswith("逾期 160 件，今日 1 件，临期 58 件")
    assert page.findChild(QPushButton, "tile-收文-逾期").text() == "逾期 159"
    assert not page.findChild(QPushButton, "tile-收文-今日").isEnabled()
    assert "某某镇人民政府" in page.greeting.text() and "星期" in page.greeting.text()
    assert page.pending.text() == ""  # every module is on line now that 档案 has landed


@pytest.mark.logs_expected  # the todos fixture's 督办 provider fails on purpose
def test_tiles_narrow_the_list_or_open_the_overdue_register(qtbot, admin, todos):
    page = HomePage(admin)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: not page.reads.busy)  # 待办 read off the GUI thread
    qtbot.mouseClick(page.findChild(QPushButton, "tile-收文-临期"), Qt.MouseButton.LeftButton)
    assert _titles(page) == ["关于防汛工作的通知", "另有 57 件收文本周到期"]
    qtbot.mouseClick(page.show_all, Qt.MouseButton.LeftButton)
    assert len(_titles(page)) == 6
    with qtbot.waitSignal(page.open_filtered) as opened:
        qtbot.mouseClick(page.findChild(QPushButton, "tile-收文-逾期"), Qt.MouseButton.LeftButton)
    assert opened.args == ["incoming", "逾期"]


@pytest.mark.logs_expected  # the todos fixture's 督办 provider fails on purpose
def test_double_click_opens_the_module_page(qtbot, admin, todos):
    window = MainWindow(admin, "某某镇人民政府")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: not window.stack.currentWidget().reads.busy)
    home = window.stack.currentWidget()
    index = home.model.index(2, 2)  # 今晚值班
    rect = home.table.visualRect(index)
    # A real double-click starts with a press; the view ignores a lone double-click event.
    qtbot.mouseClick(home.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(home.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.stack.currentWidget().property("pageKey") == "duty"


@pytest.mark.logs_expected  # the todos fixture's 督办 provider fails on purpose
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

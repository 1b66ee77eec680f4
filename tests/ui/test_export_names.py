"""Every save dialog offers a Chinese name that says what the file holds, as 报表 does."""

from __future__ import annotations

from datetime import date

from app.services.registry import ExportQuery, file_stem
from app.ui.reports_page import ReportsPage
from app.ui.settings.audit_tab import AuditTab


def test_a_file_is_named_for_its_register_and_period():
    assert file_stem("收文登记簿", ExportQuery(year=2026)) == "收文登记簿-2026"
    days = ExportQuery(date_from=date(2026, 12, 1), date_to=date(2026, 12, 4))
    assert file_stem("审计日志", days) == "审计日志-20261201至20261204"
    one = ExportQuery(date_from=date(2026, 11, 30), date_to=date(2026, 11, 30))
    assert file_stem("值班日志", one) == "值班日志-20261130"
    assert file_stem("用印登记簿", ExportQuery()) == "用印登记簿"


def test_the_audit_export_offers_its_filter_as_the_name(qtbot, admin):
    """Issue 15: 设置 → 审计日志 offered 审计日志.xlsx whatever the dates."""
    tab = AuditTab(admin)
    qtbot.addWidget(tab)
    tab.date_from.setDate(date(2026, 12, 1))
    tab.date_to.setDate(date(2026, 12, 4))
    assert tab.suggested_name() == "审计日志-20261201至20261204.xlsx"


def test_the_reports_page_names_the_period_asked_for(qtbot, admin):
    page = ReportsPage(admin)
    qtbot.addWidget(page)
    page.year.setValue(2025)
    title = page.current_kind().title
    assert page.suggested_name(".pdf") == f"{title}-2025.pdf"
    page.by_range.setChecked(True)
    page.date_from.setDate(date(2026, 1, 1))
    page.date_to.setDate(date(2026, 6, 30))
    assert page.suggested_name(".xlsx") == f"{title}-20260101至20260630.xlsx"


def test_the_meetings_export_names_the_year_its_filter_shows(qtbot, admin):
    """The 会议 exports named the current year whatever year the list showed."""
    from app import clock
    from app.ui.meetings.page import MeetingsPage

    page = MeetingsPage(admin)
    qtbot.addWidget(page)
    year = page.list.filters.widgets["year"]
    year.setCurrentIndex(year.findData(clock.today().year - 1))
    assert page.export.suggested_name() == f"会议登记簿-{clock.today().year - 1}"
    assert page.decisions_export.suggested_name().startswith("议定事项落实情况表-")
    year.setCurrentIndex(0)  # 全部
    assert page.export.suggested_name() == "会议登记簿"


def test_a_visit_opinion_is_named_for_its_case():
    from app.ui.visits.page import opinion_name

    assert opinion_name("信2026-0012") == "信访事项处理意见书-信2026-0012.pdf"


def test_the_ledger_and_the_visits_name_what_they_list(qtbot, admin):
    """用印登记簿 named the current year although the list showed the whole ledger."""
    from app import clock
    from app.ui.seals.uses_tab import UsesTab
    from app.ui.visits.page import VisitsPage

    uses = UsesTab(admin)
    qtbot.addWidget(uses)
    assert uses.export.suggested_name() == "用印登记簿"
    uses.filters.widgets["date_from"].setDate(date(2026, 1, 1))
    uses.filters.widgets["date_to"].setDate(date(2026, 3, 31))
    assert uses.export.suggested_name() == "用印登记簿-20260101至20260331"
    visits = VisitsPage(admin)
    qtbot.addWidget(visits)
    visits.year.setValue(clock.today().year - 1)
    assert visits.export.suggested_name() == f"来访登记簿-{clock.today().year - 1}"

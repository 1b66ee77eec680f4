"""Column widths: they follow the first page's rows until the clerk drags one; only the
clerk's widths are remembered; 恢复默认列宽 in the header's menu."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMenu

from app.services.filing import incoming
from app.services.session import unit_of_work
from app.ui.filing.incoming_page import IncomingPage

TITLE = "关于做好二〇二六年度秋冬季森林防火和安全生产大检查工作的紧急通知"


def _page(qtbot, admin) -> IncomingPage:
    page = IncomingPage(admin)
    qtbot.addWidget(page)
    page.resize(1200, 600)
    page.show()
    qtbot.wait(20)  # a list fitted before it was shown fits its view once shown
    return page


def _column(page: IncomingPage, header: str) -> int:
    return [c.header for c in page.columns].index(header)


def _receive(admin, n: int = 3) -> None:
    with unit_of_work(admin) as session:
        for _ in range(n):
            incoming.receive(session, incoming.ReceiveForm(
                "县人民政府办公室", TITLE, sender_doc_number="县政办发〔2026〕118号"))  # fmt: skip


def _needs(page: IncomingPage, text: str) -> int:
    return page.view.fontMetrics().horizontalAdvance(text)


def test_widths_saved_on_the_empty_first_day_are_not_kept(qtbot, admin):
    """Issue 15 (3): widths fitted to the headers of an empty list were kept for ever."""
    first = _page(qtbot, admin)
    assert first.model.rowCount() == 0
    first.close()  # the empty day ends
    _receive(admin)
    page = _page(qtbot, admin)
    number = page.model.index(0, _column(page, "收文编号")).data()
    for header, text in (("收文编号", number), ("来文字号", "县政办发〔2026〕118号")):
        assert page.view.columnWidth(_column(page, header)) > _needs(page, text)
    assert page.view.columnWidth(_column(page, "文种")) < 120  # an empty column stays narrow


def test_data_arriving_refits_a_list_first_shown_empty(qtbot, admin):
    page = _page(qtbot, admin)
    _receive(admin, 1)
    page.reload()
    column = _column(page, "来文字号")
    assert page.view.columnWidth(column) > _needs(page, "县政办发〔2026〕118号")


@pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen menus: raise, grab
def test_only_the_clerks_widths_are_remembered_and_can_be_reset(qtbot, admin):
    _receive(admin)
    page = _page(qtbot, admin)
    title, sender = _column(page, "标题"), _column(page, "来文机关")
    fitted = page.view.columnWidth(title)
    page.view.horizontalHeader().resizeSection(title, 150)  # the clerk drags the border
    page.close()
    again = _page(qtbot, admin)
    assert again.view.columnWidth(title) == 150
    assert again.view.columnWidth(sender) > _needs(again, "县人民政府办公室")
    header = again.view.horizontalHeader()
    again.view._header_menu(header.rect().center())
    menu = next(m for m in again.view.findChildren(QMenu) if m.isVisible())
    (reset,) = [a for a in menu.actions() if a.text() == "恢复默认列宽"]
    reset.trigger()
    menu.close()
    assert again.view.columnWidth(title) == fitted

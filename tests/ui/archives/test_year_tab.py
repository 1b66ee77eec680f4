"""年度归档 driven by keyboard: adjust, 不归档 with a reason, number; twice files nothing twice."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt

from app.services.archives import queries
from app.services.filing import queries as filing_queries
from app.services.session import unit_of_work
from app.ui.archives.page import ArchivesPage
from app.ui.filing.incoming_page import IncomingPage
from app.ui.messages import open_error_boxes
from tests.services.archives.conftest import done_incoming
from tests.ui.typing_helpers import press, type_text


def _page(qtbot, cls, actor):
    page = cls(actor)
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    return page


def _docs(actor):
    at = [datetime(2026, 3, d, 2, tzinfo=UTC) for d in (1, 2, 3)]
    with unit_of_work(actor) as s:
        return [
            done_incoming(s, "关于贯彻落实防汛工作的通知", number="县政办发〔2026〕1号", at=at[0]),
            done_incoming(s, "关于春耕的通报", number="县政办发〔2026〕2号", at=at[1]),
            done_incoming(s, "关于召开会议的通知", number="县政办发〔2026〕3号", at=at[2]),
        ]


def _catalog(actor):
    with unit_of_work(actor) as s:
        rows = queries.list_items(s, queries.CatalogFilter(), limit=100)
    return [(r.archive_code, r.title) for r in rows]


def _cell(tab, row, column):
    return tab.model.data(tab.model.index(row, column))


def test_year_filing_by_keyboard_then_twice_files_nothing(qtbot, admin):
    _docs(admin)
    page = _page(qtbot, ArchivesPage, admin)
    tab = page.tab("年度归档")
    assert tab.year.value() == 2026  # November: this year is being filed
    assert [_cell(tab, r, 5) for r in range(3)] == ["定期30年", "定期10年", "不归档"]
    assert _cell(tab, 0, 7) == "上级 需贯彻执行的来文"  # which rule matched
    tab.view.setFocus()
    tab.view.selectRow(1)
    press(qtbot, tab.view, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)  # 永久
    assert (_cell(tab, 1, 5), _cell(tab, 1, 7)) == ("永久", "已调整")
    press(qtbot, tab.view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)  # 机构
    org = tab.dialog.inputs["org"]
    org.setCurrentIndex(org.findText("DJB 党建办公室"))
    press(qtbot, org, Qt.Key.Key_Return)
    tab.view.selectRow(0)
    press(qtbot, tab.view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)  # 不归档…
    type_text(qtbot, tab.dialog.inputs["detail"], "另有正本")
    press(qtbot, tab.dialog.inputs["detail"], Qt.Key.Key_Return)
    assert _cell(tab, 0, 7) == "重份：另有正本"
    assert "永久 1，定期30年 0，定期10年 0，不归档 2" in tab.summary.text()
    press(qtbot, tab.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert _catalog(admin) == [("Z109-WS·2026-Y-DJB-0001", "关于春耕的通报")]
    assert "2026年度已归档 1 件" in tab.result.text() and "不归档 2 件" in tab.result.text()
    assert tab.model.rowCount() == 0  # nothing left to file: filing again files nothing twice
    press(qtbot, tab.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert _catalog(admin) == [("Z109-WS·2026-Y-DJB-0001", "关于春耕的通报")]


def test_a_refused_decision_files_nothing_and_says_why(qtbot, admin):
    _docs(admin)
    page = _page(qtbot, ArchivesPage, admin)
    tab = page.tab("年度归档")
    tab.view.setFocus()
    tab.view.selectRow(0)
    tab.model.change([0], org_code="XYZ")  # a 机构 removed from settings meanwhile
    press(qtbot, tab.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    box = open_error_boxes()[-1]
    assert "机构代码“XYZ”未在设置中登记" in box.text()
    box.close()
    assert _catalog(admin) == [] and tab.model.rowCount() == 3


def test_the_catalog_searches_and_the_register_files_one_and_shows_its_code(qtbot, admin):
    doc = _docs(admin)[1]
    incoming = _page(qtbot, IncomingPage, admin)
    incoming.select_id(doc)
    qtbot.mouseClick(incoming.action_buttons["归档"], Qt.MouseButton.LeftButton)
    period = incoming.dialog.inputs["period"]
    assert period.currentText() == "D10 定期10年"  # the suggestion, preselected
    period.setCurrentIndex(period.findText("Y 永久"))
    press(qtbot, period, Qt.Key.Key_Return)
    with unit_of_work(admin) as s:
        assert filing_queries.get_incoming(s, doc).archive_code == "Z109-WS·2026-Y-BGS-0001"
    column = [c.header for c in incoming.columns].index("档号")
    row = incoming.model.find_row(doc)
    assert incoming.model.data(incoming.model.index(row, column)) == "Z109-WS·2026-Y-BGS-0001"
    page = _page(qtbot, ArchivesPage, admin)
    catalog = page.tab("目录")
    catalog.reload()
    assert catalog.model.rowCount() == 1
    type_text(qtbot, catalog.filters.widgets["text"], "防汛")
    press(qtbot, catalog.filters.widgets["text"], Qt.Key.Key_Return)
    assert catalog.model.rowCount() == 0
    catalog.filters.reset()
    type_text(qtbot, catalog.filters.widgets["text"], "2026-Y-BGS")
    press(qtbot, catalog.filters.widgets["text"], Qt.Key.Key_Return)
    assert catalog.model.rowCount() == 1

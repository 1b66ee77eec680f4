"""Issue 15: on the first day every list says what to do first, and the line goes with a row."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QWidget

from app import clock
from app.services.duty import log
from app.services.duty.log import EntryForm
from app.ui.archives.page import ArchivesPage
from app.ui.backup.panel import BackupPanel
from app.ui.duty.log_tab import LogTab
from app.ui.duty.roster_tab import RosterTab
from app.ui.duty.staff_tab import StaffTab
from app.ui.filing.incoming_page import IncomingPage
from app.ui.filing.outgoing_page import OutgoingPage
from app.ui.filing.search_page import SearchPage
from app.ui.filing.tasks_page import TasksPage
from app.ui.home.page import HomePage
from app.ui.meetings.page import MeetingsPage
from app.ui.seals.page import SealsPage
from app.ui.settings.imports_tab import ImportsTab
from app.ui.visits.page import VisitsPage

PAGES = {
    IncomingPage: "签收登记", OutgoingPage: "登记发文", TasksPage: "新增督办",
    SearchPage: "回车搜索", VisitsPage: "走访登记", LogTab: "零报告", StaffTab: "保存人员",
    RosterTab: "生成排班", ImportsTab: "可以撤销", HomePage: "没有要办的事",
    MeetingsPage: "新建会议", ArchivesPage: "年度归档",
}  # fmt: skip


def _hints(widget: QWidget) -> list[str]:
    return [h.text() for h in widget.findChildren(QLabel, "emptyHint") if h.isVisible()]


def _shown(qtbot, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    widget.resize(1300, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.mark.parametrize("cls", list(PAGES), ids=lambda c: c.__name__)
def test_an_empty_list_says_what_to_do_first(qtbot, admin, cls):
    page = _shown(qtbot, cls(admin))
    qtbot.waitUntil(lambda: any(PAGES[cls] in h for h in _hints(page)))


def test_the_seals_page_says_to_register_a_seal_first(qtbot, admin):
    page = _shown(qtbot, SealsPage(admin))
    texts = [h.text() for h in page.findChildren(QLabel, "emptyHint")]
    assert any("还没有印章" in t for t in texts) and any("登记用印" in t for t in texts)


def test_the_backup_list_says_how_to_make_the_first(qtbot, admin, data_dir):
    panel = _shown(qtbot, BackupPanel(admin))
    assert any("立即备份" in h for h in _hints(panel))


def test_the_line_goes_with_the_first_row(qtbot, admin, uow):
    tab = _shown(qtbot, LogTab(admin))
    assert _hints(tab)
    with uow() as s:
        log.add_entry(
            s, EntryForm(clock.utcnow(), "来电", "询问防汛物资", "张三", source_unit="县应急局")
        )
    tab.reload()
    assert _hints(tab) == []

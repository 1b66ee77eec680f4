"""The 值班日志 list shows every column on a 1366-wide screen, long texts cut, not scrolled."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QHeaderView

from app import clock
from app.services.duty import log
from app.services.session import unit_of_work
from app.ui.duty.log_tab import HEADERS, LogTab

WIDTH = 1366 - 148 - 8  # the screen less the navigation and the page's margins


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_every_column_of_the_log_is_on_screen_with_the_demos_texts(qtbot, admin):
    """书面报告 was past the right edge behind a scroll bar, once a call was written up."""
    with unit_of_work(admin) as s:
        entry = log.add_entry(s, log.call_form(
            clock.utcnow(), "县委办", "县委办值班室", "0571-26139628", "转发寒潮预警，请做好防范",
            "请按要求落实", "张洋敏"))  # fmt: skip
        log.close_entry(s, entry, "已按要求转告相关领导并落实，各村已安排人员巡查")
    tab = LogTab(admin)
    qtbot.addWidget(tab)
    tab.resize(WIDTH, 640)
    tab.show()
    qtbot.waitExposed(tab)
    header = tab.entries.horizontalHeader()
    assert tab.entries.rowCount() == 1
    assert tab.entries.horizontalScrollBar().maximum() == 0
    last = header.sectionViewportPosition(len(HEADERS) - 1) + header.sectionSize(len(HEADERS) - 1)
    assert last <= tab.entries.viewport().width()
    for name in ("时间", "电话", "记录人", "电话报告", "书面报告"):  # short ones whole
        column = HEADERS.index(name)
        assert header.sectionResizeMode(column) == QHeaderView.ResizeMode.ResizeToContents, name

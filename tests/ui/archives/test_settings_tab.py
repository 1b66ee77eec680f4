"""设置 → 档案: the 保管期限表 edited in the table changes the suggestion; bad rows are refused."""

from __future__ import annotations

from PySide6.QtWidgets import QTableWidgetItem

from app.services.archives import filing
from app.services.session import unit_of_work
from app.ui.archives.settings_tab import ArchiveSettingsTab
from app.ui.messages import open_error_boxes
from tests.services.archives.conftest import done_incoming


def test_a_new_first_rule_wins_and_a_bad_result_is_refused(qtbot, admin):
    with unit_of_work(admin) as s:
        done_incoming(s, "关于防汛的通知")
    tab = ArchiveSettingsTab(admin)
    qtbot.addWidget(tab)
    assert tab.example.text() == "Z109-WS·2025-Y-BGS-0001"
    assert tab.table.rowCount() == 11
    tab.add_rule()
    for column, text in enumerate(("防汛文件永久", "上级来文", "", "防汛", "Y", "", "是")):
        tab.table.setItem(tab.table.rowCount() - 1, column, QTableWidgetItem(text))
    for _ in range(11):
        tab.shift(-1)
    tab.save_rules()
    assert tab.message.text() == "已保存保管期限表 12 条"
    with unit_of_work(admin) as s:
        found = filing.candidates(s, 2025)[0]
    assert (found.period, found.rule) == ("Y", "防汛文件永久")
    tab.table.setItem(0, 4, QTableWidgetItem("20年"))
    tab.save_rules()
    box = open_error_boxes()[-1]
    assert "Y、D30、D10 或 不归档" in box.text()
    box.close()

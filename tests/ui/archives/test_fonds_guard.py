"""设置 → 单位信息: the 全宗号 cannot change once 档案 carry it; the clerk is told why."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.services import settings
from app.services.session import unit_of_work
from app.ui.settings.org_tab import OrgTab
from tests.services.archives.stock import add_items, add_org


def test_changing_the_fonds_code_after_filing_is_refused_in_chinese(qtbot, admin):
    with unit_of_work(admin) as s:
        add_org(s)
        add_items(s, 2025, "Y", 2)
    tab = OrgTab(admin)
    qtbot.addWidget(tab)
    tab.show()
    tab.fonds.setFocus()
    tab.fonds.selectAll()
    qtbot.keyClicks(tab.fonds, "Z110")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert "已有 2 件档案按全宗号 Z109 编了档号" in tab.message.text()
    assert tab.status.text() != "已保存。"
    with unit_of_work(admin) as s:
        assert settings.org_info(s).fonds_code == "Z109"

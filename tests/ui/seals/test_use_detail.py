"""Issue 15: a 用印 row opens whole (Enter or double-click), read-only, with its history."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.services.seals import ledger
from tests.services.seals.conftest import use_form
from tests.ui.seals.test_seals_page import page, seal_ids  # noqa: F401 (fixtures)
from tests.ui.typing_helpers import press


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_enter_on_a_use_opens_it_whole_and_read_only(qtbot, page, uow, seal_ids):  # noqa: F811
    with uow() as s:
        use_id = ledger.register_use(s, use_form(seal_ids[0]))
    page.uses.reload()
    page.uses.view.setCurrentIndex(page.uses.model.index(0, 0))
    press(qtbot, page.uses.view, Qt.Key.Key_Return)
    dialog = page.uses.detail
    assert dialog is not None and dialog.isVisible() and dialog.detail.record_id == use_id
    assert dialog.values["印章"].text() == "中共某某镇委员会"
    assert dialog.values["用印编号"].text() == "2026-0001"
    assert dialog.values["已被作废"].text() == "否"
    history = [dialog.history.item(r).text() for r in range(dialog.history.count())]
    assert len(history) == 1 and "新增" in history[0]
    assert list(dialog.step_buttons) == ["作废"]  # the ledger is never edited, only voided
    qtbot.mouseClick(dialog.step_buttons["作废"], Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_a_voided_use_offers_no_step_and_says_why(qtbot, page, uow, seal_ids):  # noqa: F811
    with uow() as s:
        use_id = ledger.register_use(s, use_form(seal_ids[0]))
        ledger.void_use(s, use_id, "份数登记错误")
    page.uses.reload()
    page.uses.view.setCurrentIndex(page.uses.model.index(0, 0))
    dialog = page.uses.open_detail(use_id)
    assert dialog.step_buttons == {}
    assert dialog.values["已被作废"].text() == "登记簿第 2 条"
    note = dialog.findChild(type(dialog.values["印章"]), "readOnly")
    assert note is not None and "只能追加" in note.text()
    void = page.uses.open_detail(use_id + 1)
    assert void.values["作废的登记"].text() == "2026-0001"
    assert void.values["作废原因"].text() == "份数登记错误"


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_the_ledger_counts_its_lines_and_a_rows_menu_opens_or_voids(qtbot, page, uow, seal_ids):  # noqa: F811
    """Issue 15: the 用印 list had no 共 N 件 and no row menu."""
    from PySide6.QtWidgets import QMenu

    with uow() as s:
        ledger.register_use(s, use_form(seal_ids[0]))
    page.uses.reload()
    assert page.uses.count_label.text() == "共 1 件"
    page.uses.view.setCurrentIndex(page.uses.model.index(0, 0))
    menu = page.uses.view.build_menu(
        page.uses.view.visualRect(page.uses.model.index(0, 1)).center()
    )
    assert isinstance(menu, QMenu)
    assert [a.text() for a in menu.actions() if a.text()] == ["打开（回车）", "作废…"]


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_the_ledger_fits_its_columns_to_the_newest_page_it_shows(qtbot, admin, uow):
    """Issue 15: at 1366×768 the 用印 tab showed 作废 2026-1… and 作废原因：重复… cut short:
    its widths were fitted to the oldest rows while it opens on the newest."""
    import random

    from app.services.seals import demo
    from app.services.seals.dto import UseFilter
    from app.ui.seals.uses_tab import HEADERS, UsesTab

    with uow() as s:
        demo.fill(s, 500, random.Random(3))
        last = ledger.list_uses(s, UseFilter())[-1]
        ledger.void_use(s, last.id, "重复登记，已另行登记")
    tab = UsesTab(admin)
    qtbot.addWidget(tab)
    tab.resize(1180, 560)
    tab.show()
    qtbot.waitExposed(tab)
    view, model = tab.view, tab.model
    view.scrollToBottom()  # as it opens: the newest entries at the foot of the ledger
    shown = range(view.rowAt(0), view.rowAt(view.viewport().height() - 1) + 1)
    assert model.rowCount() - 1 in shown  # the newest entry is on screen
    columns = [HEADERS.index("用印编号"), HEADERS.index("事由")]
    cut = [view.cut_off_text(model.index(r, c)) for r in shown for c in columns]
    assert [text for text in cut if text] == []

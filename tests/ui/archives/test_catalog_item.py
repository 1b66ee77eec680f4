"""目录 by keyboard: 修改一件 (a stale copy offers 重新载入), its 电子文件, and the 打印 menu."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.services.archives import items, queries
from app.services.session import unit_of_work
from app.ui import exporting
from app.ui.archives.files_dialog import ItemFilesDialog as AttachmentsDialog
from app.ui.archives.item_dialog import ItemDialog
from app.ui.archives.page import ArchivesPage
from app.ui.messages import RELOAD, open_error_boxes
from tests.services.archives.stock import add_items, add_org
from tests.ui.typing_helpers import press, type_text

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _stock(actor) -> list[int]:
    with unit_of_work(actor) as s:
        add_org(s)
        return add_items(s, 2026, "Y", 3)


def _catalog(qtbot, actor):
    page = ArchivesPage(actor)
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    tab = page.tab("目录")
    tab.held_by = page  # the page must outlive this helper, or Qt deletes the tab with it
    tab.view.setFocus()
    tab.view.selectRow(0)
    return tab


def _item(actor, item_id: int) -> queries.ItemRow:
    with unit_of_work(actor) as s:
        row = queries.get_item(s, item_id)
    assert row is not None
    return row


def _edit(tab) -> ItemDialog:
    press(tab.qtbot, tab.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    dialog = tab.dialog
    assert isinstance(dialog, ItemDialog) and dialog.isVisible()
    return dialog


def test_a_clerk_corrects_a_title_and_the_pages(qtbot, admin):
    ids = _stock(admin)
    tab = _catalog(qtbot, admin)
    tab.qtbot = qtbot
    dialog = _edit(tab)
    assert dialog.windowTitle() == "修改档案：Z109-WS·2026-Y-BGS-0001（永久）"
    title = dialog.inputs["title"]
    title.selectAll()
    type_text(qtbot, title, "[全镇防汛值班安排]")
    pages = dialog.inputs["pages"]
    pages.setFocus()
    pages.selectAll()
    qtbot.keyClicks(pages, "x")
    press(qtbot, pages, Qt.Key.Key_Return)
    assert dialog.isVisible() and "页数应为整数" in dialog.error.text()  # nothing saved
    assert _item(admin, ids[0]).title == "关于第1项工作的通知"
    pages.selectAll()
    qtbot.keyClicks(pages, "7")
    press(qtbot, pages, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    row = _item(admin, ids[0])
    assert (row.title, row.pages) == ("[全镇防汛值班安排]", 7)


def test_a_stale_edit_offers_reload_and_shows_what_was_saved(qtbot, admin):
    ids = _stock(admin)
    tab = _catalog(qtbot, admin)
    tab.qtbot = qtbot
    dialog = _edit(tab)
    loaded = _item(admin, ids[0])
    with unit_of_work(admin) as s:  # someone else saves first
        form = items.ItemEdit("关于第1项工作的通知（更正）", loaded.doc_no, loaded.author,
                              loaded.doc_date, "", 4, "")  # fmt: skip
        items.edit(s, ids[0], form, loaded.version)
    pages = dialog.inputs["pages"]
    pages.setFocus()
    pages.selectAll()
    qtbot.keyClicks(pages, "9")
    press(qtbot, pages, Qt.Key.Key_Return)
    assert dialog.isVisible() and "已被管理员" in dialog.error.text()
    assert _item(admin, ids[0]).pages == 4  # the stale save changed nothing
    box = next(b for b in open_error_boxes() if b.isVisible())
    again = next(b for b in box.buttons() if b.text() == RELOAD)
    qtbot.mouseClick(again, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.inputs["pages"].text() == "4")
    assert dialog.inputs["title"].text() == "关于第1项工作的通知（更正）"
    press(qtbot, dialog.inputs["pages"], Qt.Key.Key_Return)  # saves on the fresh copy
    assert not dialog.isVisible()


def test_a_clerk_attaches_and_opens_an_items_scan(qtbot, admin, tmp_path):
    ids = _stock(admin)
    tab = _catalog(qtbot, admin)
    press(
        qtbot,
        tab.view,
        Qt.Key.Key_A,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = tab.files_dialog
    assert isinstance(dialog, AttachmentsDialog) and dialog.isVisible()
    scan = tmp_path / "正文.pdf"
    scan.write_bytes(PDF)
    dialog.pick_files = lambda: [str(scan)]
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 0).text() == "正文.pdf"
    sha = hashlib.sha256(PDF).hexdigest()
    assert (
        dialog.table.item(0, 5).text() == f"{sha[:16]}…"
        and sha in dialog.table.item(0, 5).toolTip()
    )
    opened: list[Path] = []
    dialog.launch = lambda path: opened.append(path) or True
    dialog.table.selectRow(0)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert len(opened) == 1 and opened[0].read_bytes() == PDF
    from app.services import attachments

    with unit_of_work(admin) as s:
        kept = attachments.list_for(s, items.ENTITY, ids[0])
    assert [(a.file_format, a.size, len(a.sha256)) for a in kept] == [("pdf", len(PDF), 64)]


def test_the_print_menu_writes_the_catalog_pdf(qtbot, admin, tmp_path, monkeypatch):
    _stock(admin)
    told: list[str] = []
    monkeypatch.setattr(exporting, "show_info", lambda parent, text: told.append(text))
    tab = _catalog(qtbot, admin)
    out = tmp_path / "目录.pdf"
    asked: list[str] = []
    tab.prints.ask_path = lambda name: asked.append(name) or str(out)
    action = next(a for a in tab.prints.menu.actions() if a.objectName() == "archive-catalog")
    action.trigger()
    qtbot.waitUntil(lambda: tab.prints.task is not None and tab.prints.task.done, timeout=20000)
    assert tab.prints.task.error is None
    assert asked == ["归档文件目录（PDF）-2026"] and told and str(out) in told[0]
    assert out.read_bytes().startswith(b"%PDF")
    assert not [b for b in open_error_boxes() if isinstance(b, QMessageBox) and b.isVisible()]


def test_enter_opens_the_item_once_and_the_row_menu_offers_the_steps(qtbot, admin):
    """Issue 15: every register opens on Enter/double-click, with a row menu and 共 N 件."""
    from PySide6.QtWidgets import QMenu

    _stock(admin)
    tab = _catalog(qtbot, admin)
    tab.reload()
    assert tab.count_label.text().startswith("共 ") and tab.count_label.text().endswith(" 件")
    tab.view.selectRow(0)
    rect = tab.view.visualRect(tab.model.index(0, 1))
    qtbot.mouseClick(tab.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tab.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    opened = [d for d in tab.findChildren(ItemDialog) if d.isVisible()]
    assert len(opened) == 1  # once, though both Enter and double-click open it
    opened[0].reject()
    menu = tab.view.build_menu(rect.center())
    assert isinstance(menu, QMenu)
    texts = [a.text() for a in menu.actions() if a.text()]
    assert texts == ["修改（回车）", "电子文件…", "调整件号", "撤出归档"]

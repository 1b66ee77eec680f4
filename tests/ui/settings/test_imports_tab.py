"""设置 → 导入记录: batches listed; 撤销导入 asks first, showing what it will remove."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select

from app.models.filing import IncomingDoc
from app.services.session import unit_of_work
from app.services.transfer import import_file
from app.ui.settings.page import SettingsPage
from tests.services.imports.sheets import write_sheet


def _import(admin, path: Path) -> None:  # type: ignore[no-untyped-def]
    with unit_of_work(admin) as session:
        import_file(session, "incoming", path)


def _count() -> int:
    with unit_of_work() as session:
        return int(session.scalar(select(func.count(IncomingDoc.id))) or 0)


def test_undo_asks_showing_what_goes_then_removes(qtbot, admin, tmp_path, when_modal) -> None:  # type: ignore[no-untyped-def]
    path = write_sheet(tmp_path / "收文.xlsx", ["来文机关", "标题", "签收日期"],
                       [["县委办", "关于A的通知", "2026-03-05"]])  # fmt: skip
    _import(admin, path)
    page = SettingsPage(admin)
    qtbot.addWidget(page)
    tab = page.open_tab("导入记录")
    assert tab.table.rowCount() == 1
    assert tab.table.item(0, 1).text() == "收文.xlsx" and tab.table.item(0, 6).text() == "有效"
    tab.table.selectRow(0)
    assert tab.undo_button.isEnabled()
    asked: list[str] = []

    def decline(box) -> None:  # type: ignore[no-untyped-def]
        asked.append(box.text())

    when_modal(decline)
    qtbot.mouseClick(tab.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(asked))
    assert "删除以下记录（共 1 条）" in asked[0] and "收〔2026〕" in asked[0]
    assert _count() == 1

    def accept(box) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(box, QMessageBox)
        box.button(QMessageBox.StandardButton.Yes).click()

    when_modal(accept)
    qtbot.mouseClick(tab.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _count() == 0)
    assert tab.table.item(0, 6).text().startswith("已撤销")
    assert not tab.undo_button.isEnabled()


def test_a_staff_import_is_undone_from_the_window(qtbot, admin, tmp_path, when_modal) -> None:  # type: ignore[no-untyped-def]
    """Was: a 值班人员 batch could not be undone (refused as an import that updates)."""
    from app.services.duty import staff

    path = write_sheet(tmp_path / "人员.xlsx", ["姓名", "职务"], [["王书记", "党委书记"]])
    with unit_of_work(admin) as session:
        import_file(session, "staff", path)
    page = SettingsPage(admin)
    qtbot.addWidget(page)
    tab = page.open_tab("导入记录")
    tab.table.selectRow(0)
    asked: list[str] = []

    def accept(box) -> None:  # type: ignore[no-untyped-def]
        asked.append(box.text())
        box.button(QMessageBox.StandardButton.Yes).click()

    when_modal(accept)
    qtbot.mouseClick(tab.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.table.item(0, 6).text().startswith("已撤销"))
    assert "撤销以下导入内容（共 1 条）：新增的 王书记" in asked[0]
    with unit_of_work(admin) as session:
        assert staff.people(session) == []

"""The import dialog as a clerk uses it: check and import in the background, map headers,
close by 关闭, Esc or the window's own button (was: TypeError from a shadowed done())."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from sqlalchemy import select

from app.db import unit_of_work
from app.models.filing import IncomingDoc
from app.ui.kit.import_dialog import ImportDialog
from app.ui.messages import open_error_boxes
from app.ui.tasks import wait_all
from tests.services.imports.sheets import write_sheet
from tests.ui.typing_helpers import press, type_text

PARENTS: list[QWidget] = []  # a page stands behind the dialog; kept so Python keeps it


def _dialog(qtbot, admin, calls: list[int]) -> ImportDialog:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    PARENTS.append(parent)
    dialog = ImportDialog(parent, admin, "incoming", lambda: calls.append(1))
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _titles() -> list[str]:
    with unit_of_work() as session:
        return list(session.scalars(select(IncomingDoc.title).order_by(IncomingDoc.id)))


def _check(qtbot, dialog: ImportDialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.check_button.isEnabled(), timeout=15000)


def test_esc_closes_after_a_clean_check(qtbot, admin, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_sheet(tmp_path / "收文.xlsx", ["来文机关", "标题", "签收日期"],
                       [["县委办", "关于A的通知", "2026-03-05"]])  # fmt: skip
    dialog = _dialog(qtbot, admin, [])
    type_text(qtbot, dialog.path, str(path))
    _check(qtbot, dialog)
    assert dialog.import_button.isEnabled()
    press(qtbot, dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert open_error_boxes() == []


def test_the_window_button_and_close_button_close(qtbot, admin) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, admin, [])
    dialog.close()  # what the title bar's close button does
    assert not dialog.isVisible()
    dialog = _dialog(qtbot, admin, [])
    assert dialog.close_button.text() == "关闭"
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert open_error_boxes() == []


def test_a_missing_column_is_mapped_once_and_remembered(qtbot, admin, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    header = ["来文机关", "题目", "收文日期"]  # 题目 is no word of the 标题 column
    first = write_sheet(tmp_path / "一.xlsx", header, [["县委办", "关于A的通知", "2026-03-05"]])
    second = write_sheet(tmp_path / "二.xlsx", header, [["县政府办", "关于B的通知", "2026-03-06"]])
    calls: list[int] = []
    dialog = _dialog(qtbot, admin, calls)
    type_text(qtbot, dialog.path, str(first))
    _check(qtbot, dialog)
    mapping = dialog.mapping_dialog
    assert mapping is not None and mapping.isVisible()
    assert not mapping.ok_button.isEnabled()
    combo = mapping.combos["标题"]
    combo.setCurrentIndex(combo.findText("题目"))
    assert mapping.ok_button.isEnabled() and mapping.preview.rowCount() == 1
    qtbot.mouseClick(mapping.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=15000)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: calls == [1], timeout=15000)
    assert _titles() == ["关于A的通知"]
    # the same header row again: no question asked
    dialog.mapping_dialog = None
    dialog.path.clear()
    type_text(qtbot, dialog.path, str(second))
    _check(qtbot, dialog)
    assert dialog.mapping_dialog is None and dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: calls == [1, 1], timeout=15000)
    assert _titles() == ["关于A的通知", "关于B的通知"]
    wait_all()


def test_a_5_kb_sheet_with_a_cell_at_xfd1048576_is_refused_in_the_dialog(
    qtbot, admin, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Issue 16, defect 4: the reader asked for the full 512 GB area and took the window down."""
    import openpyxl

    path = tmp_path / "远.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["来文机关", "标题", "签收日期"])
    book.active.append(["县委办", "关于A的通知", "2026-03-05"])
    book.active["XFD1048576"] = "x"
    book.save(path)
    assert path.stat().st_size < 10_000
    dialog = _dialog(qtbot, admin, [])
    type_text(qtbot, dialog.path, str(path))
    _check(qtbot, dialog)
    assert (
        dialog.status.text()
        == "文件 远.xlsx 超过 100,000 行（第 1,048,576 行有内容），请分成几个文件导入"
    )
    assert not dialog.import_button.isEnabled() and dialog.isVisible()
    assert _titles() == []
    assert open_error_boxes() == []

"""值班 imports in the window: the 人员 and 排班 sheets are read, checked and imported in the
background through the import dialog; the tab answers meanwhile, and closing the dialog by
Esc or its window button, even mid-import, leaves the import to finish without an error."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from app.services.duty import staff
from app.services.session import unit_of_work
from app.ui.duty.roster_tab import RosterTab
from app.ui.duty.staff_tab import StaffTab
from app.ui.messages import open_error_boxes
from app.ui.tasks import wait_all
from tests.services.imports.sheets import write_sheet
from tests.ui.typing_helpers import press

STAFF = ["姓名", "职务", "手机", "带班领导"]
PEOPLE = [["王书记", "党委书记", "13900000001", "是"], ["李干事", "科员", "13900000002", "否"]]


def _checked(qtbot, dialog: QDialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: dialog.check_button.isEnabled(), timeout=15000)


def _names(admin) -> list[str]:  # type: ignore[no-untyped-def]
    with unit_of_work(admin) as s:
        return [p.name for p in staff.people(s)]


def test_staff_sheet_bad_rows_listed_then_imported_in_the_background(
    qtbot, admin, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    bad = write_sheet(
        tmp_path / "人员.xlsx", STAFF, [PEOPLE[0], ["李干事", "科员", "电话坏了", "否"]]
    )
    tab = StaffTab(admin)
    qtbot.addWidget(tab)
    dialog = tab.import_from(bad)
    _checked(qtbot, dialog)
    errors = [dialog.errors.item(i).text() for i in range(dialog.errors.count())]
    assert any("第3行 手机" in e for e in errors) and not dialog.import_button.isEnabled()
    good = write_sheet(tmp_path / "人员二.xlsx", STAFF, PEOPLE)
    dialog.path.setText(str(good))
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    _checked(qtbot, dialog)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.list.rowCount() == 2, timeout=15000)
    assert "已导入 2 行" in dialog.status.text()
    press(qtbot, dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and open_error_boxes() == []


def test_closing_the_dialog_mid_import_is_safe(qtbot, admin, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_sheet(tmp_path / "人员.xlsx", STAFF, PEOPLE)
    tab = StaffTab(admin)
    qtbot.addWidget(tab)
    dialog = tab.import_from(path)
    _checked(qtbot, dialog)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    press(qtbot, dialog, Qt.Key.Key_Escape)  # at once: the import is still on its way
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: tab.list.rowCount() == 2, timeout=15000)
    wait_all()
    assert _names(admin) == ["王书记", "李干事"] and open_error_boxes() == []
    # the window's own close button, on a dialog opened again, mid-check
    again = tab.import_from(path)
    again.close()
    wait_all()
    qtbot.wait(50)
    assert not again.isVisible() and open_error_boxes() == []


def test_roster_sheet_imported_from_the_roster_tab(qtbot, admin, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    people = write_sheet(tmp_path / "人员.xlsx", STAFF, PEOPLE)
    staff_tab = StaffTab(admin)
    qtbot.addWidget(staff_tab)
    dialog = staff_tab.import_from(people)
    _checked(qtbot, dialog)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: staff_tab.list.rowCount() == 2, timeout=15000)
    sheet = write_sheet(tmp_path / "排班.xlsx", ["日期", "带班领导", "值班人员"],
                        [["2026-12-05", "王书记", "李干事"]])  # fmt: skip
    tab = RosterTab(admin)
    qtbot.addWidget(tab)
    tab.start.setText("2026-12-01")
    tab.end.setText("2026-12-31")
    roster = tab.import_from(sheet)
    _checked(qtbot, roster)
    assert roster.windowTitle() == "导入排班表"
    qtbot.mouseClick(roster.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已导入 1 行" in roster.status.text(), timeout=15000)
    qtbot.waitUntil(lambda: tab.days.rowCount() >= 1, timeout=15000)
    cells = [tab.days.item(r, 5).text() for r in range(tab.days.rowCount())]
    assert any(c.startswith("王书记") for c in cells)
    wait_all()
    assert open_error_boxes() == []

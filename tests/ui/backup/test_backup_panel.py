"""备份与恢复, driven as a clerk: back up now, restore a backup, refuse a file that is not one."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.services import backup, users
from app.services.context import Role
from app.ui.backup.panel import BackupPanel


def _panel(qtbot, actor) -> BackupPanel:
    panel = BackupPanel(actor)
    qtbot.addWidget(panel)
    panel.resize(900, 500)
    panel.show()
    return panel


def _answer_confirm(qtbot, button_text: str) -> None:
    """Click a button of the confirmation box once it is up (it runs its own event loop)."""

    def click() -> None:
        boxes = [w for w in QApplication.topLevelWidgets()
                 if isinstance(w, QMessageBox) and w.isVisible()]  # fmt: skip
        if not boxes:
            QTimer.singleShot(20, click)
            return
        button = next(b for b in boxes[0].buttons() if b.text() == button_text)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, click)


def _usernames(uow) -> set[str]:
    with uow() as s:
        return {u.username for u in users.list_users(s)}


def test_back_up_now_adds_a_file_to_the_list(qtbot, admin, data_dir):
    panel = _panel(qtbot, admin)
    assert panel.model.rowCount() == 0
    with qtbot.waitSignal(panel.finished, timeout=10000) as done:
        qtbot.mouseClick(panel.backup_button, Qt.MouseButton.LeftButton)
    assert done.args == [True]
    (made,) = backup.list_backups()
    assert made.path.is_file() and made.size > 0
    assert panel.model.rowCount() == 1
    assert panel.model.index(0, 3).data() == made.path.name
    assert made.path.name in panel.message.text()


def test_restore_selected_backup_brings_data_back(qtbot, admin, uow, data_dir):
    saved = backup.backup_now()
    with uow() as s:
        users.add_user(s, "later", "后来的人", Role.CLERK, "password-123")
    panel = _panel(qtbot, admin)
    rect = panel.table.visualRect(panel.model.index(0, 0))
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    _answer_confirm(qtbot, "恢复")
    with qtbot.waitSignal(panel.finished, timeout=20000) as done:
        qtbot.mouseClick(panel.restore_selected_button, Qt.MouseButton.LeftButton)
    assert done.args == [True]
    assert "later" not in _usernames(uow)
    assert "重新打开" in panel.message.text() and saved.path.name in panel.message.text()
    kinds = [panel.model.index(r, 1).data() for r in range(panel.model.rowCount())]
    assert sorted(kinds) == ["常规备份", "恢复前安全副本"]


def test_cancel_leaves_everything_as_it_was(qtbot, admin, uow, data_dir):
    backup.backup_now()
    with uow() as s:
        users.add_user(s, "later", "后来的人", Role.CLERK, "password-123")
    panel = _panel(qtbot, admin)
    panel.table.selectRow(0)
    _answer_confirm(qtbot, "取消")
    qtbot.mouseClick(panel.restore_selected_button, Qt.MouseButton.LeftButton)
    assert "later" in _usernames(uow)
    assert panel.model.rowCount() == 1


def test_restore_from_a_file_that_is_not_a_backup_says_so(
    qtbot, admin, uow, data_dir, tmp_path, monkeypatch
):
    bogus = tmp_path / "通讯录.db"
    bogus.write_text("姓名,电话\n" * 50, encoding="utf-8")
    before = _usernames(uow)
    panel = _panel(qtbot, admin)
    monkeypatch.setattr(panel, "pick_backup_file", lambda: str(bogus))
    _answer_confirm(qtbot, "恢复")
    with qtbot.waitSignal(panel.finished, timeout=10000) as done:
        qtbot.mouseClick(panel.restore_file_button, Qt.MouseButton.LeftButton)
    assert done.args == [False]
    assert panel.message.text() == "“通讯录.db”不是本程序的备份文件（无法作为数据库打开）。"
    assert _usernames(uow) == before
    assert backup.list_backups() == []


def test_back_up_to_a_usb_folder(qtbot, admin, data_dir, tmp_path, monkeypatch):
    usb = tmp_path / "U盘"
    usb.mkdir()
    panel = _panel(qtbot, admin)
    monkeypatch.setattr(panel, "pick_folder", lambda: str(usb))
    with qtbot.waitSignal(panel.finished, timeout=10000):
        qtbot.mouseClick(panel.usb_button, Qt.MouseButton.LeftButton)
    assert len(list(usb.glob("备份-*.sqlite3"))) == 1
    assert "U盘" in panel.message.text()


def test_clerk_cannot_restore(qtbot, make_user):
    panel = _panel(qtbot, make_user(Role.CLERK))
    assert not panel.restore_file_button.isEnabled()
    assert not panel.restore_selected_button.isEnabled()
    assert panel.backup_button.isEnabled()


def test_list_model_passes_modeltester(qtmodeltester, admin, data_dir):
    backup.backup_now()
    from app.ui.backup.panel import BackupListModel

    model = BackupListModel()
    model.reload()
    qtmodeltester.check(model)

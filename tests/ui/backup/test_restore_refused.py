"""Issue 16: the restore button refuses, naming who, while another program holds the data."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.services import backup, users
from app.services.context import Role
from tests.services.faults.helpers import Holder
from tests.ui.backup.test_backup_panel import _answer_confirm, _panel, _usernames


def test_restore_is_refused_in_the_panel_while_another_program_is_open(qtbot, admin, uow, data_dir):
    backup.backup_now()
    with uow() as s:
        users.add_user(s, "later", "后来的人", Role.CLERK, "password-123")
    panel = _panel(qtbot, admin)
    rect = panel.table.visualRect(panel.model.index(0, 0))
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with Holder(data_dir.root):
        _answer_confirm(qtbot, "恢复")
        with qtbot.waitSignal(panel.finished, timeout=20000) as done:
            qtbot.mouseClick(panel.restore_selected_button, Qt.MouseButton.LeftButton)
    assert done.args == [False]
    assert "数据正在被使用" in panel.message.text()
    assert "请先关闭那里的程序，再恢复备份" in panel.message.text()
    assert "later" in _usernames(uow)

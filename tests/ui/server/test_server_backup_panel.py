"""Issue 18: 备份 and 恢复 in the window on the office server, through the server services."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy.engine import make_url

from app.db.pg_tools import application_name
from app.db.session import unit_of_work
from app.services import users
from app.services.context import Role
from tests.ui.backup.test_backup_panel import _answer_confirm, _panel


def _usernames(actor) -> set[str]:
    with unit_of_work(actor) as s:
        return {u.username for u in users.list_users(s)}


def _backed_up(qtbot, panel) -> Path:
    with qtbot.waitSignal(panel.finished, timeout=60000) as done:
        qtbot.mouseClick(panel.backup_button, Qt.MouseButton.LeftButton)
    assert done.args == [True], panel.message.text()
    return panel.model.info(0).path


def _restore_file(qtbot, panel, dump: Path):
    panel.pick_backup_file = lambda: str(dump)  # the file picker is the panel's hook
    _answer_confirm(qtbot, "恢复")
    with qtbot.waitSignal(panel.finished, timeout=60000) as done:
        qtbot.mouseClick(panel.restore_file_button, Qt.MouseButton.LeftButton)
    return done.args


def test_back_up_now_on_the_server_writes_a_dump_with_its_manifest(qtbot, server_dir,
                                                                    server_admin):  # fmt: skip
    panel = _panel(qtbot, server_admin)
    dump = _backed_up(qtbot, panel)
    assert dump.parent == server_dir.backups and dump.suffix == ".dump"
    assert dump.read_bytes()[:5] == b"PGDMP"
    manifest = json.loads(dump.with_name(dump.name + ".anchor.json").read_text())
    assert "审计日志" in manifest["heads"]
    assert panel.model.rowCount() == 1 and dump.name in panel.message.text()


def test_restore_from_the_panel_swaps_the_dump_in(qtbot, server_dir, server_admin):
    panel = _panel(qtbot, server_admin)
    dump = _backed_up(qtbot, panel)
    with unit_of_work(server_admin) as s:
        users.add_user(s, "later", "后来的人", Role.CLERK, "password-123")
    with qtbot.waitSignal(panel.restored, timeout=60000):
        assert _restore_file(qtbot, panel, dump) == [True]
    assert "later" not in _usernames(server_admin)
    assert "_before_" in panel.message.text() and "重新打开" in panel.message.text()


def test_restore_from_the_panel_is_refused_naming_the_pc_connected(qtbot, server_dir,
                                                                    server_admin):  # fmt: skip
    panel = _panel(qtbot, server_admin)
    dump = _backed_up(qtbot, panel)
    with unit_of_work(server_admin) as s:
        users.add_user(s, "later", "后来的人", Role.CLERK, "password-123")
    url = make_url(str(server_dir.database_url))
    with psycopg.connect(host=url.query["host"], port=url.query["port"], user=url.username,
                         dbname=url.database, application_name=application_name("办公室2", "张三"),
                         autocommit=True):  # fmt: skip
        assert _restore_file(qtbot, panel, dump) == [False]
    assert "办公室2 上的 张三" in panel.message.text()
    assert "请先关闭那里的程序" in panel.message.text()
    assert "later" in _usernames(server_admin)


def test_back_up_to_a_usb_folder_on_the_server_writes_a_dump_there(qtbot, tmp_path, server_dir,
                                                                    server_admin):  # fmt: skip
    usb = tmp_path / "U盘"
    usb.mkdir()
    panel = _panel(qtbot, server_admin)
    panel.pick_folder = lambda: str(usb)  # the folder picker is the panel's hook
    with qtbot.waitSignal(panel.finished, timeout=60000) as done:
        qtbot.mouseClick(panel.usb_button, Qt.MouseButton.LeftButton)
    assert done.args == [True], panel.message.text()
    (dump,) = usb.glob("备份-*.dump")
    assert (
        dump.read_bytes()[:5] == b"PGDMP" and dump.with_name(dump.name + ".anchor.json").is_file()
    )


def test_the_restore_warning_on_the_server_speaks_of_the_server(qtbot, server_dir, server_admin):
    """The SQLite wording promised a 恢复前 copy listed on this page: on the server the data
    replaced stays on the server as a database."""
    panel = _panel(qtbot, server_admin)
    dump = _backed_up(qtbot, panel)
    seen: list[str] = []

    def read_and_cancel() -> None:
        boxes = [w for w in QApplication.topLevelWidgets()
                 if isinstance(w, QMessageBox) and w.isVisible()]  # fmt: skip
        if not boxes:
            QTimer.singleShot(20, read_and_cancel)
            return
        seen.append(boxes[0].informativeText())
        boxes[0].reject()

    panel.pick_backup_file = lambda: str(dump)
    QTimer.singleShot(0, read_and_cancel)
    qtbot.mouseClick(panel.restore_file_button, Qt.MouseButton.LeftButton)
    assert seen and "服务器" in seen[0] and "列在本页" not in seen[0]

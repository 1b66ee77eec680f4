"""First run, login and lockout, driven as a clerk types; results checked through services."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from app.config import DataDir
from app.services import audit, settings, users
from app.services.context import Role
from app.services.session import dispose, open_database, unit_of_work
from app.ui import app as start
from app.ui.login import LoginDialog
from app.ui.opening import Opening
from app.ui.wizard import SetupWizard
from tests.conftest import ADMIN_PASSWORD
from tests.ui.typing_helpers import press, type_text


@pytest.fixture
def fresh(tmp_path) -> Iterator[DataDir]:
    folder = DataDir(tmp_path / "fresh")
    open_database(folder)
    yield folder
    dispose()


def fill_unit_page(qtbot, wizard: SetupWizard) -> None:
    page = wizard.unit_page
    type_text(qtbot, page.org, "某某镇人民政府")
    press(qtbot, page.org, Qt.Key.Key_Tab)
    qtbot.keyClicks(page.fonds, "z109")
    type_text(qtbot, page.codes, "镇委")
    press(qtbot, page.codes, Qt.Key.Key_Return)
    type_text(qtbot, page.codes, "镇政办")
    press(qtbot, page.fonds, Qt.Key.Key_Return)  # Enter: 下一步


def test_wizard_by_keyboard_saves_unit_and_admin(qtbot, fresh):
    wizard = SetupWizard()
    qtbot.addWidget(wizard)
    wizard.show()
    fill_unit_page(qtbot, wizard)
    page = wizard.admin_page
    assert wizard.currentPage() is page
    type_text(qtbot, page.display, "张三")
    qtbot.keyClicks(page.password, "secret-123")
    qtbot.keyClicks(page.again, "secret-124")
    press(qtbot, page.again, Qt.Key.Key_Return)
    assert page.error.text() == "两次输入的密码不一致"
    press(qtbot, page.again, Qt.Key.Key_Backspace)
    qtbot.keyClicks(page.again, "3")
    press(qtbot, page.again, Qt.Key.Key_Return)  # Enter: 完成
    assert wizard.result() == QDialog.DialogCode.Accepted
    with unit_of_work() as session:
        assert not users.needs_setup(session)
        info = settings.org_info(session)
        outcome = users.login(session, "admin", "secret-123")
    assert info == settings.OrgInfo("某某镇人民政府", "Z109", ("镇委", "镇政办"))
    assert outcome.actor is not None and outcome.actor.role == Role.ADMIN
    assert outcome.actor.display_name == "张三"


def test_wizard_keeps_the_clerk_on_a_bad_page(qtbot, fresh):
    wizard = SetupWizard()
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.keyClicks(wizard.unit_page.fonds, "Z-1")
    press(qtbot, wizard.unit_page.fonds, Qt.Key.Key_Return)
    assert wizard.currentPage() is wizard.unit_page
    assert "单位名称" in wizard.unit_page.error.text()
    fill_unit_page(qtbot, wizard)  # fonds now reads "Z-1z109": still refused
    assert "全宗号" in wizard.unit_page.error.text()
    with unit_of_work() as session:
        assert users.needs_setup(session)


def login(qtbot, password: str, username: str = "admin") -> LoginDialog:
    dialog = LoginDialog("某某镇人民政府", username)
    qtbot.addWidget(dialog)
    dialog.show()
    submit(qtbot, dialog, password)
    return dialog


def submit(qtbot, dialog: LoginDialog, password: str) -> None:
    """Type the password, press Enter, wait for the answer (checked off the GUI thread)."""
    qtbot.keyClicks(dialog.password, password)
    press(qtbot, dialog.password, Qt.Key.Key_Return)
    assert dialog.checking and not dialog.password.isEnabled()  # 正在登录…, fields held
    qtbot.waitUntil(lambda: not dialog.checking, timeout=10000)


def test_login_success_with_enter(qtbot, admin):
    dialog = login(qtbot, ADMIN_PASSWORD)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.actor is not None and dialog.actor.username == "admin"


def test_wrong_password_says_how_many_tries_are_left(qtbot, admin):
    dialog = login(qtbot, "not-the-password")
    assert dialog.actor is None and dialog.isVisible()
    assert dialog.message.text() == "登录名或密码不正确（再错 4 次将锁定 15 分钟）"
    assert dialog.password.text() == ""


def test_five_failures_lock_the_account(qtbot, admin):
    dialog = login(qtbot, "wrong-1")
    for n in range(2, 6):
        submit(qtbot, dialog, f"wrong-{n}")
    assert dialog.message.text() == "密码连续输错 5 次，账号已锁定 15 分钟"
    submit(qtbot, dialog, ADMIN_PASSWORD)
    assert dialog.actor is None
    assert dialog.message.text().startswith("账号已锁定，请 ")
    with unit_of_work(admin) as session:
        locked = next(u for u in users.list_users(session) if u.username == "admin")
        entries = audit.query(session, audit.AuditFilter(action="锁定"))
    assert locked.locked_until is not None and len(entries) == 1


def test_open_data_reports_a_storage_error_in_chinese(qtbot, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr("app.ui.messages.show_error", lambda *a, **_k: shown.append(a))
    bad = tmp_path / "not-a-db"
    bad.mkdir()
    (bad / "taizhang.sqlite3").write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(start.CannotOpen):
        start.open_data(DataDir(bad))
    dispose()
    assert "数据文件夹" in shown[0][1] and "Traceback" not in shown[0][1]


def test_open_data_on_a_fresh_folder_asks_for_the_wizard(tmp_path):
    fresh_dir = DataDir(tmp_path / "new")
    assert start.open_data(fresh_dir) == (True, "")
    dispose()


def test_open_data_clears_the_copies_viewers_were_given_last_time(tmp_path):
    data_dir = DataDir(tmp_path / "data")
    left = data_dir.temp / "tmp1a2b" / "批示.pdf"
    left.parent.mkdir(parents=True)
    left.write_bytes(b"%PDF-1.7 edited in WPS")
    left.chmod(0o400)
    start.open_data(data_dir)
    dispose()
    assert not data_dir.temp.exists()


def test_self_test_flag_runs_the_self_test(monkeypatch):
    import app.ui.selftest as selftest

    seen = []
    monkeypatch.setattr(selftest, "run_self_test", lambda args: seen.append(args.data_dir) or 0)
    assert start.run(["--self-test", "--data-dir", "somewhere"]) == 0
    assert seen == ["somewhere"]


def test_self_test_flag_without_the_module_says_so(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "app.ui.selftest", None)  # as in a build without it
    assert start.run(["--self-test"]) == 2
    assert "自检" in capsys.readouterr().err


def test_login_remembers_the_last_user(qtbot, admin):
    login(qtbot, ADMIN_PASSWORD)
    again = LoginDialog("某某镇人民政府")
    qtbot.addWidget(again)
    assert again.username.text() == "admin"


def test_open_data_on_data_from_a_newer_program_says_so_and_copies_nothing(
    qtbot, tmp_path, monkeypatch
):
    """Issue 16, defect 3: the window started with an alembic traceback, and each start left
    another 升级前 copy."""
    import sqlite3
    from contextlib import closing

    shown = []
    monkeypatch.setattr("app.ui.messages.show_error", lambda *a, **_k: shown.append(a))
    folder = DataDir(tmp_path / "newer")
    start.open_data(folder)
    dispose()
    with closing(sqlite3.connect(folder.database)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
        conn.commit()
    for _start in range(2):
        with pytest.raises(start.CannotOpen):
            start.open_data(folder)
        dispose()
    assert [a[1].splitlines()[0] for a in shown] == [
        "此数据由更新版本的程序创建（版本 0099_from_the_future），请升级程序。"
    ] * 2
    assert list(folder.backups.iterdir()) == []


def test_login_checks_the_password_while_the_data_still_loads(qtbot, admin, data_dir, request):
    """登录 pressed before the loading ended: the scrypt digest is worked out at once, and the
    login that runs once the loading has ended uses it (issue 14's start-up)."""
    if data_dir.on_server:
        pytest.skip("the office server is opened before its login")
    loading = threading.Event()
    opening = Opening(loading.wait)
    request.addfinalizer(loading.set)  # a failing test must not leave the thread waiting
    dialog = LoginDialog("某某镇人民政府", "admin", opening=opening, data_dir=data_dir)
    qtbot.addWidget(dialog)
    dialog.show()
    opening.start()
    qtbot.keyClicks(dialog.password, ADMIN_PASSWORD)
    press(qtbot, dialog.password, Qt.Key.Key_Return)
    ahead = dialog.ahead
    assert ahead is not None and not opening.done  # started before the loading ended
    loading.set()
    qtbot.waitUntil(lambda: not dialog.checking, timeout=10000)
    assert dialog.actor is not None and dialog.actor.username == "admin"
    assert ahead.used == 1


def test_the_areas_load_after_the_window_shows_without_holding_the_gui_thread(
    qtbot, monkeypatch, request
):
    """Issue 14: waiting on the GUI thread for 首页's background read to load the areas froze
    the just-shown window 0.3-0.5 s; the rest of the start now follows once they have loaded."""
    from app.services import modules

    loading, ran = threading.Event(), []
    request.addfinalizer(loading.set)  # a failing test must not leave the thread waiting

    def load_all() -> None:  # slept, counted: a timed wait never ends under libfaketime
        for _ in range(300):
            if loading.is_set():
                return
            time.sleep(0.01)

    monkeypatch.setattr(modules, "load_all", load_all)
    for step in ("freeze_start_up", "_start_daily_backup", "_watch_other_pcs"):
        monkeypatch.setattr(start, step, lambda step=step: ran.append(step))
    start._load_the_rest()  # returns at once: the areas load on a thread of their own
    qtbot.wait(50)
    assert ran == []
    loading.set()
    qtbot.waitUntil(lambda: len(ran) == 3, timeout=5000)
    assert ran == ["freeze_start_up", "_start_daily_backup", "_watch_other_pcs"]

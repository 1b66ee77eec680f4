"""The server's password goes to the system's credential store (keyring), never to a file;
the next start finds it there. A PC without a store is told so, and nothing is saved."""

from __future__ import annotations

import keyring
from PySide6.QtCore import Qt

from app.config import LOCAL_SETTINGS, resolve_data_dir, saved_database_url
from app.credentials import SERVICE
from app.services.session import dispose
from app.ui import app as start
from app.ui.settings.server_tab import ServerTab
from tests.ui.server.conftest import OFFICE_PASSWORD
from tests.ui.server.test_server_choice import click_radio, click_test, new_pc_wizard


def fill_office(qtbot, choice, office, password: str) -> None:
    click_radio(qtbot, choice.server)
    for edit, value in ((choice.host, "127.0.0.1"), (choice.port, str(office.port)),
                        (choice.database, "dzb"), (choice.user, "dzb"),
                        (choice.password, password)):  # fmt: skip
        edit.clear()
        qtbot.keyClicks(edit, value)


def test_the_password_is_kept_by_the_credential_store_and_found_at_the_next_start(
    qtbot, office, credential_store, tmp_path, monkeypatch
):
    monkeypatch.delenv("DZB_DATABASE_URL", raising=False)
    root = tmp_path / "pc"
    wizard = new_pc_wizard(qtbot, root)
    where = wizard.where_page
    assert where is not None
    fill_office(qtbot, where.choice, office, "wrong-pw")
    assert "用户名或密码不对" in click_test(qtbot, where.choice)
    fill_office(qtbot, where.choice, office, OFFICE_PASSWORD)
    assert "连接成功" in click_test(qtbot, where.choice)
    qtbot.mouseClick(wizard.button(wizard.WizardButton.CommitButton), Qt.MouseButton.LeftButton)
    assert wizard.currentPage() is wizard.unit_page  # an empty database: set it up next
    dispose()
    settings_text = (root / LOCAL_SETTINGS).read_text(encoding="utf-8")
    assert OFFICE_PASSWORD not in settings_text
    assert saved_database_url(root) == f"postgresql+psycopg://dzb@127.0.0.1:{office.port}/dzb"
    assert credential_store.exists()  # the store's own file, not the data folder
    assert keyring.get_password(SERVICE, f"dzb@127.0.0.1:{office.port}/dzb") == OFFICE_PASSWORD
    again = resolve_data_dir(root)  # the next start: the URL with the stored password
    assert again.database_url is not None and OFFICE_PASSWORD in again.database_url
    assert start.open_data(again) == (True, "")
    dispose()


def test_without_a_credential_store_the_clerk_is_told_and_nothing_is_saved(
    qtbot, office, no_credential_store, tmp_path, monkeypatch
):
    monkeypatch.delenv("DZB_DATABASE_URL", raising=False)
    root = tmp_path / "pc"
    wizard = new_pc_wizard(qtbot, root)
    where = wizard.where_page
    assert where is not None
    fill_office(qtbot, where.choice, office, OFFICE_PASSWORD)
    qtbot.mouseClick(wizard.button(wizard.WizardButton.CommitButton), Qt.MouseButton.LeftButton)
    assert wizard.currentPage() is where
    assert "没有可用的系统凭据存储" in where.choice.result.text()
    assert saved_database_url(root) is None


def test_settings_tests_with_the_stored_password_when_none_is_typed(
    qtbot, admin, data_dir, office, credential_store, monkeypatch
):
    monkeypatch.delenv("DZB_DATABASE_URL", raising=False)
    tab = ServerTab(admin)
    qtbot.addWidget(tab)
    tab.show()
    fill_office(qtbot, tab.choice, office, OFFICE_PASSWORD)
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert tab.status.text() == "已保存。下次启动时连接办公室服务器。"
    reopened = ServerTab(admin)
    qtbot.addWidget(reopened)
    reopened.show()
    assert reopened.choice.password.text() == ""  # never shown again
    assert "连接成功" in click_test(qtbot, reopened.choice)

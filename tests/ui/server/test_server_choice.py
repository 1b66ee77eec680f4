"""连接办公室服务器 in the first-run wizard and in 设置, against the throwaway cluster: the
choice is tested, saved for this user without its password, and used at the next start."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog, QRadioButton
from sqlalchemy import text

from app.config import (
    DB_FILE,
    LOCAL_SETTINGS,
    resolve_data_dir,
    save_database_url,
    saved_database_url,
)
from app.db.engine import make_server_engine
from app.services import settings, users
from app.services.session import dispose, unit_of_work
from app.ui import app as start
from app.ui.server_choice import ServerChoice
from app.ui.settings.server_tab import ServerTab
from app.ui.wizard import SetupWizard
from tests import pg
from tests.ui.test_start import fill_unit_page
from tests.ui.typing_helpers import press, type_text

_serial = iter(range(1, 10**6))


@pytest.fixture
def empty_db(pg_cluster: pg.Cluster) -> Iterator[str]:
    """A new, empty database on the cluster: its name."""
    name = f"dzb_choice{next(_serial)}"
    pg_cluster.admin(f"CREATE DATABASE {name}")
    yield name
    dispose()
    pg_cluster.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def click_radio(qtbot, radio: QRadioButton) -> None:
    """On its circle: a radio button stretched across the form ignores a click past its text."""
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))
    assert radio.isChecked()


def fill_server(qtbot, choice: ServerChoice, cluster: pg.Cluster, database: str,
                port: int | None = None) -> None:  # fmt: skip
    """Type the server's fields as a clerk would (the socket folder stands for the address)."""
    click_radio(qtbot, choice.server)
    for edit, value in ((choice.host, str(cluster.root)), (choice.port, str(port or cluster.port)),
                        (choice.database, database), (choice.user, cluster.user)):  # fmt: skip
        edit.clear()
        qtbot.keyClicks(edit, value)


def click_test(qtbot, choice: ServerChoice) -> str:
    """测试连接, and the line it leaves once it has answered."""
    choice.result.clear()
    qtbot.mouseClick(choice.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: choice.test_button.isEnabled() and "正在连接" not in
                    choice.result.text(), timeout=15000)  # fmt: skip
    return choice.result.text()


def new_pc_wizard(qtbot, root: Path) -> SetupWizard:
    wizard = SetupWizard(root, start.open_data)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def test_a_new_pc_sets_up_an_empty_server_and_uses_it_at_the_next_start(
    qtbot, pg_cluster, empty_db, tmp_path, monkeypatch
):
    monkeypatch.delenv("DZB_DATABASE_URL", raising=False)
    root = tmp_path / "pc1"
    assert start.new_pc(resolve_data_dir(root))
    wizard = new_pc_wizard(qtbot, root)
    where = wizard.where_page
    assert where is not None and wizard.currentPage() is where
    fill_server(qtbot, where.choice, pg_cluster, empty_db)
    assert "连接成功" in click_test(qtbot, where.choice)
    assert "空数据库" in where.choice.result.text()
    qtbot.mouseClick(wizard.button(wizard.WizardButton.CommitButton), Qt.MouseButton.LeftButton)
    assert wizard.currentPage() is wizard.unit_page
    fill_unit_page(qtbot, wizard)
    page = wizard.admin_page
    type_text(qtbot, page.display, "张三")
    qtbot.keyClicks(page.password, "secret-123")
    qtbot.keyClicks(page.again, "secret-123")
    press(qtbot, page.again, Qt.Key.Key_Return)
    assert wizard.result() == QDialog.DialogCode.Accepted
    assert (wizard.username, wizard.org) == ("admin", "某某镇人民政府")
    dispose()
    # saved for this user; the next start opens the server, and no local file was ever made
    assert saved_database_url(root) == resolve_data_dir(root).database_url
    again = resolve_data_dir(root)
    assert again.on_server and not start.new_pc(again)
    assert not (root / DB_FILE).exists()
    assert start.open_data(again) == (False, "某某镇人民政府")
    with unit_of_work() as session:
        assert users.login(session, "admin", "secret-123").actor is not None


def test_a_second_pc_joins_a_server_already_set_up_without_more_pages(
    qtbot, pg_cluster, pg_database, tmp_path, monkeypatch
):
    monkeypatch.delenv("DZB_DATABASE_URL", raising=False)
    root = tmp_path / "pc2"
    wizard = new_pc_wizard(qtbot, root)
    assert wizard.where_page is not None
    fill_server(qtbot, wizard.where_page.choice, pg_cluster, _db_name(pg_database))
    assert "已有党政办台账的数据" in click_test(qtbot, wizard.where_page.choice)
    qtbot.mouseClick(wizard.button(wizard.WizardButton.CommitButton), Qt.MouseButton.LeftButton)
    assert wizard.result() == QDialog.DialogCode.Accepted
    assert (wizard.username, wizard.org) == ("", "某某镇人民政府")
    assert resolve_data_dir(root).on_server
    with unit_of_work() as session:
        assert settings.org_name(session) == "某某镇人民政府"


def test_choosing_this_pc_makes_the_local_file(qtbot, tmp_path, monkeypatch):
    monkeypatch.delenv("DZB_DATABASE_URL", raising=False)
    root = tmp_path / "pc3"
    wizard = new_pc_wizard(qtbot, root)
    assert wizard.where_page is not None and wizard.where_page.choice.local.isChecked()
    assert not wizard.where_page.choice.fields.isVisibleTo(wizard)
    qtbot.mouseClick(wizard.button(wizard.WizardButton.CommitButton), Qt.MouseButton.LeftButton)
    assert wizard.currentPage() is wizard.unit_page
    assert (root / DB_FILE).exists() and saved_database_url(root) is None
    dispose()


def test_a_saved_server_that_cannot_be_opened_says_how_to_choose_again(
    qtbot, pg_cluster, tmp_path, monkeypatch
):
    monkeypatch.delenv("DZB_DATABASE_URL", raising=False)
    shown: list[str] = []
    monkeypatch.setattr(
        "app.ui.messages.show_error", lambda _p, text, *_a, **_k: shown.append(text)
    )
    root = tmp_path / "pc"
    url = f"postgresql+psycopg://dzb:secret-pw@/dzb?host={pg_cluster.root}&port=1"
    save_database_url(root, url)
    with pytest.raises(start.CannotOpen):
        start.open_data(resolve_data_dir(root))
    dispose()
    (text,) = shown
    assert "无法连接办公室服务器" in text and "secret-pw" not in text
    assert "办公室服务器：postgresql+psycopg://dzb@/dzb" in text
    assert f"删除数据文件夹中的 {LOCAL_SETTINGS}" in text


def _db_name(url: str) -> str:
    return url.split("?")[0].rsplit("/", 1)[1]


def test_test_connection_says_why_not(qtbot, pg_cluster, pg_database, empty_db, tmp_path):
    choice = ServerChoice()
    qtbot.addWidget(choice)
    choice.show()
    fill_server(qtbot, choice, pg_cluster, empty_db, port=1)
    assert "无法连接办公室服务器" in click_test(qtbot, choice)
    fill_server(qtbot, choice, pg_cluster, "no_such_db")
    assert "没有名为 no_such_db 的数据库" in click_test(qtbot, choice)
    engine = make_server_engine(pg_cluster.url(empty_db))
    with engine.begin() as conn:  # another program's tables
        conn.execute(text("CREATE TABLE invoices (id int)"))
    engine.dispose()
    fill_server(qtbot, choice, pg_cluster, empty_db)
    assert "不是党政办台账的数据库" in click_test(qtbot, choice)
    engine = make_server_engine(pg_database)
    with engine.begin() as conn:  # a newer program migrated it
        conn.execute(text("UPDATE alembic_version SET version_num = '0999_future'"))
    engine.dispose()
    fill_server(qtbot, choice, pg_cluster, _db_name(pg_database))
    assert "请升级程序" in click_test(qtbot, choice)
    choice.host.clear()
    assert "请填写服务器地址" in click_test(qtbot, choice)


def test_settings_switches_to_the_server_and_back_to_this_pc(
    qtbot, admin, data_dir, pg_cluster, pg_database, monkeypatch
):
    monkeypatch.delenv("DZB_DATABASE_URL", raising=False)
    tab = ServerTab(admin)
    qtbot.addWidget(tab)
    tab.show()
    root = data_dir.root
    fill_server(qtbot, tab.choice, pg_cluster, "no_such_db")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert "没有名为" in tab.choice.result.text()
    assert not (root / LOCAL_SETTINGS).exists()  # refused: nothing saved
    fill_server(qtbot, tab.choice, pg_cluster, _db_name(pg_database))
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert tab.status.text() == "已保存。下次启动时连接办公室服务器。"
    assert resolve_data_dir(root).on_server
    reopened = ServerTab(admin)  # shows the saved choice again
    qtbot.addWidget(reopened)
    assert reopened.choice.server.isChecked()
    assert reopened.choice.database.text() == _db_name(pg_database)
    click_radio(qtbot, reopened.choice.local)
    qtbot.mouseClick(reopened.save_button, Qt.MouseButton.LeftButton)
    assert reopened.status.text() == "已保存。下次启动时使用本机数据。"
    assert resolve_data_dir(root).database_url is None

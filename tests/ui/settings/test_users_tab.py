"""用户管理 driven as an administrator; every change checked through app.services.users."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from app.services import audit, users
from app.services.context import Role
from app.services.errors import PermissionDenied
from app.services.session import unit_of_work
from app.ui.messages import open_error_boxes
from app.ui.settings.page import SettingsPage
from app.ui.settings.users_tab import UsersTab
from tests.ui.typing_helpers import press, type_text


def save(dialog) -> None:
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()


def user_named(actor, username: str) -> users.UserRow:
    with unit_of_work(actor) as session:
        return next(u for u in users.list_users(session) if u.username == username)


@pytest.fixture
def tab(qtbot, admin) -> UsersTab:
    widget = UsersTab(admin)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def select(tab: UsersTab, username: str) -> None:
    tab.table.selectRow(next(i for i, r in enumerate(tab.rows) if r.username == username))


def test_add_a_clerk(qtbot, tab, admin, when_modal):
    def fill(dialog):
        qtbot.keyClicks(dialog.username, "wenshu")
        type_text(qtbot, dialog.display, "李四")
        dialog.role.setCurrentText(Role.CLERK.value)
        qtbot.keyClicks(dialog.password, "clerk-pass-1")
        qtbot.keyClicks(dialog.again, "clerk-pass-1")
        press(qtbot, dialog.again, Qt.Key.Key_Return)

    when_modal(fill)
    tab.add_user()
    row = user_named(admin, "wenshu")
    assert (row.display_name, row.role, row.active) == ("李四", Role.CLERK, True)
    assert "wenshu" in [r.username for r in tab.rows]
    with unit_of_work() as session:
        assert users.login(session, "wenshu", "clerk-pass-1").actor is not None


def test_a_refused_user_keeps_the_dialog_open_with_the_reason(qtbot, tab, admin, when_modal):
    reasons = []

    def fill(dialog):
        qtbot.keyClicks(dialog.username, "admin")  # taken
        qtbot.keyClicks(dialog.password, "long-enough-1")
        qtbot.keyClicks(dialog.again, "long-enough-1")
        save(dialog)
        reasons.append((dialog.isVisible(), dialog.error.text()))

    when_modal(fill)
    tab.add_user()
    assert reasons == [(True, "登录名“admin”已被使用")]


def test_change_role_and_deactivate(qtbot, tab, admin, make_user, when_modal):
    make_user(Role.CLERK, "wenshu")
    tab.load()
    select(tab, "wenshu")

    def change(dialog):
        dialog.role.setCurrentText(Role.ARCHIVIST.value)
        dialog.active.setChecked(False)
        save(dialog)

    when_modal(change)
    tab.edit_user()
    row = user_named(admin, "wenshu")
    assert (row.role, row.active) == (Role.ARCHIVIST, False)
    assert tab.table.item(tab.rows.index(row), 3).text() == "停用"
    with unit_of_work(admin) as session:
        changes = audit.query(session, audit.AuditFilter(entity="用户", action="修改"))
    assert changes[0].before_json and '"档案员"' in (changes[0].after_json or "")


def test_reset_password_lifts_a_lockout(qtbot, tab, admin, make_user, when_modal):
    make_user(Role.CLERK, "wenshu")
    with unit_of_work() as session:
        for _ in range(5):
            users.login(session, "wenshu", "wrong")
    tab.load()
    select(tab, "wenshu")
    assert tab.table.item(tab.table.currentRow(), 4).text().startswith("锁定至")

    def reset(dialog):
        qtbot.keyClicks(dialog.password, "new-pass-123")
        qtbot.keyClicks(dialog.again, "new-pass-123")
        save(dialog)

    when_modal(reset)
    tab.reset_password()
    with unit_of_work() as session:
        assert users.login(session, "wenshu", "new-pass-123").actor is not None
    assert tab.table.item(tab.rows.index(user_named(admin, "wenshu")), 4).text() == ""


def test_clerk_sees_no_user_admin_and_the_service_refuses(qtbot, make_user):
    clerk = make_user(Role.CLERK)
    page = SettingsPage(clerk)
    qtbot.addWidget(page)
    # 办会 read-only; 数据位置 is this PC's own choice
    assert page.tab_titles == ["单位信息", "导入记录", "节假日", "办会", "数据位置"]
    with pytest.raises(PermissionDenied), unit_of_work(clerk) as session:
        users.add_user(session, "x", "x", Role.ADMIN, "password-1")


def test_director_sees_audit_but_not_user_admin(qtbot, make_user):
    director = make_user(Role.DIRECTOR)
    page = SettingsPage(director)
    qtbot.addWidget(page)
    assert page.tab_titles == [
        "单位信息", "审计日志", "导入记录", "节假日", "档案", "办会", "备份与恢复", "数据位置"
    ]  # fmt: skip


def test_edit_without_a_selection_asks_for_one(qtbot, tab):
    tab.table.clearSelection()
    tab.table.setCurrentCell(-1, -1)
    tab.edit_user()
    boxes = open_error_boxes()
    assert [b.text() for b in boxes] == ["请先在列表中选中一个用户。"]
    for box in boxes:
        box.close()


def test_admin_sees_every_settings_tab(qtbot, admin):
    page = SettingsPage(admin)
    qtbot.addWidget(page)
    assert page.tab_titles == [
        "单位信息",
        "用户管理",
        "审计日志",
        "导入记录",
        "节假日",
        "档案",
        "办会",
        "备份与恢复",
        "数据位置",
    ]
    assert page.open_tab("备份与恢复") is page.tabs.currentWidget()

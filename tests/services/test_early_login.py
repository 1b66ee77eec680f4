"""The password check started when 登录 is pressed, beside the loading (issue 14's start-up)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.models.audit import AuditEntry
from app.models.users import User
from app.services import first_glance, passwords, users
from app.services.context import Role

PASSWORD = "password-123"


@pytest.fixture
def folder(data_dir, uow):
    if data_dir.on_server:
        pytest.skip("no early check at the office server: it is opened before its login")
    with uow() as s:
        users.add_user(s, "wenshu", "文书", Role.CLERK, PASSWORD)
    return data_dir


def _early(folder, name: str, password: str) -> passwords.EarlyCheck:
    return passwords.EarlyCheck(name, password, lambda: first_glance.password_hash(folder, name))


def test_the_check_started_before_the_loading_ended_is_used_once(folder, uow):
    early = _early(folder, "wenshu", PASSWORD)
    with uow() as s:
        assert users.login(s, "wenshu", PASSWORD, early).actor is not None
    assert early.used
    stored = first_glance.password_hash(folder, "wenshu")
    assert stored is not None
    assert early.take("wenshu", PASSWORD, stored) is None  # once only


def test_a_hash_changed_meanwhile_is_checked_again(folder, uow):
    """The password was reset after 登录 was pressed: the old password no longer logs in."""
    early = _early(folder, "wenshu", PASSWORD)
    with uow() as s:
        user_id = s.scalar(select(User.id).where(User.username == "wenshu"))
        users.reset_password(s, user_id, "new-pass-123")
    with uow() as s:
        outcome = users.login(s, "wenshu", PASSWORD, early)
    assert outcome.actor is None
    assert outcome.message == "登录名或密码不正确（再错 4 次将锁定 15 分钟）"
    assert not early.used


def test_a_check_for_another_password_is_not_used(folder, uow):
    early = _early(folder, "wenshu", "wrong-password")
    with uow() as s:
        assert users.login(s, "wenshu", PASSWORD, early).actor is not None
    assert not early.used


def test_an_unknown_name_is_checked_against_the_made_up_hash(folder, uow):
    early = _early(folder, "nobody", PASSWORD)
    with uow() as s:
        outcome = users.login(s, "nobody", PASSWORD, early)
    assert outcome.message == "登录名或密码不正确（再错 4 次将锁定 15 分钟）"
    assert early.used  # its time was spent on the made-up hash, not spent twice
    with uow() as s:
        failed = s.scalars(select(AuditEntry.summary).where(AuditEntry.action == "登录失败")).all()
    assert failed == ["nobody（无此用户）"]


def test_a_locked_name_spends_the_early_check_and_stays_locked(folder, uow):
    for _ in range(users.MAX_FAILURES):
        with uow() as s:
            users.login(s, "wenshu", "wrong-password")
    early = _early(folder, "wenshu", PASSWORD)
    with uow() as s:
        outcome = users.login(s, "wenshu", PASSWORD, early)
    assert outcome.actor is None
    assert outcome.message.startswith("账号已锁定，请 ")
    assert early.used

"""Password digests worked out before the login needs them: while typing, and from 登录 (#14)."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import select

from app.models.audit import AuditEntry
from app.models.users import User
from app.services import first_glance, passwords, users
from app.services.context import Role
from app.services.digests_ahead import DigestsAhead

PASSWORD = "password-123"


@pytest.fixture
def folder(data_dir, uow):
    if data_dir.on_server:
        pytest.skip("no digests ahead at the office server: it is opened before its login")
    with uow() as s:
        users.add_user(s, "wenshu", "文书", Role.CLERK, PASSWORD)
    return data_dir


def _ahead(folder) -> DigestsAhead:
    return DigestsAhead(lambda name: first_glance.password_hash(folder, name))


def _submitted(folder, name: str, password: str) -> DigestsAhead:
    ahead = _ahead(folder)
    ahead.submitted(name, password)
    return ahead


def test_the_digest_worked_out_before_the_loading_ended_is_used_once(folder, uow):
    ahead = _submitted(folder, "wenshu", PASSWORD)
    with uow() as s:
        assert users.login(s, "wenshu", PASSWORD, ahead).actor is not None
    assert ahead.used == 1
    stored = first_glance.password_hash(folder, "wenshu")
    assert stored is not None
    assert ahead.take("wenshu", PASSWORD, stored) is None  # once only


def test_a_hash_changed_meanwhile_is_checked_again(folder, uow):
    """The password was reset after 登录 was pressed: the old password no longer logs in."""
    ahead = _submitted(folder, "wenshu", PASSWORD)
    with uow() as s:
        user_id = s.scalar(select(User.id).where(User.username == "wenshu"))
        users.reset_password(s, user_id, "new-pass-123")
    with uow() as s:
        outcome = users.login(s, "wenshu", PASSWORD, ahead)
    assert outcome.actor is None
    assert outcome.message == "登录名或密码不正确（再错 4 次将锁定 15 分钟）"
    assert ahead.used == 0


def test_a_digest_for_another_password_is_not_used(folder, uow):
    ahead = _submitted(folder, "wenshu", "wrong-password")
    with uow() as s:
        assert users.login(s, "wenshu", PASSWORD, ahead).actor is not None
    assert ahead.used == 0


def test_a_wrong_password_worked_out_ahead_is_refused_and_counted(folder, uow):
    ahead = _submitted(folder, "wenshu", "wrong-password")
    with uow() as s:
        outcome = users.login(s, "wenshu", "wrong-password", ahead)
    assert outcome.message == "登录名或密码不正确（再错 4 次将锁定 15 分钟）"
    assert ahead.used == 1
    with uow() as s:
        assert s.scalar(select(User.failed_attempts).where(User.username == "wenshu")) == 1


def test_an_unknown_name_is_checked_against_the_made_up_hash(folder, uow):
    ahead = _submitted(folder, "nobody", PASSWORD)
    with uow() as s:
        outcome = users.login(s, "nobody", PASSWORD, ahead)
    assert outcome.message == "登录名或密码不正确（再错 4 次将锁定 15 分钟）"
    assert ahead.used == 1  # its time was spent on the made-up hash, not spent twice
    with uow() as s:
        failed = s.scalars(select(AuditEntry.summary).where(AuditEntry.action == "登录失败")).all()
    assert failed == ["nobody（无此用户）"]


def test_a_locked_name_spends_the_digest_and_stays_locked(folder, uow):
    for _ in range(users.MAX_FAILURES):
        with uow() as s:
            users.login(s, "wenshu", "wrong-password")
    ahead = _submitted(folder, "wenshu", PASSWORD)
    with uow() as s:
        outcome = users.login(s, "wenshu", PASSWORD, ahead)
    assert outcome.actor is None
    assert outcome.message.startswith("账号已锁定，请 ")
    assert ahead.used == 1


def test_typing_works_out_one_digest_at_a_time_and_the_newest_text_wins(folder):
    """Three pauses while the first digest is under way: the second text is dropped, the
    third starts once the first has ended, and 登录 waits for it rather than hashing again."""
    hold = threading.Event()
    ahead = DigestsAhead(lambda name: hold.wait() and first_glance.password_hash(folder, name))
    for text in ("pass", "passw", PASSWORD):
        ahead.typed("wenshu", text)
    hold.set()
    stored = first_glance.password_hash(folder, "wenshu") or ""
    _wait_for(lambda: ahead.derived == 2)
    ahead.submitted("wenshu", PASSWORD)  # ready: not worked out again
    assert passwords.matches(ahead.take("wenshu", PASSWORD, stored), stored)
    assert ahead.take("wenshu", "passw", stored) is None
    assert ahead.derived == 2


def _wait_for(condition) -> None:  # type: ignore[no-untyped-def]
    for _ in range(1000):
        if condition():
            return
        time.sleep(0.01)  # a timed Event wait never ends under libfaketime; a sleep does
    raise AssertionError("not reached in 10 s")


def test_derive_and_matches_agree_with_verify(folder):
    stored = first_glance.password_hash(folder, "wenshu") or ""
    assert passwords.matches(passwords.derive(PASSWORD, stored), stored)
    assert not passwords.matches(passwords.derive("wrong-password", stored), stored)
    assert passwords.derive(PASSWORD, "bcrypt$x") is None
    assert not passwords.matches(None, stored)

"""Users: setup, login, lockout after five failures, role checks."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.db import unit_of_work
from app.models.base import utcnow
from app.services import audit, users
from app.services.context import Role
from app.services.errors import PermissionDenied, ValidationError
from tests.conftest import ADMIN_PASSWORD


def test_login_succeeds_and_is_audited(admin, uow):
    with uow() as s:
        rows = audit.query(s, audit.AuditFilter(action="登录"))
    assert rows and rows[0].username == "管理员"


def test_five_wrong_passwords_lock_for_fifteen_minutes(data_dir):
    for _ in range(5):
        with unit_of_work() as s:
            outcome = users.login(s, "admin", "wrong")
        assert outcome.actor is None
    assert "锁定" in outcome.message
    with unit_of_work() as s:
        locked = users.login(s, "admin", ADMIN_PASSWORD)
    assert locked.actor is None and "分钟" in locked.message


def test_lock_expires(data_dir):
    from app.models.users import User

    with unit_of_work() as s:
        s.query(User).filter_by(username="admin").update(
            {"locked_until": utcnow() - timedelta(seconds=1)}
        )
    with unit_of_work() as s:
        assert users.login(s, "admin", ADMIN_PASSWORD).actor is not None


def test_clerk_cannot_manage_users(make_user):
    clerk = make_user(Role.CLERK)
    with unit_of_work(clerk) as s, pytest.raises(PermissionDenied):
        users.add_user(s, "x", "x", Role.CLERK, "password-123")


def test_short_password_refused(uow):
    with uow() as s, pytest.raises(ValidationError, match="至少"):
        users.add_user(s, "new", "新人", Role.CLERK, "short")


def test_last_admin_cannot_be_demoted(admin, uow):
    with uow() as s, pytest.raises(ValidationError, match="管理员"):
        users.update_user(s, admin.user_id, "管理员", Role.CLERK, True)


def test_setup_only_once(uow):
    form = users.SetupForm("镇", "Z1", ["镇政"], "a2", "a2", "password-123")
    with uow() as s, pytest.raises(ValidationError, match="已完成"):
        users.first_run_setup(s, form)


def test_a_missing_actor_is_refused_not_an_administrator(data_dir):
    """A service called from a unit of work opened for no one passes no permission check;
    the command line acts as the system only by saying so."""
    from app.services.context import CLI
    from app.services.errors import PermissionDenied
    from app.services.filing import incoming

    with pytest.raises(PermissionDenied, match="没有登录的用户"), unit_of_work() as s:
        incoming.receive(s, incoming.ReceiveForm("县民政局", "关于低保的通知"))
    with unit_of_work(CLI) as s:
        assert incoming.receive(s, incoming.ReceiveForm("县民政局", "关于低保的通知")) > 0

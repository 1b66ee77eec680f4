"""Defect 11 of issue 16: password cost, upgrade, and a login that tells no names apart."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import select

from app.models.audit import AuditEntry
from app.models.users import User
from app.services import passwords, users
from app.services.context import Role

ROOT = Path(__file__).resolve().parents[3]


def test_new_hashes_use_the_owasp_cost():
    """In a child process: this suite hashes at a lower cost (tests/conftest.py), and a test
    that set the cost itself would pass whatever the program's own cost is."""
    code = "from app.services import passwords; print(passwords.hash_password('password-123'))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, timeout=120, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.startswith("scrypt$131072$8$1$")  # OWASP: N=2^17, r=8, p=1


def test_an_older_hash_is_upgraded_at_the_next_login(uow):
    with passwords.cost(2**10), uow() as s:
        users.add_user(s, "old", "老用户", Role.CLERK, "password-123")
    with passwords.cost(2**12):
        with uow() as s:
            assert users.login(s, "old", "password-123").actor is not None
        with uow() as s:
            stored = s.scalar(select(User.password_hash).where(User.username == "old"))
    assert stored.startswith("scrypt$4096$8$1$")


def _timed(uow, name: str) -> tuple[float, str]:
    started = time.perf_counter()
    with uow() as s:
        message = users.login(s, name, "wrong-password").message
    return time.perf_counter() - started, message


def test_unknown_name_and_wrong_password_take_as_long_and_read_the_same(uow):
    with passwords.cost(2**15):
        with uow() as s:
            users.add_user(s, "real", "真用户", Role.CLERK, "password-123")
        _timed(uow, "warm-up")  # the made-up hash is computed once
        wrong, wrong_text = _timed(uow, "real")
        unknown, unknown_text = _timed(uow, "nobody")
    assert unknown_text == wrong_text == "登录名或密码不正确（再错 4 次将锁定 15 分钟）"
    assert unknown > 0.6 * wrong


def test_a_lockout_reads_the_same_for_a_name_that_does_not_exist(uow):
    with uow() as s:
        users.add_user(s, "real", "真用户", Role.CLERK, "password-123")
    told = {}
    for name in ("real", "nobody"):
        told[name] = [_timed(uow, name)[1] for _ in range(6)]
    assert told["real"] == told["nobody"]
    assert told["real"][4] == "密码连续输错 5 次，账号已锁定 15 分钟"
    assert told["real"][5].startswith("账号已锁定，请 ")


def test_every_failed_login_is_audited(uow):
    for name in ("admin", "nobody", "admin"):
        _timed(uow, name)
    with uow() as s:
        failed = s.scalars(select(AuditEntry.summary).where(AuditEntry.action == "登录失败")).all()
    assert failed == ["admin（密码错误）", "nobody（无此用户）", "admin（密码错误）"]

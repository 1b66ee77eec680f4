"""Users: first-run setup, login with lockout, and user administration."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.audit import AuditEntry
from app.models.base import utcnow
from app.models.users import User
from app.services import audit, passwords, settings, versions
from app.services.context import Actor, Perm, Role, require
from app.services.errors import NotFoundError, ValidationError
from app.services.passwords import hash_password

if TYPE_CHECKING:
    from app.services.digests_ahead import DigestsAhead

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD = 8
FAILED_LOGIN = "登录失败"
NO_SUCH_USER = "无此用户"
LOCKED_NOW = f"密码连续输错 {MAX_FAILURES} 次，账号已锁定 15 分钟"


@dataclass(frozen=True)
class UserRow:
    id: int
    username: str
    display_name: str
    role: Role
    active: bool
    locked_until: datetime | None
    version: int = 0


@dataclass(frozen=True)
class SetupForm:
    org_name: str
    fonds_code: str
    issuer_codes: list[str]
    admin_username: str
    admin_display_name: str
    admin_password: str


def needs_setup(session: Session) -> bool:
    return not settings.get(session, settings.SETUP_DONE, False)


def first_run_setup(session: Session, /, form: SetupForm) -> Actor:
    """The wizard's work: unit, 全宗号, 代字 and the administrator, once."""
    if not needs_setup(session):
        raise ValidationError("本程序已完成初始设置。")
    info = settings.clean_org(form.org_name, form.fonds_code, form.issuer_codes)
    _check_password(form.admin_password)
    settings.save_org(session, info, check=False)
    settings.put(session, settings.SETUP_DONE, True, check=False)
    user = _create(session, form.admin_username, form.admin_display_name, Role.ADMIN,
                   form.admin_password)  # fmt: skip
    return _actor(user)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValidationError(f"密码至少 {MIN_PASSWORD} 位", "password")


def _create(session: Session, username: str, display: str, role: Role, password: str) -> User:
    username = username.strip()
    if not username:
        raise ValidationError("请填写登录名", "username")
    _check_password(password)
    taken = session.scalar(select(func.count()).where(User.username == username))
    if taken:
        raise ValidationError(f"登录名“{username}”已被使用", "username")
    user = User(username=username, display_name=display.strip() or username, role=role.value,
                password_hash=hash_password(password))  # fmt: skip
    session.add(user)
    session.flush()
    audit.record(session, "新增", "用户", user.id, after=_public(user), summary=username)
    return user


def _public(user: User) -> dict[str, object]:
    values = audit.snapshot(user)
    values.pop("password_hash", None)
    return values


def _actor(user: User) -> Actor:
    return Actor(user.id, user.username, user.display_name, Role(user.role))


@dataclass(frozen=True)
class LoginOutcome:
    """A failed attempt is data, not an exception: its counter must still be saved."""

    actor: Actor | None
    message: str = ""


WRONG = "登录名或密码不正确"


def login(
    session: Session, /, username: str, password: str, ahead: DigestsAhead | None = None
) -> LoginOutcome:
    """Check a password; five failures in a row lock the name for 15 minutes.

    An unknown name, an inactive user and a wrong password take the same time and get the
    same answer, and an unknown name locks like a real one, so nothing tells whether a name
    exists. Every failure is on the audit trail. ``ahead``: digests the login dialog worked
    out while the clerk typed or since 登录 (app/services/digests_ahead.py); one for exactly
    this name, password and stored hash is compared instead of hashing again.
    """
    name = username.strip()
    user = session.scalar(select(User).where(User.username == name))
    now = utcnow()
    if user is None or not user.active:
        _burn_time(ahead, name, password, None if user is None else user.password_hash)
        return _fail_unknown(session, name, now)
    if user.locked_until and user.locked_until > now:
        _burn_time(ahead, name, password, user.password_hash)
        _audit_failure(session, name, user.id, "账号已锁定")
        return LoginOutcome(None, _locked_message(user.locked_until, now))
    digest = _digest(ahead, name, password, user.password_hash)
    if not passwords.matches(digest, user.password_hash):
        return _fail(session, user, now)
    if passwords.needs_rehash(user.password_hash):  # an older, cheaper hash: raise its cost
        user.password_hash = passwords.hash_password(password)
    user.failed_attempts, user.locked_until = 0, None
    actor = _actor(user)
    audit.record(session, "登录", "用户", user.id, summary=user.username, actor=actor)
    return LoginOutcome(actor)


def _digest(ahead: DigestsAhead | None, name: str, password: str, stored: str) -> bytes | None:
    """The password's digest at the stored salt: worked out ahead, or now."""
    found = None if ahead is None else ahead.take(name, password, stored)
    return passwords.derive(password, stored) if found is None else found


def _burn_time(ahead: DigestsAhead | None, name: str, password: str, stored: str | None) -> None:
    """A refused name costs one check: the one worked out ahead (on the stored hash or the
    made-up one), else one now on the made-up hash."""
    if ahead is None or ahead.take(name, password, stored or passwords.dummy_hash()) is None:
        passwords.burn_time(password)


def _locked_message(until: datetime, now: datetime) -> str:
    minutes = int((until - now).total_seconds() // 60) + 1
    return f"账号已锁定，请 {minutes} 分钟后再试"


def _audit_failure(session: Session, name: str, user_id: int | None, why: str) -> None:
    audit.record(session, FAILED_LOGIN, "用户", user_id or "", summary=f"{name[:40]}（{why}）")


def _fail(session: Session, user: User, now: datetime) -> LoginOutcome:
    user.failed_attempts += 1
    _audit_failure(session, user.username, user.id, "密码错误")
    if user.failed_attempts >= MAX_FAILURES:
        user.failed_attempts, user.locked_until = 0, now + LOCKOUT
        audit.record(session, "锁定", "用户", user.id, summary=user.username)
        return LoginOutcome(None, LOCKED_NOW)
    return LoginOutcome(None, _wrong(user.failed_attempts))


def _wrong(failures: int) -> str:
    return f"{WRONG}（再错 {MAX_FAILURES - failures} 次将锁定 15 分钟）"


def _fail_unknown(session: Session, name: str, now: datetime) -> LoginOutcome:
    """The same counting for a name that does not exist, kept on the audit trail itself."""
    mine = f"{name[:40]}（{NO_SUCH_USER}）"
    recent = session.scalars(
        select(AuditEntry.at)
        .where(AuditEntry.action == FAILED_LOGIN, AuditEntry.entity_id == "",
               AuditEntry.summary == mine, AuditEntry.at > now - LOCKOUT)
        .order_by(AuditEntry.id.desc()).limit(MAX_FAILURES)
    ).all()  # fmt: skip
    if len(recent) >= MAX_FAILURES:
        _audit_failure(session, name, None, "账号已锁定")
        return LoginOutcome(None, _locked_message(recent[0] + LOCKOUT, now))
    _audit_failure(session, name, None, NO_SUCH_USER)
    if len(recent) + 1 >= MAX_FAILURES:
        return LoginOutcome(None, LOCKED_NOW)
    return LoginOutcome(None, _wrong(len(recent) + 1))


def list_users(session: Session) -> list[UserRow]:
    require(session, Perm.MANAGE_USERS)
    users = session.scalars(select(User).order_by(User.id))
    return [UserRow(u.id, u.username, u.display_name, Role(u.role), u.active, u.locked_until,
                    u.version)
            for u in users]  # fmt: skip


def add_user(session: Session, /, username: str, display: str, role: Role, password: str) -> int:
    require(session, Perm.MANAGE_USERS)
    return _create(session, username, display, role, password).id


def _get(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFoundError("没有这个用户")
    return user


def update_user(
    session: Session, /, user_id: int, display: str, role: Role, active: bool,
    version: int | None = None,
) -> None:  # fmt: skip
    """Name, role and 在用; version is the one the administrator loaded (None: no check)."""
    require(session, Perm.MANAGE_USERS)
    user = _get(session, user_id)
    versions.check(session, user, version, "用户", f"用户“{user.username}”")
    before = _public(user)
    if user.role == Role.ADMIN and (role != Role.ADMIN or not active):
        _keep_one_admin(session, user.id)
    user.display_name, user.role, user.active = display.strip() or user.username, role.value, active
    session.flush()
    audit.record(session, "修改", "用户", user.id, before=before, after=_public(user))


def _keep_one_admin(session: Session, leaving_id: int) -> None:
    others = session.scalar(
        select(func.count()).where(
            User.role == Role.ADMIN.value, User.active, User.id != leaving_id
        )
    )
    if not others:
        raise ValidationError("至少要保留一个在用的管理员")


def reset_password(session: Session, /, user_id: int, password: str) -> None:
    """An administrator sets a new password; it also lifts a lockout."""
    require(session, Perm.MANAGE_USERS)
    user = _get(session, user_id)
    _check_password(password)
    user.password_hash = hash_password(password)
    user.failed_attempts, user.locked_until = 0, None
    audit.record(session, "修改", "用户", user.id, summary=f"重置密码：{user.username}")

"""Who is acting: the actor in session.info, roles, and the permission checks."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.orm import Session

from app.db.lock import who_am_i
from app.db.session import ACTOR_KEY
from app.services.errors import PermissionDenied


class Role(StrEnum):
    ADMIN = "管理员"
    DIRECTOR = "办公室主任"
    CLERK = "文书"
    ARCHIVIST = "档案员"
    LEADER = "领导"


class Perm(StrEnum):
    MANAGE_USERS = "管理用户"
    MANAGE_SETTINGS = "修改设置"
    VIEW_AUDIT = "查看审计"
    RESTORE = "恢复备份"
    EDIT_REGISTERS = "登记台账"  # 收文/发文/督办/值班/用印/来访
    EDIT_ARCHIVES = "整理档案"
    APPROVE = "审批"
    VIEW_PERSONAL = "查看个人信息"  # unmasked ID numbers, phones, addresses
    VIEW_ACCUSATIONS = "查看检举控告"


_ALL = frozenset(Perm)
ROLE_PERMS: dict[Role, frozenset[Perm]] = {
    Role.ADMIN: _ALL,
    Role.DIRECTOR: _ALL - {Perm.MANAGE_USERS, Perm.RESTORE},
    Role.CLERK: frozenset({Perm.EDIT_REGISTERS, Perm.EDIT_ARCHIVES}),
    Role.ARCHIVIST: frozenset({Perm.EDIT_ARCHIVES}),
    Role.LEADER: frozenset({Perm.APPROVE, Perm.VIEW_PERSONAL, Perm.VIEW_ACCUSATIONS}),
}


@dataclass(frozen=True)
class Actor:
    """The signed-in user (or the command line) doing the current unit of work."""

    user_id: int | None
    username: str
    display_name: str
    role: Role

    def can(self, perm: Perm) -> bool:
        return perm in ROLE_PERMS[self.role]


def command_line_actor() -> Actor:
    """The command line has no login: whoever can run it can read the database file anyway.
    So it acts as 管理员 under the operating-system user and PC name, which the audit
    trail and every printed 填报人/经办人 then show."""
    user, pc = who_am_i()
    return Actor(None, "cli", f"{user}@{pc}"[:40], Role.ADMIN)


# Only the command line and migrations act as these, and they say so by passing one to
# unit_of_work; a unit of work opened without an actor is no one and may do nothing guarded.
SYSTEM = Actor(None, "system", "系统", Role.ADMIN)
CLI = command_line_actor()


def acting(session: Session) -> Actor | None:
    """The actor the unit of work was opened for, or None (before login, first-run setup)."""
    actor = session.info.get(ACTOR_KEY)
    return actor if isinstance(actor, Actor) else None


def actor_of(session: Session) -> Actor:
    """The acting user; a missing actor is refused, never taken for an administrator."""
    actor = acting(session)
    if actor is None:
        raise PermissionDenied("没有登录的用户，不能办理。请先登录。")
    return actor


def require(session: Session, perm: Perm) -> Actor:
    """Refuse the action unless the acting user's role carries perm."""
    actor = actor_of(session)
    if not actor.can(perm):
        raise PermissionDenied(f"{actor.role}无权{perm}。")
    return actor

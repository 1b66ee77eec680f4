"""Who may approve a 用印: a person on the staff list holding a 职务 the seal names (or
named there), matched exactly; a typed name and 职务 alone prove nothing."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.duty import DutyPerson
from app.services.errors import ValidationError


@dataclass(frozen=True)
class Approver:
    name: str
    title: str


@dataclass(frozen=True)
class Staff:
    """The staff list as (name, 职务) pairs: active people, and those who have left (an old
    register's approver may have moved on since)."""

    active: frozenset[Approver]
    former: frozenset[Approver]

    def holding(self, allowed: Collection[str], *, former: bool = False) -> list[Approver]:
        """The people who may approve for a seal whose approvers are `allowed`."""
        people = self.active | self.former if former else self.active
        return sorted((p for p in people if p.title in allowed or p.name in allowed),
                      key=lambda p: (p.title, p.name))  # fmt: skip

    def check(
        self,
        seal_name: str,
        allowed: Collection[str],
        name: str,
        title: str,
        *,
        former: bool,
        act: str = "用印",
    ) -> None:
        """Refuse an approver who is not a person on the list holding an allowed 职务."""
        people = self.active | self.former if former else self.active
        named = [p for p in people if p.name == name]
        who = name + (f"（{title}）" if title else "")
        if not named:
            raise ValidationError(
                f"审批人「{name}」不在人员名单中：{act}须经人员名单中的"
                f"{'、'.join(allowed)}审批（人员名单在“值班 → 人员”中维护）",
                "approver",
            )
        if title and all(p.title != title for p in named):
            held = "、".join(sorted({p.title or "无职务" for p in named}))
            raise ValidationError(f"人员名单中{name}的职务是{held}，不是{title}", "approver_title")
        if not any(p.title in allowed or p.name in allowed for p in named):
            raise ValidationError(
                f"{who}无权审批「{seal_name}」的{act}（可审批：{'、'.join(allowed)}）", "approver"
            )


def staff(session: Session) -> Staff:
    """The staff list, read once for a registration or a whole import."""
    rows = session.execute(select(DutyPerson.name, DutyPerson.title, DutyPerson.active))
    people = [(Approver(n.strip(), t.strip()), bool(a)) for n, t, a in rows]
    return Staff(frozenset(p for p, a in people if a), frozenset(p for p, a in people if not a))


def choices(session: Session, /, seal_id: int) -> list[Approver]:
    """The people on the staff list who may approve a use of this seal now."""
    from app.services.seals.catalog import approvers_of, get_seal

    return staff(session).holding(approvers_of(get_seal(session, seal_id)))

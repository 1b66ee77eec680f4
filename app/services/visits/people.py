"""Who may see what: the 检举控告 filter, and finding a person's earlier cases."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from app.models.visits import VisitCase, VisitPetitioner
from app.services.context import Perm, actor_of
from app.services.visits import rules


def visible(session: Session, stmt: Select[Any]) -> Select[Any]:
    """Drop 检举控告类 cases from any query run for a role that may not see them."""
    if actor_of(session).can(Perm.VIEW_ACCUSATIONS):
        return stmt
    return stmt.where(VisitCase.category != rules.ACCUSATION)


def find_earlier_ids(
    session: Session, id_number: str, phone: str, name: str, village: str,
    *, visible_only: bool = True,
) -> set[int]:  # fmt: skip
    """Cases of the same person: same 证件号, same 电话, or same 姓名 in the same 村/社区."""
    tests = []
    if id_number:
        tests.append(VisitPetitioner.id_number == id_number)
    if phone:
        tests.append(VisitPetitioner.phone == phone)
    if name and village:
        tests.append((VisitPetitioner.name == name) & or_(
            VisitCase.village == village, VisitPetitioner.address.contains(village)))  # fmt: skip
    if not tests:
        return set()
    stmt = select(VisitCase.id).join(VisitCase.petitioners).where(or_(*tests))
    if visible_only:
        stmt = visible(session, stmt)
    return set(session.scalars(stmt))

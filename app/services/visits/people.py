"""Who may see what: the 检举控告 filter, and finding a person's earlier cases."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import groupby
from operator import attrgetter
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Select, and_, exists, false, or_, select, true
from sqlalchemy.orm import Session

from app.models.users import User
from app.models.visits import VisitAccused, VisitCase, VisitPetitioner
from app.services.context import Actor, Perm, actor_of, require
from app.services.errors import ValidationError
from app.services.visits import rules


class Account(NamedTuple):
    """A user account a 检举控告's 被反映人 can be linked to."""

    id: int
    display_name: str
    username: str


def accounts(session: Session) -> list[Account]:
    """The active accounts, for the clerk to link the 被反映人 of a 检举控告 to their own:
    the link hides the case from that account whatever name it signs in under."""
    require(session, Perm.EDIT_REGISTERS)
    stmt = select(User.id, User.display_name, User.username).where(User.active.is_(True))
    return [Account(*row) for row in session.execute(stmt.order_by(User.display_name, User.id))]


def check_account(session: Session, user_id: int | None) -> None:
    """A 被反映人 link must name an account that exists (a stale pick is refused)."""
    if user_id is not None and session.get(User, user_id) is None:
        raise ValidationError("所选被反映人账户不存在，请重新选择", "accused_user_id")


def visible(session: Session, stmt: Select[Any]) -> Select[Any]:
    """Drop the 检举控告类 cases the acting user may not see from any query run for them."""
    return stmt.where(or_(VisitCase.category != rules.ACCUSATION, may_see_accusation(session)))


def may_see_accusation(session: Session) -> ColumnElement[bool]:
    """A 检举控告 case is seen by a role allowed to (or the clerk who registered it), and
    never by the person it accuses: their linked account, or an account of their name."""
    actor = actor_of(session)
    if actor.can(Perm.VIEW_ACCUSATIONS):
        allowed: ColumnElement[bool] = true()
    elif actor.user_id is not None:
        allowed = VisitCase.registered_by_id == actor.user_id
    else:
        allowed = false()
    return and_(allowed, ~exists().where(VisitAccused.case_id == VisitCase.id, _names(actor)))


def _names(actor: Actor) -> ColumnElement[bool]:
    by_name = VisitAccused.name == actor.display_name.strip()
    if actor.user_id is None:
        return by_name
    return or_(VisitAccused.user_id == actor.user_id, by_name)


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


class PersonRow(NamedTuple):
    """One 信访人 as stored, with the 村/社区 of the case."""

    case_id: int
    village: str
    name: str
    id_number: str
    phone: str
    address: str


class _Seen:
    """The people of the cases walked so far, indexed for find_earlier_ids' three tests."""

    def __init__(self) -> None:
        self.by_id: dict[str, int] = {}
        self.by_phone: dict[str, int] = {}
        self.by_name: dict[str, list[PersonRow]] = {}

    def newest(self, p: PersonRow) -> int:
        """The newest case seen of the same person, 0 when none."""
        found = [self.by_id.get(p.id_number, 0) if p.id_number else 0,
                 self.by_phone.get(p.phone, 0) if p.phone else 0]  # fmt: skip
        if p.name and p.village:
            found.append(self._same_name_in(p.name, p.village))
        return max(found)

    def _same_name_in(self, name: str, village: str) -> int:
        # rows come in case order, so the first match from the end is the newest
        for e in reversed(self.by_name.get(name, ())):
            if e.village == village or village in e.address:
                return e.case_id
        return 0

    def add(self, p: PersonRow) -> None:
        if p.id_number:
            self.by_id[p.id_number] = p.case_id
        if p.phone:
            self.by_phone[p.phone] = p.case_id
        self.by_name.setdefault(p.name, []).append(p)


def repeat_links(rows: Iterable[PersonRow], since: int) -> dict[int, int]:
    """find_earlier_ids in memory, for bulk loads: rows are every 信访人 in case-id order;
    gives each case from id `since` on the newest earlier case of any of its people."""
    seen, links = _Seen(), {}
    for case_id, group in groupby(rows, key=attrgetter("case_id")):
        people = list(group)
        if case_id >= since and (newest := max(seen.newest(p) for p in people)):
            links[case_id] = newest
        for p in people:
            seen.add(p)
    return links


def person_rows(session: Session) -> Iterator[PersonRow]:
    """Every 信访人 with the 村/社区 of the case, in case order (the input of repeat_links)."""
    stmt = select(
        VisitPetitioner.case_id,
        VisitCase.village,
        VisitPetitioner.name,
        VisitPetitioner.id_number,
        VisitPetitioner.phone,
        VisitPetitioner.address,
    )
    stmt = stmt.select_from(VisitCase).join(VisitCase.petitioners).order_by(VisitCase.id)
    return (PersonRow(*row) for row in session.execute(stmt))

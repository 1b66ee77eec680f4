"""Edits made on an old copy are refused, naming who saved the record since and when."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from app.models.audit import AuditEntry
from app.services.errors import ConflictError


@dataclass(frozen=True)
class Seen:
    """One record as a form or a list loaded it: its register, its key and its version.

    The window sends it with the change (``ops.change(..., seen=...)``); ``require_current``
    refuses the change when the record was saved since. key is the record's id (排班: its day).
    """

    entity: str
    key: Any
    version: int | None


@dataclass(frozen=True)
class _Kept:
    """How to find one record of a register by its key and name it in the message."""

    find: Callable[[Session, Any], Any]
    label: Callable[[Any], str]
    audit_id: Callable[[Any], str] = lambda record: str(record.id)


def _by_id(model: type) -> Callable[[Session, Any], Any]:
    return lambda session, key: session.get(model, key)


def _roster_day(session: Session, day: date) -> Any:
    from app.models.duty import RosterDay

    return session.scalars(select(RosterDay).where(RosterDay.day == day)).first()


@cache
def kept() -> dict[str, _Kept]:
    """The registers whose edits and moves send the version they loaded (用户, 值班人员 and
    印章 forms call check() with the version themselves). Built on first use: the areas'
    models load after the main window shows, and the window imports this module before."""
    from app.models.duty import DutyLogEntry
    from app.models.filing import IncomingDoc, OutgoingDoc, SupervisionTask
    from app.models.meetings import Meeting
    from app.models.seals import SealLoan
    from app.models.visits import VisitCase

    return {
        "收文": _Kept(_by_id(IncomingDoc), lambda d: f"收文“{d.title}”"),
        "发文": _Kept(_by_id(OutgoingDoc), lambda d: f"发文“{d.title}”"),
        "督办": _Kept(_by_id(SupervisionTask), lambda t: f"督办事项“{t.matter}”"),
        "来访": _Kept(_by_id(VisitCase), lambda c: f"来访{c.reg_no}"),
        "值班日志": _Kept(_by_id(DutyLogEntry), lambda e: f"{e.shift_day:%m月%d日}的这条值班日志"),
        "排班": _Kept(
            _roster_day, lambda r: f"{r.day:%m月%d日}的排班", lambda r: r.day.isoformat()
        ),
        "印章外借": _Kept(_by_id(SealLoan), lambda loan: "这条印章外借记录"),
        "会议": _Kept(_by_id(Meeting), lambda m: f"会议“{m.name}”"),
    }


def require_current(session: Session, seen: Seen | Iterable[Seen] | None) -> None:
    """Refuse with who and when if a record changed since the clerk loaded it.

    Called inside the change's unit of work, before the change: write units hold the write
    lock from their first statement, so nobody can save the record in between.
    """
    for one in (seen,) if isinstance(seen, Seen) else seen or ():
        found = kept()[one.entity]
        record = found.find(session, one.key)
        if one.version is None or record is None or record.version == one.version:
            continue  # gone: the service says so in its own words
        raise conflict(session, one.entity, found.audit_id(record), found.label(record))


def check(session: Session, record: Any, seen: int | None, entity: str, label: str) -> None:
    """Refuse when ``record`` changed since the clerk loaded ``seen`` (None: nothing to check).

    entity is the audit trail's name for the register (值班人员, 用户, 印章 …); label says
    which record in the message (“值班人员 张三”).
    """
    if seen is None or record.version == seen:
        return
    raise conflict(session, entity, record.id, label)


def touch(record: Any, column: str = "id") -> None:
    """Move ``record``'s version although none of its own columns changed.

    For lists a record owns and saves whole (a meeting's 名单 and 议题): an old copy of the
    record must then be refused, or its save would drop the other window's lines. Marking a
    column modified makes the flush UPDATE the row, and the version goes up with it.
    """
    flag_modified(record, column)


def check_value(
    session: Session, seen: Any, now: Any, entity: str, ids: tuple[str, ...], label: str
) -> None:
    """For what is kept as values without a version (设置): refuse when what the clerk
    loaded (``seen``; None: nothing to check) is no longer what is stored (``now``).

    ids are the audit trail's ids of the values (the settings' keys), for who and when.
    """
    if seen is not None and seen != now:
        raise conflict(session, entity, ids, label)


def conflict(session: Session, entity: str, entity_id: Any, label: str) -> ConflictError:
    """The ConflictError for a record changed by someone else, from its last audit entry
    (entity_id: one id, or a tuple of ids when the record is kept as several values)."""
    ids = [str(i) for i in entity_id] if isinstance(entity_id, tuple) else [str(entity_id)]
    last = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.entity == entity, AuditEntry.entity_id.in_(ids))
        .order_by(AuditEntry.id.desc())
        .limit(1)
    ).first()
    if last is None:
        return ConflictError(f"{label}已被他人修改，您看到的是旧内容。请重新载入后再改。")
    when = last.at.astimezone()  # stored in UTC, told in local time
    return ConflictError(
        f"{label}已被{last.username}于{when:%Y-%m-%d %H:%M}修改，您看到的是旧内容。"
        "请重新载入后再改。",
        who=last.username,
        at=when,
    )

"""The audit trail: record every create, change and void; query it with filters."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, insert, inspect, select
from sqlalchemy.orm import Session

from app.common.dates import local_midnight
from app.db import dialect
from app.db.lock import who_am_i
from app.models.audit import AuditEntry
from app.models.base import utcnow
from app.reports.table import Column, ReportTable
from app.services import audit_chain
from app.services.context import SYSTEM, Actor, Perm, acting, require
from app.services.registry import register_check


def snapshot(obj: Any) -> dict[str, Any]:
    """A model instance's column values, as JSON-ready data."""
    mapper = inspect(obj).mapper
    return {attr.key: _jsonable(getattr(obj, attr.key)) for attr in mapper.column_attrs}


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def _dump(values: dict[str, Any] | None) -> str | None:
    return None if values is None else json.dumps(values, ensure_ascii=False, sort_keys=True)


def this_pc() -> str:
    """The name of the PC this program runs on, as the data folder's lock card gives it."""
    return who_am_i()[1][:64]


def record(
    session: Session,
    action: str,
    entity: str,
    entity_id: Any,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    summary: str = "",
    actor: Actor | None = None,
) -> None:
    """Append one entry (新增, 修改, 作废, 登录 …) in the caller's transaction."""
    # a login attempt or the first-run setup has no one acting yet: it is the program's own
    actor = actor or acting(session) or SYSTEM
    values: dict[str, Any] = dict(
        at=utcnow(), user_id=actor.user_id, username=actor.display_name[:40], action=action,
        entity=entity, entity_id=str(entity_id)[:40], summary=summary[:200],
        before_json=_dump(before), after_json=_dump(after), pc=this_pc(),
    )  # fmt: skip
    audit_chain.next_link(session, values)
    session.add(AuditEntry(**values))


@dataclass(frozen=True)
class PastLine:
    """A step the demo makes up in the past: when, what, on which record."""

    at: datetime
    action: str
    entity: str
    entity_id: Any
    summary: str = ""


def record_past(session: Session, lines: Iterable[PastLine], actor: Actor) -> int:
    """The demo's made-up history, chained like any entry and written in one insert (one
    record() each took seconds for a few thousand lines); returns how many."""
    session.flush()  # entries added before these keep their place in the chain
    rows = []
    for line in lines:
        values: dict[str, Any] = dict(
            at=line.at, user_id=actor.user_id, username=actor.display_name[:40],
            action=line.action, entity=line.entity, entity_id=str(line.entity_id)[:40],
            summary=line.summary[:200], before_json=None, after_json=None,
        )  # fmt: skip
        rows.append(values)
    audit_chain.next_links(session, rows)
    if rows:
        session.execute(insert(AuditEntry), rows)
    return len(rows)


@dataclass(frozen=True)
class AuditFilter:
    date_from: date | None = None
    date_to: date | None = None
    username: str = ""
    entity: str = ""
    action: str = ""


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    username: str
    action: str
    entity: str
    entity_id: str
    summary: str
    before_json: str | None
    after_json: str | None
    pc: str = ""  # the PC it was written on; "" on lines from before the program recorded it


def query(session: Session, /, flt: AuditFilter, limit: int = 5000) -> list[AuditRow]:
    require(session, Perm.VIEW_AUDIT)
    stmt = _filtered(select(AuditEntry), flt).order_by(AuditEntry.id.desc()).limit(limit)
    return [_row(e) for e in session.scalars(stmt)]


_SORT_KEYS = {
    "at": AuditEntry.id,  # ids grow with time and are indexed
    "username": AuditEntry.username,
    "pc": AuditEntry.pc,
    "action": AuditEntry.action,
    "entity": AuditEntry.entity,
}


def count(session: Session, /, flt: AuditFilter) -> int:
    """How many entries the filter matches (for a paged list)."""
    require(session, Perm.VIEW_AUDIT)
    stmt = _filtered(select(func.count()).select_from(AuditEntry), flt)
    return int(session.scalar(stmt) or 0)


def page(
    session: Session,
    /,
    flt: AuditFilter,
    *,
    offset: int = 0,
    limit: int = 200,
    sort: tuple[str, bool] | None = None,
) -> list[AuditRow]:
    """One page of entries, newest first unless sort = (key, descending) says otherwise."""
    require(session, Perm.VIEW_AUDIT)
    key, descending = sort if sort and sort[0] in _SORT_KEYS else ("at", True)
    column = _SORT_KEYS[key]
    order = [column.desc() if descending else column.asc(), AuditEntry.id.desc()]
    stmt = _filtered(select(AuditEntry), flt).order_by(*order).offset(offset).limit(limit)
    return [_row(e) for e in session.scalars(stmt)]


def _filtered(stmt: Any, flt: AuditFilter) -> Any:
    if flt.date_from:
        stmt = stmt.where(AuditEntry.at >= local_midnight(flt.date_from))
    if flt.date_to:
        stmt = stmt.where(AuditEntry.at < local_midnight(flt.date_to + timedelta(days=1)))
    if flt.username:
        stmt = stmt.where(dialect.contains(AuditEntry.username, flt.username))
    if flt.entity:
        stmt = stmt.where(AuditEntry.entity == flt.entity)
    if flt.action:
        stmt = stmt.where(AuditEntry.action == flt.action)
    return stmt


def _row(e: AuditEntry) -> AuditRow:
    return AuditRow(
        e.id, e.at, e.username, e.action, e.entity, e.entity_id, e.summary,
        e.before_json, e.after_json, e.pc,
    )  # fmt: skip


def choices(session: Session) -> tuple[list[str], list[str]]:
    """The 对象 and 操作 values seen so far, for the viewer's filter lists."""
    require(session, Perm.VIEW_AUDIT)
    entities = session.scalars(select(AuditEntry.entity).distinct().order_by(AuditEntry.entity))
    actions = session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action))
    return list(entities), list(actions)


_WIDTHS = {"时间": 18, "用户": 10, "电脑": 12, "操作": 6, "对象": 8, "编号": 8, "摘要": 24,
           "修改前": 36, "修改后": 36}  # fmt: skip
COLUMNS = [Column(header, width) for header, width in _WIDTHS.items()]


def report(rows: list[AuditRow], unit: str = "", subtitle: str = "") -> ReportTable:
    """The viewer's filtered list as a table for the xlsx/pdf writers."""
    body = [
        [r.at.astimezone().strftime("%Y-%m-%d %H:%M:%S"), r.username, r.pc, r.action,
         r.entity, r.entity_id, r.summary, r.before_json or "", r.after_json or ""]
        for r in rows
    ]  # fmt: skip
    return ReportTable("审计日志", COLUMNS, body, unit=unit, subtitle=subtitle)


register_check("审计日志链", audit_chain.verify)

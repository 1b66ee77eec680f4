"""件号 per lowest category: by 日期 then 文号, no gaps; reorder/remove renumber before 装盒."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.orm import Session

from app import clock
from app.db import raw
from app.db.fulltext import bulk_indexed
from app.models.archives import ArchiveItem
from app.models.filing import IncomingDoc, OutgoingDoc
from app.services import counters, lengths
from app.services.archives.codes import Category, Scheme, build
from app.services.errors import ValidationError


@dataclass
class Slot:
    """One place in a category's order: an existing 件 (id) or a new one (values)."""

    id: int | None
    doc_date: date | None
    doc_no: str
    boxed: bool = False
    item_no: int = 0
    incoming_id: int | None = None
    outgoing_id: int | None = None
    values: dict[str, Any] = field(default_factory=dict)


def table_of(model: Any) -> Table:
    """The Core table of a model: renumbering and register moves write through Core."""
    return cast(Table, model.__table__)


def _natural(text: str) -> tuple[Any, ...]:
    """镇政〔2025〕3号 before 镇政〔2025〕12号."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text or ""))


def order_key(slot: Slot) -> tuple[Any, ...]:
    return (slot.doc_date or date.max, _natural(slot.doc_no))


def merge(existing: list[Slot], new: list[Slot]) -> list[Slot]:
    """The category's new order. Before 装盒 new 件 merge in by 日期/文号 and the existing
    order (perhaps the archivist's own) is kept; once a box is made, late 件 go to the end."""
    fresh = sorted(new, key=order_key)
    if any(s.boxed for s in existing):
        return existing + fresh
    out: list[Slot] = []
    i = 0
    for slot in fresh:
        while i < len(existing) and order_key(existing[i]) <= order_key(slot):
            out.append(existing[i])
            i += 1
        out.append(slot)
    return out + existing[i:]


def hold_series(session: Session, cat: Category) -> None:
    """Hold the category's 档号 series until commit: new 件 are numbered from what is read
    after this (two PCs filing at once would both take the next 件号). Several categories
    are taken in sorted order, so two PCs never wait on each other."""
    counters.hold(session, f"*件号:{cat.period}:{cat.org_code}", cat.year)


def load_slots(session: Session, cat: Category) -> list[Slot]:
    """The category's 件 in 件号 order, its series held (hold_series)."""
    hold_series(session, cat)
    rows = session.execute(
        select(ArchiveItem.id, ArchiveItem.doc_date, ArchiveItem.doc_no, ArchiveItem.box_id,
               ArchiveItem.item_no, ArchiveItem.incoming_id, ArchiveItem.outgoing_id)
        .where(ArchiveItem.year == cat.year, ArchiveItem.period == cat.period,
               ArchiveItem.org_code == cat.org_code)
        .order_by(ArchiveItem.item_no)
    )  # fmt: skip
    return [Slot(r.id, r.doc_date, r.doc_no, r.box_id is not None, r.item_no, r.incoming_id,
                 r.outgoing_id) for r in rows]  # fmt: skip


def write_order(session: Session, scheme: Scheme, cat: Category, order: list[Slot]) -> None:
    """Give 件号 1..n in this order: moved 件 first step aside (the numbers are unique),
    then take their places; new 件 are inserted; the registers' 档号 follow."""
    insert_items(session, renumber(session, scheme, cat, order))
    sync_sources(session, cat)


def renumber(
    session: Session, scheme: Scheme, cat: Category, order: list[Slot]
) -> list[dict[str, Any]]:
    """write_order's first half: the existing 件 moved to their numbers; returns the rows of
    the new 件 for insert_items."""
    if len(order) > 9999:
        raise ValidationError(f"{cat.year}年度 {cat.period} {cat.org_code} 已超过9999件。")
    moved = [(no, s) for no, s in enumerate(order, 1) if s.id is not None and s.item_no != no]
    if any(s.boxed for _, s in moved):
        raise ValidationError("已装盒的件不能改变件号：请先出盒。", "item_no")
    if moved:
        aside = [{"b_id": s.id, "b_no": -no, "b_code": f"~{s.id}"} for no, s in moved]
        _update_items(session, aside)
        final = [{"b_id": s.id, "b_no": no, "b_code": build(scheme, cat, no)} for no, s in moved]
        _update_items(session, final)
    return [_new_row(scheme, cat, no, s) for no, s in enumerate(order, 1) if s.id is None]


def insert_items(session: Session, rows: list[dict[str, Any]]) -> None:
    """The bulk path for new 件: every column given (no per-row defaults or statement
    building: 5,000 件 a year), the search index written once for all of them."""
    if not rows:
        return
    table = table_of(ArchiveItem)
    lengths.check_rows(table, rows)
    names = [c.name for c in table.columns if c.name != "id"]
    fixed = {**_defaults(table), "created_at": raw.utc_text(clock.utcnow())}
    base = [_stored(fixed.get(n)) for n in names]
    where = {n: i for i, n in enumerate(names)}
    values = []
    for row in rows:  # the defaults once, then only the row's own values converted
        cells = base.copy()
        for name, value in row.items():
            cells[where[name]] = _stored(value)
        values.append(cells)
    sql = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    with bulk_indexed(session, "archive_fts"):
        raw.executemany(session, sql, values)


def _defaults(table: Table) -> dict[str, Any]:
    """The columns' scalar defaults (status 在库, note "", version 1 …)."""
    found = {}
    for c in table.columns:
        default = getattr(c.default, "arg", None)
        if default is not None and not callable(default):
            found[c.name] = default
    return found


def _stored(value: Any) -> Any:
    """As SQLAlchemy stores it in SQLite: dates as ISO text, datetimes as UTC text."""
    if isinstance(value, datetime):
        return raw.utc_text(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _new_row(scheme: Scheme, cat: Category, no: int, slot: Slot) -> dict[str, Any]:
    return {**slot.values, "year": cat.year, "period": cat.period, "org_code": cat.org_code,
            "item_no": no, "archive_code": build(scheme, cat, no), "doc_date": slot.doc_date,
            "doc_no": slot.doc_no, "incoming_id": slot.incoming_id,
            "outgoing_id": slot.outgoing_id}  # fmt: skip


def _update_items(session: Session, params: list[dict[str, Any]]) -> None:
    stmt = (
        update(ArchiveItem.__table__)  # type: ignore[arg-type]
        .where(ArchiveItem.__table__.c.id == bindparam("b_id"))
        .values(
            item_no=bindparam("b_no"),
            archive_code=bindparam("b_code"),
            version=ArchiveItem.__table__.c.version + 1,
        )
    )
    session.execute(stmt, params)


def sync_sources(session: Session, cat: Category) -> None:
    """The 收文/发文 registers show the 档号 their 件 carries: one set-based UPDATE per
    register for the category, touching only rows whose 档号 changed."""
    for model, link in ((IncomingDoc, ArchiveItem.incoming_id),
                        (OutgoingDoc, ArchiveItem.outgoing_id)):  # fmt: skip
        code = select(ArchiveItem.archive_code).where(link == model.id).scalar_subquery()
        mine = select(link).where(
            ArchiveItem.year == cat.year,
            ArchiveItem.period == cat.period,
            ArchiveItem.org_code == cat.org_code,
            link.is_not(None),
        )
        table = table_of(model)
        stmt = (update(table).where(table.c.id.in_(mine), table.c.archive_code != code)
                .values(archive_code=code, version=table.c.version + 1))  # fmt: skip
        session.execute(stmt)


def place(session: Session, scheme: Scheme, new: dict[Category, list[Slot]]) -> int:
    """Number new 件 into their categories; returns how many were placed."""
    cats = sorted(new)
    fresh: list[dict[str, Any]] = []
    for cat in cats:
        fresh += renumber(session, scheme, cat, merge(load_slots(session, cat), new[cat]))
    insert_items(session, fresh)  # one INSERT and one search-index fill for the whole year
    for cat in cats:
        sync_sources(session, cat)
    session.expire_all()  # Core wrote behind the ORM's back
    return sum(len(v) for v in new.values())

"""件号 per lowest category: by 日期 then 文号, no gaps; reorder/remove renumber before 装盒."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.orm import Session

from app.models.archives import ArchiveItem
from app.models.filing import IncomingDoc, OutgoingDoc
from app.services.archives.codes import Category, Scheme, build
from app.services.bulk import bulk_insert
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


def load_slots(session: Session, cat: Category) -> list[Slot]:
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
    fresh = [_new_row(scheme, cat, no, s) for no, s in enumerate(order, 1) if s.id is None]
    bulk_insert(session, ArchiveItem, fresh)
    _update_sources(session, scheme, cat, [(no, s) for no, s in moved] +
                    [(no, s) for no, s in enumerate(order, 1) if s.id is None])  # fmt: skip


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


def _update_sources(session: Session, scheme: Scheme, cat: Category,
                    placed: Iterable[tuple[int, Slot]]) -> None:  # fmt: skip
    """The 收文/发文 register shows the 档号 its document got."""
    by_model: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for no, slot in placed:
        code = build(scheme, cat, no)
        if slot.incoming_id:
            by_model[IncomingDoc].append({"b_id": slot.incoming_id, "b_code": code})
        if slot.outgoing_id:
            by_model[OutgoingDoc].append({"b_id": slot.outgoing_id, "b_code": code})
    for model, params in by_model.items():
        table = model.__table__
        stmt = update(table).where(table.c.id == bindparam("b_id"))
        session.execute(stmt.values(archive_code=bindparam("b_code")), params)


def place(session: Session, scheme: Scheme, new: dict[Category, list[Slot]]) -> int:
    """Number new 件 into their categories; returns how many were placed."""
    for cat in sorted(new):
        write_order(session, scheme, cat, merge(load_slots(session, cat), new[cat]))
    session.expire_all()  # Core wrote behind the ORM's back
    return sum(len(v) for v in new.values())

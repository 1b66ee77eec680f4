"""The audit trail's hash chain: each entry linked to the one before, so an edit shows."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, cast

from sqlalchemy import Table, event, select
from sqlalchemy.orm import Session

from app.models.audit import AuditEntry
from app.services import counters
from app.services.hashchain import GENESIS, canonical, link

TAIL_KEY = "audit_tail"
SERIES = "*审计"  # its counter row (year ALL_TIME), made by 0028_chain_rows
# The content each hash covers, in this order (seq in it: a moved entry is caught too).
HASHED = ("seq", "at", "user_id", "username", "action", "entity", "entity_id", "summary",
          "before_json", "after_json")  # fmt: skip
# The PC name (0024) is hashed after them when there is one: lines written before it have
# none, and their content (so their hash) is what it was.
PC = "pc"
_ARRAY = ", ".join(HASHED)
_SELECT = (
    f"SELECT seq, hash, CASE WHEN {PC} = '' THEN json_array({_ARRAY})"
    f" ELSE json_array({_ARRAY}, {PC}) END FROM audit_entries ORDER BY id"
)


def content(values: Sequence[Any], pc: str | None) -> bytes:
    """The canonical bytes an entry's hash covers: HASHED's values, then its PC name if any."""
    return canonical([*values, pc] if pc else list(values))


def next_link(session: Session, values: dict[str, Any]) -> None:
    """Fill seq and hash of a new entry (next_links for one)."""
    next_links(session, [values])


def next_links(session: Session, lines: Sequence[dict[str, Any]]) -> None:
    """Fill seq and hash of new entries, in order. The tail is read once per transaction,
    which no other process can append to meanwhile: its counter row is held first
    (SELECT … FOR UPDATE on the office server; on SQLite the write unit is BEGIN IMMEDIATE),
    and keeps the last seq given."""
    if not lines:
        return
    tail = session.info.get(TAIL_KEY)
    if tail is None:
        counters.hold(session, SERIES, counters.ALL_TIME)
        sql = "SELECT seq, hash FROM audit_entries ORDER BY id DESC LIMIT 1"
        row = session.connection().exec_driver_sql(sql).first()
        tail = (int(row[0] or 0), str(row[1] or GENESIS)) if row else (0, GENESIS)
    for values in lines:
        values["seq"] = tail[0] + 1
        values["hash"] = link(tail[1], content([values[name] for name in HASHED], values.get(PC)))
        tail = (values["seq"], values["hash"])
    session.info[TAIL_KEY] = tail
    counters.held(session, SERIES, counters.ALL_TIME).last = tail[0]


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_soft_rollback")
def _forget_tail(session: Session, *_args: Any) -> None:
    session.info.pop(TAIL_KEY, None)


def walk(session: Session) -> Iterator[tuple[int | None, str | None, bytes]]:
    """(seq, stored hash, canonical bytes) of every entry in order.

    SQLite builds the canonical JSON in C (json_array, byte-identical to canonical()); other
    databases take the portable path, as the 用印 chain does."""
    if session.get_bind().dialect.name != "sqlite":
        yield from _portable(session)
        return
    for seq, stored, content in session.connection().exec_driver_sql(_SELECT):
        yield seq, stored, content.encode()


def _portable(session: Session) -> Iterator[tuple[int | None, str | None, bytes]]:
    table = cast(Table, AuditEntry.__table__)
    columns = [table.c[name] for name in (*HASHED, PC, "hash")]
    for row in session.execute(select(*columns).order_by(table.c.id)):
        yield row[0], row[-1], content(row[: len(HASHED)], row[-2])


def verify(session: Session) -> list[str]:
    """`check`: the first entry whose position or content no longer matches its hash."""
    prev, expected = GENESIS, 1
    for seq, stored, content in walk(session):
        if seq != expected:
            return [f"第 {expected} 条缺失或序号被改（下一条为第 {seq} 条）"]
        if link(prev, content) != stored:
            return [f"第 {seq} 条的内容与记录时不符（已被改动），或其前一条被替换"]
        prev, expected = str(stored), expected + 1
    return []

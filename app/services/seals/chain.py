"""The 用印台账 hash chain: link each new entry to the last one and verify the whole walk."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Table, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.db import raw
from app.db.dialect import lock_chain
from app.models.seals import SealChainHead, SealUse
from app.services.errors import DomainError
from app.services.hashchain import GENESIS, STORED_FORMAT, canonical
from app.services.hashchain import link as _sha
from app.services.seals.dto import HISTORICAL_MARK, ChainStatus

HEAD_ID = 1
CHAIN_LOCK = "seal_uses.chain"
# The content each hash covers, in this order; seq is in it, so moving a row is caught.
HASHED = (
    "seq", "kind", "year", "year_no", "number", "used_at", "seal_id", "unit", "applicant",
    "purpose", "doc_title", "doc_number", "copies", "approver", "approver_title", "approved_at",
    "supervisor", "copy_kept", "note", "attested", "outgoing_id", "voids_id", "void_reason",
    "recorded_by", "recorded_at",
)  # fmt: skip
# A 历史补录 entry's 备注 is hashed with the mark in front (as 0014 found it in the 备注), so
# the flag cannot be quietly dropped and entries marked before 0014 still verify.
_SQL_NOTE = f"CASE WHEN historical THEN '{HISTORICAL_MARK}' || note ELSE note END"


def marked_note(note: str, historical: bool) -> str:
    return HISTORICAL_MARK + note if historical else note


def content(get: Callable[[str], Any]) -> list[Any]:
    """The hashed values of an entry, each read by name through get."""
    return [marked_note(get("note"), get("historical")) if name == "note" else get(name)
            for name in HASHED]  # fmt: skip


def digest(prev_hash: str, values: Sequence[Any]) -> str:
    return _sha(prev_hash, canonical(values))


def _head_table() -> Table:
    return cast(Table, SealChainHead.__table__)


def hold_head(session: Session) -> None:
    """Hold the chain head until commit without moving it (SELECT … FOR UPDATE on the
    server; SQLite's write unit holds every writer off): numbers read after it are this
    unit's alone, until it appends. Before the first entry there is no row: the chain's
    advisory lock covers that (lock_head takes it too)."""
    lock_chain(session, CHAIN_LOCK)
    table = _head_table()
    session.execute(select(table.c.count).where(table.c.id == HEAD_ID).with_for_update())


def lock_head(session: Session) -> tuple[int, str]:
    """Take the next position; this UPDATE comes first so concurrent appends queue here.

    Returns (seq for the new entry, hash of the entry before it).
    """
    lock_chain(session, CHAIN_LOCK)  # the first entry ever has no head row to queue on
    table = _head_table()
    stmt = (
        update(table)
        .where(table.c.id == HEAD_ID)
        .values(count=table.c.count + 1)
        .returning(table.c.count, table.c.last_hash)
    )
    row = session.execute(stmt).first()
    if row is None:
        if session.scalar(select(SealUse.__table__.c.id).limit(1)) is not None:
            # Appending now would hide the damage: the check must be run and the file restored.
            raise DomainError("用印台账的链头记录缺失，不能继续登记；请运行“检查”并从备份恢复。")
        try:  # the first entry ever; the savepoint covers another PC making the head at once
            with session.begin_nested():
                session.execute(insert(table).values(id=HEAD_ID, count=1, last_hash=GENESIS))
            return 1, GENESIS
        except IntegrityError:  # it did, and has committed: queue behind it on the row
            row = session.execute(stmt).one()
    return int(row[0]), str(row[1])


def link(session: Session, entry: SealUse, seq: int, prev_hash: str) -> None:
    """Fill seq, prev_hash and hash of a new entry and move the head to it."""
    entry.seq, entry.prev_hash = seq, prev_hash
    entry.hash = digest(prev_hash, content(lambda name: getattr(entry, name)))
    table = _head_table()
    session.execute(update(table).where(table.c.id == HEAD_ID).values(last_hash=entry.hash))


def link_rows(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """link() for many new entries at once (a bulk insert follows): fill seq, prev_hash
    and hash of each row in order, then move the head past the last one."""
    if not rows:
        return
    seq, prev = lock_head(session)
    for offset, row in enumerate(rows):
        row["seq"], row["prev_hash"] = seq + offset, prev
        prev = row["hash"] = digest(prev, content(row.__getitem__))
    table = _head_table()
    head = update(table).where(table.c.id == HEAD_ID)
    session.execute(head.values(count=seq + len(rows) - 1, last_hash=prev))


_Row = tuple[int, str | None, Any, str, str, bytes]
_HEAD_COLUMNS = "seq, number, used_at, prev_hash, hash"
_HASHED_SQL = ", ".join(_SQL_NOTE if name == "note" else name for name in HASHED)
_SQLITE_SELECT = f"SELECT {_HEAD_COLUMNS}, json_array({_HASHED_SQL}) FROM seal_uses"
# Entries walked between two give_way() calls: ~3 ms of Python, so a search the clerk
# starts waits at most that long for the walk to step aside.
CHUNK = 500


def _batches(session: Session, after: int) -> Iterator[list[_Row]]:
    """(seq, number, used_at, prev_hash, hash, canonical bytes) of every entry past seq
    `after`, in seq order, CHUNK at a time.

    On SQLite the canonical JSON is built by json_array() in C, byte-identical to
    canonical() (pinned by a test), and read on the driver's cursor: 200,000 entries
    verify in about a second instead of four. Other databases take the portable path.
    """
    if session.get_bind().dialect.name == "sqlite":
        return sqlite_batches(session, after)
    return portable_batches(session, after)


def sqlite_batches(session: Session, after: int) -> Iterator[list[_Row]]:
    cursor = raw.execute(session, _SQLITE_SELECT + " WHERE seq > ? ORDER BY seq", [after])
    while found := cursor.fetchmany(CHUNK):
        yield [(seq, number, at, prev, stored, text.encode())
               for seq, number, at, prev, stored, text in found]  # fmt: skip


def portable_batches(session: Session, after: int) -> Iterator[list[_Row]]:
    table = cast(Table, SealUse.__table__)
    names = (*HASHED, "historical", "prev_hash", "hash")
    columns = [table.c[name] for name in names]
    query = select(*columns).where(table.c.seq > after).order_by(table.c.seq)
    for part in session.execute(query).partitions(CHUNK):
        yield [_portable(dict(zip(names, row, strict=True))) for row in part]


def _portable(got: dict[str, Any]) -> _Row:
    content_bytes = canonical(content(got.__getitem__))
    return got["seq"], got["number"], got["used_at"], got["prev_hash"], got["hash"], content_bytes


def verify_chain(session: Session, give_way: Callable[[], None] | None = None,
                 since: ChainStatus | None = None) -> ChainStatus:  # fmt: skip
    """Walk every entry in seq order; name the first one that no longer matches.

    give_way (the window's): called before each CHUNK of entries, so the walk steps
    aside while the clerk searches. since: a sound status this process found earlier on
    this database; the walk then starts after its last entry, once that entry is seen
    unchanged (the page's reopen; `check` and 校验 walk everything).
    """
    start = _start(session, since)
    prev, expected, last_at = start if start is not None else (GENESIS, 1, None)
    for batch in _batches(session, expected - 1):
        if give_way is not None:
            give_way()
        for seq, number, used_at, prev_hash, stored, content in batch:
            if seq != expected:
                gap = f"第 {expected} 条缺失（被删除或序号被改，下一条为第 {seq} 条）"
                return _bad(expected - 1, _as_time(last_at), expected, "", gap)
            if prev_hash != prev:
                moved = "与上一条的链接不符（顺序被改动或上一条被替换）"
                return _bad(seq - 1, _as_time(last_at), seq, number or "",
                            _name(seq, number) + moved)  # fmt: skip
            if _sha(prev, content) != stored:
                changed = "的内容与登记时不符（已被改动）"
                return _bad(seq - 1, _as_time(last_at), seq, number or "",
                            _name(seq, number) + changed)  # fmt: skip
            prev, expected, last_at = stored, expected + 1, used_at
    return _check_head(session, expected - 1, prev, _as_time(last_at))


def _start(session: Session, since: ChainStatus | None) -> tuple[str, int, Any] | None:
    """Where a walk after `since` starts (its last hash, the next seq, its time), or None
    for a whole walk: no sound earlier status, or its last entry is not as it was seen."""
    if since is None or not since.ok or not since.last_seq or not since.last_hash:
        return None
    table = cast(Table, SealUse.__table__)
    stored = session.scalar(select(table.c.hash).where(table.c.seq == since.last_seq))
    if stored != since.last_hash:
        return None  # changed or gone: the whole walk finds and names it
    return since.last_hash, since.last_seq + 1, since.last_at


def _check_head(session: Session, count: int, last_hash: str, last_at: Any) -> ChainStatus:
    table = _head_table()
    row = session.execute(select(table.c.count, table.c.last_hash)).first()
    if row is None:
        if count:
            return _bad(count, last_at, 1, "", "链头记录缺失，无法确认登记簿是否完整")
        return ChainStatus(ok=True, count=0)
    head_count, head_hash = int(row[0]), str(row[1])
    if head_count > count:
        return _bad(count, last_at, count + 1, "",
                    f"第 {count + 1} 条至第 {head_count} 条缺失"
                    f"（链头记录共 {head_count} 条，现存 {count} 条；末尾条目被删除）")  # fmt: skip
    if head_count < count:
        extra = f"第 {head_count + 1} 条起不在链头记录之内（链头记录共 {head_count} 条）"
        return _bad(head_count, last_at, head_count + 1, "", extra)
    if head_hash != last_hash:
        return _bad(count - 1, last_at, count, "", f"第 {count} 条（末条）与链头记录不符")
    return ChainStatus(ok=True, count=count, last_seq=count or None, last_at=last_at,
                       last_hash=last_hash)  # fmt: skip


def _as_time(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.strptime(value, STORED_FORMAT).replace(tzinfo=UTC)


def _name(seq: int, number: str | None) -> str:
    return f"第 {seq} 条（{number}）" if number else f"第 {seq} 条"


def _bad(good: int, last_at: Any, seq: int, number: str, problem: str) -> ChainStatus:
    return ChainStatus(ok=False, count=good, last_seq=good or None, last_at=last_at,
                       bad_seq=seq, bad_number=number, problem=problem)  # fmt: skip


def check(session: Session) -> list[str]:
    """`python -m app.cli check`: one finding naming the first bad entry, or none."""
    status = verify_chain(session)
    return [] if status.ok else [status.message()]

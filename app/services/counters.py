"""Counter rows (filing_counters): every running number and chain of the program queues on one."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, Update, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.models.counters import FilingCounter

# A series per year holds the last number given. On the office server a unit of work takes
# its row first (UPDATE … RETURNING, or SELECT … FOR UPDATE), so a second PC waits on the row
# until commit; on SQLite the write unit's BEGIN IMMEDIATE already holds every writer off.
# 收文编号, 发文字号, 纪要 and 来访编号 count on theirs; 办会届次, 档号, 盒号 and the audit chain
# hold theirs while they read the highest number or the chain's tail (0028_chain_rows filled
# the 届次 and audit rows; the others are made at first use).

# The series whose year is not a year: the audit chain is one chain for all time.
ALL_TIME = 0


def bump(series: str | ColumnElement[str], year: int) -> Update:
    """The UPDATE that moves a series' counter on by one and returns the new number; the
    series may be a subquery (发文 names its 代字 so, before any read)."""
    return (
        update(FilingCounter)
        .where(FilingCounter.series == series, FilingCounter.year == year)
        .values(last=FilingCounter.last + 1)
        .returning(FilingCounter.last)
    )


def allocate(session: Session, series: str, year: int) -> int:
    """The next number of the series for the year.

    Call it before any read of the unit of work: the UPDATE takes SQLite's write lock
    first, so a second session allocating at once waits (busy_timeout) and then sees the
    row already bumped; it never reads a stale counter.
    """
    number = session.execute(bump(series, year)).scalar_one_or_none()
    if number is not None:
        return int(number)
    try:  # first number of the year; the savepoint covers a racing insert on a server DB
        with session.begin_nested():
            session.add(FilingCounter(series=series, year=year, last=1))
        return 1
    except IntegrityError:
        return int(session.execute(bump(series, year)).scalar_one())


def hold(session: Session, series: str, year: int) -> FilingCounter:
    """The series' row, held until commit without moving it (SELECT … FOR UPDATE on the
    server), made at 0 when the series has none yet (a racing PC's row is then waited for)."""
    found = _locked(session, series, year)
    if found is not None:
        return found
    try:
        with session.begin_nested():
            session.add(FilingCounter(series=series, year=year, last=0))
    except IntegrityError:  # another PC made it meanwhile and has committed: queue on it
        pass
    row = _locked(session, series, year)
    assert row is not None
    return row


def held(session: Session, series: str, year: int) -> FilingCounter:
    """The row hold() took earlier in this unit of work (from the session, no statement)."""
    return session.get(FilingCounter, (series, year)) or hold(session, series, year)


def _locked(session: Session, series: str, year: int) -> FilingCounter | None:
    return session.get(FilingCounter, (series, year), with_for_update=True, populate_existing=True)


def last_number(session: Session, series: str, year: int) -> int:
    row = session.get(FilingCounter, (series, year))
    return 0 if row is None else row.last


def raise_to(session: Session, series: str, year: int, number: int) -> None:
    """After an import of old registers: the counter never falls behind a used number.

    The row is held first: two imports at once would otherwise both raise it from the same
    stale value."""
    row = hold(session, series, year)
    row.last = max(row.last, number)


def allocate_block(session: Session, series: str, year: int, count: int) -> int:
    """Reserve `count` numbers at once (bulk import); returns the first of them."""
    first = allocate(session, series, year)
    if count > 1:
        bump = (
            update(FilingCounter)
            .where(FilingCounter.series == series, FilingCounter.year == year)
            .values(last=FilingCounter.last + count - 1)
        )
        session.execute(bump)
    return first


def behind(session: Session, series: str, tops: Iterable[Any],
           register: str) -> list[str]:  # fmt: skip
    """`check`: each year whose counter is below the highest number its register holds (a hand
    edit or an old restore did it); the next one given would be a number already used.
    tops: (year, highest number) rows."""
    found = []
    for year, top in sorted((int(y), t) for y, t in tops):
        last = last_number(session, series, year)
        if top is not None and last < top:
            found.append(f"{register}：{year}年的编号计数器为{last}，但已用到{top}号，"
                         "再登记会重号。")  # fmt: skip
    return found

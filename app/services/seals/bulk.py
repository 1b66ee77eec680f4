"""Many 用印 entries at once: numbered per year and chained in date order, then inserted in bulk."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.seals import SealUse
from app.services.bulk import bulk_insert
from app.services.seals import chain, ledger
from app.services.seals.dto import UseForm


def number_all(session: Session, forms: Sequence[UseForm]) -> list[tuple[int, int, str]]:
    """(year, number in year, 用印编号) for forms in date order, as register_use gives them
    one after the other: a given number is kept, the others go on from the year's highest
    (read with the chain head held: another PC's entries wait until this unit commits)."""
    chain.hold_head(session)
    last: dict[int, int] = {}
    numbers = []
    for form in forms:
        year = ledger.number_year(form.used_at)
        if year not in last:
            last[year] = ledger.last_year_no(session, year)
        if form.number:
            numbered = ledger.parse_number(form.number, year)
            last[year] = max(last[year], numbered[1])
        else:
            last[year] += 1
            numbered = (year, last[year], ledger.format_number(year, last[year]))
        numbers.append(numbered)
    return numbers


def append(session: Session, rows: list[dict[str, Any]]) -> list[tuple[int, int, str]]:
    """Chain the rows, insert them; (id, seal_id, 用印编号) of each, in chain order."""
    if not rows:
        return []
    chain.link_rows(session, rows)
    bulk_insert(session, SealUse, rows)
    stmt = select(SealUse.id, SealUse.seal_id, SealUse.number).where(SealUse.seq >= rows[0]["seq"])
    return [(i, s, n or "") for i, s, n in session.execute(stmt.order_by(SealUse.seq))]

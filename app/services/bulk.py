"""Core executemany inserts in batches: the bulk path of imports and demo data."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from app.services import lengths

BATCH = 20_000  # keeps the bound parameters of one executemany to a few tens of MB


def bulk_insert(session: Session, model: Any, rows: Sequence[dict[str, Any]]) -> None:
    """Core insert on the model's table, one executemany per batch (the ORM bulk path
    splits a batch wherever the rows' None values differ; Core does not)."""
    table = cast(Table, model.__table__)
    lengths.check_rows(table, rows)  # no flush to check them: here, before any is written
    stmt = insert(table)
    for start in range(0, len(rows), BATCH):
        session.execute(stmt, list(rows[start : start + BATCH]))

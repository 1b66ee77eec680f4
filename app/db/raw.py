"""Hand-written SQL on a session's own connection, for the few paths where speed is the spec."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy.orm import Session

from app.db.dialect import placeholders


def execute(session: Session, sql: str, args: Sequence[Any] = ()) -> sqlite3.Cursor:
    """Run on the driver connection inside the session's transaction: no statement building,
    no result processing; rows come back as plain tuples of the driver's own values.

    Written with `?` placeholders; on the office server psycopg gets `%s` (app/db/dialect.py).
    """
    driver = session.connection().connection.driver_connection
    return cast(sqlite3.Connection, driver).execute(placeholders(session, sql), args)


def utc_text(moment: datetime) -> str:
    """The text a UtcDateTime column holds, so range tests compare like with like."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def from_utc_text(text: str) -> datetime:
    # Parsing with the offset is 5× faster than .replace(tzinfo=…) afterwards.
    return datetime.fromisoformat(text + "+00:00")


def executemany(session: Session, sql: str, rows: Sequence[Sequence[Any]]) -> None:
    """executemany on the driver connection, in the session's transaction: thousands of rows
    without building parameters statement by statement (the bulk path of 年度归档)."""
    driver = session.connection().connection.driver_connection
    cursor = cast(sqlite3.Connection, driver).cursor()
    cursor.executemany(placeholders(session, sql), rows)

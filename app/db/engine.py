"""The SQLite engine with the pragmas an office PC needs (WAL, FKs, FULL sync)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

from app.db.bigrams import register_function

BUSY_TIMEOUT_MS = 5000


def _pragmas(foreign_keys: bool) -> Any:
    def _set(dbapi_connection: Any, _record: Any) -> None:
        _set_pragmas(dbapi_connection, foreign_keys)

    return _set


def _set_pragmas(dbapi_connection: Any, foreign_keys: bool) -> None:
    # SQLAlchemy's recipe: let SQLAlchemy emit BEGIN itself so every transaction,
    # DDL included, is real and rolls back whole.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    # Office power cuts are real: FULL makes a committed write survive them.
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def _begin(conn: Any) -> None:
    # On the driver connection: the same BEGIN without a trip through the statement
    # machinery (every unit of work, every keystroke of a search, pays it).
    conn.connection.driver_connection.execute("BEGIN")


def make_engine(path: Path, *, foreign_keys: bool = True) -> Engine:
    """foreign_keys=False only for migrations, which rebuild tables in batch mode."""
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _pragmas(foreign_keys))
    # The bigram index's triggers call the tokeniser: every connection that writes needs it.
    event.listen(engine, "connect", lambda conn, _record: register_function(conn))
    event.listen(engine, "begin", _begin)
    return engine

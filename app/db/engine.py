"""The SQLite engine with the pragmas an office PC needs (WAL, FKs, FULL sync), or the
office server's PostgreSQL engine (no pragmas there: the server keeps its own)."""

from __future__ import annotations

import sqlite3
import time
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

from app.config import DataDir
from app.db.bigrams import register_function
from app.db.pg_tools import application_name

BUSY_TIMEOUT_MS = 5000
# A server switched off or a wrong address answers nothing: give up after this many seconds
# (libpq's connect_timeout) instead of the operating system's minutes.
CONNECT_TIMEOUT_S = 10
WRITE_WAIT_S = 60  # how long a write unit queues behind other writers before giving up
# Set by unit_of_work for a write unit: its transaction takes the write lock at BEGIN, so it
# waits out busy_timeout behind another writer. A deferred BEGIN that reads and then writes
# fails at once (SQLite does not call the busy handler on that lock upgrade).
WRITING: ContextVar[bool] = ContextVar("dzb_writing", default=False)


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
    driver = conn.connection.driver_connection
    if not WRITING.get():
        driver.execute("BEGIN")
        return
    # busy_timeout waits inside each try, but a writer that commits and begins again at once
    # can take the lock back for a while: nothing is done yet, so trying again is safe.
    deadline = time.monotonic() + WRITE_WAIT_S
    while True:
        try:
            driver.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise


def make_engine(path: Path, *, foreign_keys: bool = True) -> Engine:
    """foreign_keys=False only for migrations, which rebuild tables in batch mode."""
    # hide_parameters: an error's text (and so the log) never carries what the clerk typed.
    engine = create_engine(f"sqlite:///{path}", hide_parameters=True)
    event.listen(engine, "connect", _pragmas(foreign_keys))
    # The bigram index's triggers call the tokeniser: every connection that writes needs it.
    event.listen(engine, "connect", lambda conn, _record: register_function(conn))
    event.listen(engine, "begin", _begin)
    return engine


def make_server_engine(url: str, *, connect_timeout_s: int | None = None) -> Engine:
    """The office server's engine: READ COMMITTED (PostgreSQL's default); counters and chains
    take their own locks (app/db/dialect.py). pre_ping: a PC that slept finds its pooled
    connection dropped by the server and opens a new one instead of failing once."""
    if not url.startswith("postgresql"):
        raise ValueError("只支持 PostgreSQL 服务器（postgresql+psycopg://…）")
    # application_name: a restore refused because another PC is connected names that PC.
    timeout = connect_timeout_s or CONNECT_TIMEOUT_S
    # prepare_threshold None: psycopg prepares a statement run 5 times, and the server may then
    # plan it once for any word: a search's to_tsquery('simple', $1) was parsed again for every
    # row it tested (a page of 防汛抗旱: 4 -> 22 ms from the sixth search on).
    connect_args: dict[str, Any] = {
        "application_name": application_name(),
        "connect_timeout": timeout,
        "prepare_threshold": None,
    }
    engine = create_engine(url, hide_parameters=True, pool_pre_ping=True, connect_args=connect_args)
    # yield_per reads rows in batches on SQLite; on PostgreSQL it would open a named server
    # cursor that outlives a report left half-read. Buffered on both, as on SQLite.
    engine.dialect.supports_server_side_cursors = False
    return engine


def engine_for(data_dir: DataDir, *, foreign_keys: bool = True) -> Engine:
    """A new engine on the data folder's database: its SQLite file, or the office server."""
    if data_dir.database_url is not None:
        return make_server_engine(data_dir.database_url)
    return make_engine(data_dir.database, foreign_keys=foreign_keys)

"""unit_of_work(): the only place a transaction is opened and committed."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from app.config import DataDir
from app.db.engine import WRITING
from app.db.errors import translate
from app.db.lock import FolderLock

ACTOR_KEY = "actor"
_OPEN: ContextVar[int] = ContextVar("dzb_open_units", default=0)

_factory: sessionmaker[Session] | None = None
_engine: Engine | None = None
_data_dir: DataDir | None = None
_lock: FolderLock | None = None


def hold(data_dir: DataDir) -> FolderLock:
    """This process's shared hold on the data folder, taken once (Busy while one holds it
    alone); a hold on another folder is let go first."""
    global _lock
    if _lock is not None and _lock.root != data_dir.root:
        _lock.release()
        _lock = None
    if _lock is None or _lock.handle is None:
        lock = FolderLock(data_dir.root)
        lock.acquire_shared()
        _lock = lock
    return _lock


def folder_lock() -> FolderLock:
    """The open data folder's lock (restore takes it alone)."""
    if _lock is None or _lock.handle is None:
        raise RuntimeError("database not opened: call app.db.open_database() first")
    return _lock


def bind(engine: Engine, data_dir: DataDir) -> None:
    """Point every later unit of work at this engine and data folder."""
    global _factory, _engine, _data_dir
    if _engine is not None and _engine is not engine:
        _engine.dispose()
    _engine, _data_dir = engine, data_dir
    _factory = sessionmaker(bind=engine, expire_on_commit=False)


def current_data_dir() -> DataDir:
    """The open data folder (attachments and backups live there)."""
    if _data_dir is None:
        raise RuntimeError("database not opened: call app.db.open_database() first")
    return _data_dir


def current_engine() -> Engine:
    if _engine is None:
        raise RuntimeError("database not opened: call app.db.open_database() first")
    return _engine


def dispose() -> None:
    """Close every connection and let go of the data folder."""
    global _factory, _engine, _data_dir, _lock
    if _engine is not None:
        _engine.dispose()
    if _lock is not None:
        _lock.release()
    _factory, _engine, _data_dir, _lock = None, None, None, None


def _roll_back(session: Session, connection_lost: bool) -> None:
    """Roll back; when the connection itself is gone the rollback fails too, and the pool
    drops that connection as the session closes (the storage error is what the clerk hears)."""
    try:
        session.rollback()
    except (DBAPIError, sqlite3.Error):
        if not connection_lost:
            raise


@contextmanager
def unit_of_work(actor: Any = None, *, read_only: bool = False) -> Iterator[Session]:
    """One user action, CLI command or task: commit on success, roll back on any error.

    The acting user rides along in session.info so services can check roles and audit.
    A write unit begins with BEGIN IMMEDIATE (it queues behind another writer instead of
    failing); read_only=True keeps a deferred BEGIN, which never waits for writers.
    """
    if _factory is None:
        raise RuntimeError("database not opened: call app.db.open_database() first")
    session = _factory()
    session.info[ACTOR_KEY] = actor
    # Only the outermost unit takes the write lock at BEGIN: a unit opened inside another
    # in the same thread would otherwise queue behind its own caller.
    token = WRITING.set(not read_only and _OPEN.get() == 0)
    depth = _OPEN.set(_OPEN.get() + 1)
    try:
        yield session
        session.commit()
    except Exception as exc:
        # Raw SQL (app/db/raw.py) raises the driver's own errors, not DBAPIError: told too.
        storage = translate(exc)
        _roll_back(session, connection_lost=storage is not None)
        if storage is not None:
            raise storage from exc
        raise
    except BaseException:
        session.rollback()
        raise
    finally:
        _OPEN.reset(depth)
        WRITING.reset(token)
        session.close()

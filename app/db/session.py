"""unit_of_work(): the only place a transaction is opened and committed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from app.config import DataDir
from app.db.errors import translate

ACTOR_KEY = "actor"

_factory: sessionmaker[Session] | None = None
_engine: Engine | None = None
_data_dir: DataDir | None = None


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
    global _factory, _engine, _data_dir
    if _engine is not None:
        _engine.dispose()
    _factory, _engine, _data_dir = None, None, None


@contextmanager
def unit_of_work(actor: Any = None) -> Iterator[Session]:
    """One user action, CLI command or task: commit on success, roll back on any error.

    The acting user rides along in session.info so services can check roles and audit.
    """
    if _factory is None:
        raise RuntimeError("database not opened: call app.db.open_database() first")
    session = _factory()
    session.info[ACTOR_KEY] = actor
    try:
        yield session
        session.commit()
    except DBAPIError as exc:
        session.rollback()
        storage = translate(exc)
        if storage is not None:
            raise storage from exc
        raise
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()

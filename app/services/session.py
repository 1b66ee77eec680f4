"""What the window and the CLI need to open the data folder and run one unit of work."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.db import StorageError, open_database
from app.db import unit_of_work as _unit_of_work
from app.db.session import current_data_dir, dispose
from app.services.errors import ConflictError

__all__ = ["StorageError", "current_data_dir", "dispose", "open_database", "unit_of_work"]

# Two saves raced past the services' version checks: the database kept the first.
STALE = "这条记录刚被另一处保存，本次修改未保存。请重新载入后再改。"


@contextmanager
def unit_of_work(actor: Any = None, *, read_only: bool = False) -> Iterator[Session]:
    """app.db's unit of work, with a stale save told as a ConflictError, not a bug."""
    try:
        with _unit_of_work(actor, read_only=read_only) as session:
            yield session
    except StaleDataError as exc:
        raise ConflictError(STALE) from exc

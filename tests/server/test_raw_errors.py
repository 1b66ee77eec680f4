"""A driver error raised on the raw path (app/db/raw.py) is told as the SQLAlchemy path's is."""

from __future__ import annotations

import pytest

from app.db import StorageError, raw
from app.db.errors import UNREACHABLE
from app.db.session import unit_of_work


def test_a_connection_lost_under_raw_sql_is_a_storage_error(server_admin):
    """psycopg's own error (not SQLAlchemy's DBAPIError) passed untold to the clerk: the bulk
    归档 insert and the lists' reads write and read through the driver itself."""
    with pytest.raises(StorageError) as told, unit_of_work(server_admin) as session:
        raw.execute(session, "SELECT pg_terminate_backend(pg_backend_pid())")
    assert str(told.value) == UNREACHABLE
    with unit_of_work(server_admin) as session:  # the pool hands out a live connection again
        assert raw.execute(session, "SELECT 1").fetchone()[0] == 1

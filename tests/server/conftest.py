"""The server tests: always on the throwaway PostgreSQL cluster, skipped (with the reason)
where there is none."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.config import DataDir
from app.db import open_database
from app.db.session import dispose, unit_of_work
from app.services import users
from app.services.context import Actor
from tests.conftest import ADMIN_PASSWORD


@pytest.fixture
def server_dir(tmp_path: Path, pg_database: str) -> Iterator[DataDir]:
    """A data folder on a fresh copy of the server's template database, opened and bound."""
    folder = DataDir(tmp_path / "data", pg_database).ensure()
    open_database(folder)
    yield folder
    dispose()


@pytest.fixture
def server_admin(server_dir: DataDir) -> Actor:
    """The template's administrator, signed in on the server."""
    with unit_of_work() as session:
        outcome = users.login(session, "admin", ADMIN_PASSWORD)
    assert outcome.actor is not None
    return outcome.actor

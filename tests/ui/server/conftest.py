"""An office server that asks for passwords, and a real credential store in a temp file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import pg
from tests.server.conftest import server_admin, server_dir

__all__ = ["server_admin", "server_dir"]  # the server tests' data folder, for windows too

OFFICE_PASSWORD = "office-pw-1"


@pytest.fixture(scope="module")
def office() -> Iterator[pg.Cluster]:
    """A cluster whose TCP logins need a password (scram), with role and database dzb."""
    reason = pg.why_not()
    if reason:
        pytest.skip(reason)
    cluster = pg.Cluster().start(auth_host="scram-sha-256", listen="127.0.0.1")
    try:
        cluster.admin(f"CREATE ROLE dzb LOGIN PASSWORD '{OFFICE_PASSWORD}'")
        cluster.admin("CREATE DATABASE dzb OWNER dzb TEMPLATE template0")
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(autouse=True)
def _own_credential_store(credential_store: Path) -> Path:
    """Every test here: none reads or writes the user's own credential store."""
    return credential_store

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


@pytest.fixture
def credential_store(tmp_path: Path) -> Iterator[Path]:
    """keyrings.alt's file backend (tests only: no desktop keyring here), in a temp file."""
    import keyring
    from keyrings.alt.file import PlaintextKeyring

    before = keyring.get_keyring()
    store = PlaintextKeyring()
    store.file_path = str(tmp_path / "keyring_pass.cfg")  # type: ignore[misc]
    keyring.set_keyring(store)
    yield Path(store.file_path)
    keyring.set_keyring(before)


@pytest.fixture
def no_credential_store() -> Iterator[None]:
    """keyring's own fail backend: what a PC without any credential store has."""
    import keyring
    from keyring.backends import fail

    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)

"""Shared fixtures: a database migrated once per run, copied fresh for each test.

`--engine=postgresql` (or DZB_TEST_ENGINE=postgresql) runs the same fixtures on a throwaway
PostgreSQL cluster (tests/pg.py): the template is a database there, each test gets its own
copy (CREATE DATABASE … TEMPLATE). Without PostgreSQL those runs are skipped, with the reason.
"""

from __future__ import annotations

import gc
import logging
import os
import shutil
import signal
import warnings
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy.exc import SAWarning
from sqlalchemy.orm import Session

from app import clock
from app.config import DataDir
from app.db import open_database, unit_of_work
from app.db.session import dispose
from app.services import passwords, users
from app.services.context import Actor, Role
from app.services.modules import load_all
from tests import pg

ADMIN_PASSWORD = "admin-pass-1"

# Every test runs at this moment unless it moves the clock itself: a Monday morning, late in
# a year the holiday calendar knows. Nothing in the suite may depend on the machine's date.
PINNED_NOW = datetime(2026, 11, 30, 10, 0)


@pytest.fixture(scope="session", autouse=True)
def pinned_clock_for_the_run() -> Iterator[None]:
    """Pin the program's clock for the run, in-process and in any command-line run it starts.

    Session-wide, so that fixtures made once per run (the template database) are stamped at the
    pinned moment too."""
    before = os.environ.get("DZB_NOW")
    os.environ["DZB_NOW"] = PINNED_NOW.isoformat()
    with clock.pinned(PINNED_NOW):
        yield
    if before is None:
        os.environ.pop("DZB_NOW", None)
    else:
        os.environ["DZB_NOW"] = before


@pytest.fixture(scope="session", autouse=True)
def quick_passwords() -> Iterator[None]:
    """scrypt at the program's real cost (N=2^17) takes a second or more a hash on these
    machines; the tests of the cost itself (tests/services/test_login_hardening.py) put it
    back."""
    with passwords.cost(2**10):
        yield


@pytest.fixture(autouse=True)
def pinned_clock(pinned_clock_for_the_run: None) -> Iterator[None]:
    """Each test starts at the pinned moment, whatever the test before it did with the clock."""
    with clock.pinned(PINNED_NOW):
        yield


@pytest.fixture(autouse=True)
def no_logged_warnings(request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture,
                       ) -> Iterator[None]:  # fmt: skip
    """A warning or error logged during a test fails it, as qutebrowser's tests do.

    A test that provokes one on purpose checks it and then calls ``caplog.clear()``, or is
    marked ``@pytest.mark.logs_expected``.
    """
    yield
    if request.node.get_closest_marker("logs_expected"):
        return
    loud = [r for r in caplog.get_records("call") if r.levelno >= logging.WARNING]
    if loud:
        lines = "\n".join(f"{r.levelname} {r.name}: {r.getMessage()}" for r in loud[:10])
        pytest.fail(f"logged during the test (check it, then caplog.clear()):\n{lines}")


Uow = Callable[..., AbstractContextManager[Session]]
ENGINE_ENV = "DZB_TEST_ENGINE"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--engine", choices=("sqlite", "postgresql"), default=None,
                     help="the database the data_dir fixtures open (default sqlite)")  # fmt: skip


def engine_of(config: pytest.Config) -> str:
    """sqlite, or postgresql when asked for on the command line or in the environment."""
    return str(config.getoption("--engine") or os.environ.get(ENGINE_ENV) or "sqlite")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On the server, the tests of the SQLite file itself are skipped, saying so."""
    if engine_of(config) != "postgresql":
        return
    skip = pytest.mark.skip(
        reason="测的是 SQLite 数据文件本身（备份、恢复、FTS5、文件锁、附件文件），服务器上不适用"
    )
    for item in items:
        if item.get_closest_marker("sqlite_only"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[pg.Cluster]:
    """One throwaway PostgreSQL cluster for the run; skipped (with the reason) without one."""
    reason = pg.why_not()
    if reason:
        pytest.skip(reason)
    # A run stopped by SIGTERM (a CI timeout) still stops its cluster: as Ctrl-C, teardown runs.
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _interrupt)
    cluster = pg.Cluster().start()
    yield cluster
    dispose()
    cluster.stop()


def _interrupt(*_args: object) -> None:
    raise KeyboardInterrupt


_PG_TEMPLATE = "dzb_template"
_pg_serial = iter(range(1, 10**9))


def _first_run(data_dir: DataDir) -> None:
    load_all()
    open_database(data_dir)
    with unit_of_work() as session:
        users.first_run_setup(session, users.SetupForm(
            org_name="某某镇人民政府", fonds_code="Z109", issuer_codes=["镇委", "镇政", "镇政办"],
            admin_username="admin", admin_display_name="管理员", admin_password=ADMIN_PASSWORD,
        ))  # fmt: skip
    dispose()


@pytest.fixture(scope="session")
def pg_template(pg_cluster: pg.Cluster, tmp_path_factory: pytest.TempPathFactory,
                quick_passwords: None) -> str:  # fmt: skip
    """The template database at head with first-run setup done, on the cluster, once."""
    pg_cluster.admin(f"CREATE DATABASE {_PG_TEMPLATE}")
    url = pg_cluster.url(_PG_TEMPLATE)
    _first_run(DataDir(tmp_path_factory.mktemp("pg-template"), url))
    return _PG_TEMPLATE


@pytest.fixture
def pg_database(pg_cluster: pg.Cluster, pg_template: str) -> Iterator[str]:
    """A fresh copy of the template database for one test: its URL."""
    name = f"dzb_t{next(_pg_serial)}"
    pg_cluster.admin(f"CREATE DATABASE {name} TEMPLATE {pg_template}")
    yield pg_cluster.url(name)
    dispose()
    leaks = _collect_leaks()
    pg_cluster.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    if leaks:
        pytest.fail("this test left a database connection open (close it):\n" + "\n".join(leaks))


def _collect_leaks() -> list[str]:
    """What the test left unclosed, collected now, while its database still exists: a
    connection never returned to its pool (SQLAlchemy and psycopg warn of it when collected)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        gc.collect()
    loud = (ResourceWarning, SAWarning)
    return [str(w.message)[:300] for w in caught if issubclass(w.category, loud)]


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory, quick_passwords: None) -> Path:
    """One database at head with first-run setup done, made once per test run."""
    data_dir = DataDir(tmp_path_factory.mktemp("template"))
    _first_run(data_dir)
    return data_dir.database


@pytest.fixture
def data_dir(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[DataDir]:
    """A fresh data folder holding a copy of the template database, opened and bound; with
    --engine=postgresql the folder keeps logs only and the copy is a server database."""
    if engine_of(request.config) == "postgresql":
        url = request.getfixturevalue("pg_database")
        folder = DataDir(tmp_path / "data", url).ensure()
        # command-line runs the test starts (python -m app.cli --data-dir …) find it too
        request.getfixturevalue("monkeypatch").setenv("DZB_DATABASE_URL", url)
    else:
        template = request.getfixturevalue("migrated_template")
        folder = DataDir(tmp_path / "data").ensure()
        shutil.copyfile(template, folder.database)
    open_database(folder)
    yield folder
    dispose()


@pytest.fixture
def admin(data_dir: DataDir) -> Actor:
    with unit_of_work() as session:
        outcome = users.login(session, "admin", ADMIN_PASSWORD)
    assert outcome.actor is not None
    return outcome.actor


@pytest.fixture
def make_user(admin: Actor) -> Callable[[Role], Actor]:
    """Create a user of the given role and return its actor."""

    def make(role: Role, username: str | None = None) -> Actor:
        name = username or f"u-{role.value}"
        with unit_of_work(admin) as session:
            user_id = users.add_user(session, name, name, role, "password-123")
        return Actor(user_id, name, name, role)

    return make


@pytest.fixture
def uow(admin: Actor) -> Uow:
    """unit_of_work acting as the administrator unless another actor is given."""

    def open_uow(actor: Actor | None = None) -> AbstractContextManager[Session]:
        return unit_of_work(actor or admin)

    return open_uow


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

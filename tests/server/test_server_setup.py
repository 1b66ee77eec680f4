"""server-setup's configuration steps, run against a throwaway cluster as on a fresh Debian
server (apt aside): the other PCs can then log in from the subnet and the program opens it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from app.config import DataDir
from app.db.probe import probe
from app.serversetup import sql
from app.serversetup.options import make_options
from app.serversetup.steps import Superuser, configure, run_steps
from app.services.session import dispose, open_database, unit_of_work
from tests import pg

PASSWORD = "office-pw-'quoted'"


@pytest.fixture
def bare() -> Iterator[pg.Cluster]:
    """A fresh cluster that lets nobody in over TCP and listens where postgresql.conf says."""
    reason = pg.why_not()
    if reason:
        pytest.skip(reason)
    cluster = pg.Cluster().start(auth_host="reject", listen=None)
    yield cluster
    cluster.stop()


def superuser(cluster: pg.Cluster) -> Superuser:
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    psql = pg.find_bin("psql")
    assert psql
    # LD_PRELOAD emptied: under `faketime` as root, psql as postgres cannot open root's
    # libfaketime semaphore (tests/pg.py keeps the cluster itself off it the same way).
    return Superuser([*prefix, psql, "-h", str(cluster.root), "-p", str(cluster.port),
                      "-U", cluster.user], env={"LD_PRELOAD": ""})  # fmt: skip


def restart(cluster: pg.Cluster) -> None:
    pg_ctl = pg.find_bin("pg_ctl")
    assert pg_ctl
    cluster._run(pg_ctl, "-D", str(cluster.data), "-l", str(cluster.log), "-w", "restart")


def test_the_configuration_makes_a_server_the_other_pcs_can_use(bare, tmp_path):
    office = make_options("127.0.0.1/32", PASSWORD, listen="127.0.0.1", port=bare.port)
    su = superuser(bare)
    restarts: list[int] = []

    def restart_counted() -> None:
        restarts.append(1)
        restart(bare)

    said: list[str] = []
    for _ in range(2):  # a second run changes nothing more
        run_steps(configure(office, su, restart_counted, sql.DEBIAN_LOCALE), False, said.append)
    assert restarts == [1]  # listen_addresses needs a restart, once
    assert len(said) == 10 and said[0].startswith("1. 创建或更新登录角色 dzb")
    assert su.show("listen_addresses") == "127.0.0.1"
    assert su.show("lc_messages") == "C"
    hba = Path(su.show("hba_file")).read_text(encoding="utf-8").splitlines()
    assert hba[1] == sql.hba_line(office) and hba.count(sql.hba_line(office)) == 1
    assert su.run("SELECT rolcreatedb FROM pg_roles WHERE rolname = 'dzb'").strip() == "t"
    database = su.run("SELECT pg_encoding_to_char(encoding), datcollate, datctype, "
                      "pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'dzb'")  # fmt: skip
    assert database.strip() == "UTF8|C.UTF-8|C.UTF-8|dzb"
    url = f"postgresql+psycopg://dzb:{PASSWORD}@127.0.0.1:{bare.port}/dzb".replace("'", "%27")
    assert probe(url).empty  # over TCP, from the subnet, with the password
    assert "用户名或密码不对" in probe(url.replace("office-pw", "wrong")).message
    _the_program_opens_it_and_splits_chinese(url, tmp_path)


def _the_program_opens_it_and_splits_chinese(url: str, tmp_path: Path) -> None:
    from app.services.modules import load_all

    load_all()
    open_database(DataDir(tmp_path / "pc", url))
    try:
        with unit_of_work() as session:
            tokens = session.execute(text("SELECT dzb_bigrams('防汛值班')")).scalar()
    finally:
        dispose()
    assert tokens is not None and "防汛" in tokens and "值班" in tokens

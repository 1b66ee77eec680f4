"""A throwaway PostgreSQL cluster for the server tests, as pytest-postgresql makes one.

`initdb --auth=trust --locale=C.UTF-8 -E UTF8` into a temp folder, `pg_ctl start` on a free
port with the socket in that folder, stopped and deleted at the end. initdb refuses root, so
as root the cluster runs as the `postgres` system user (Debian's package makes it).
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from app.db.pg_tools import find_bin  # the program's own search: PATH, then beside the server


def why_not() -> str | None:
    """The reason the server tests cannot run here, or None when they can."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg 未安装（requirements.txt），跳过 PostgreSQL 测试"
    for name in ("initdb", "pg_ctl"):
        if find_bin(name) is None:
            return f"找不到 {name}（apt-get install postgresql），跳过 PostgreSQL 测试"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "以 root 运行而没有 postgres 系统用户，initdb 无法运行，跳过 PostgreSQL 测试"
    return None


def _real_time_env() -> dict[str, str]:
    """This environment without libfaketime. Under `faketime` as root the cluster's user
    cannot open root's libfaketime semaphore and initdb dies; the server needs no fake date
    anyway, since the program reads its own clock and never the server's."""
    faked = ("LD_PRELOAD", "DYLD_INSERT_LIBRARIES", "DYLD_FORCE_FLAT_NAMESPACE")
    return {k: v for k, v in os.environ.items() if k not in faked and not k.startswith("FAKETIME")}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Cluster:
    """One running cluster: `url(db)` names a database in it; `stop()` deletes it all."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="dzb-pg-"))
        self.port = _free_port()
        self.user = "postgres" if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name
        if os.geteuid() == 0:
            entry = pwd.getpwnam("postgres")
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
        self.data = self.root / "data"
        self.log = self.root / "server.log"

    def _run(self, *cmd: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        done = subprocess.run([*prefix, *cmd], capture_output=True, text=True, timeout=120,
                              env=_real_time_env())  # fmt: skip
        if done.returncode:
            raise RuntimeError(f"{cmd[0]} failed: {done.stdout}\n{done.stderr}")

    def start(self, *, auth_host: str = "trust", listen: str | None = "''") -> Cluster:
        """auth_host: how TCP logins are checked (scram-sha-256 as an office server does,
        reject to leave it to server-setup's line); the socket stays trusted for the tests'
        own set-up. listen: listen_addresses, or None to leave it to postgresql.conf."""
        initdb, pg_ctl = find_bin("initdb"), find_bin("pg_ctl")
        assert initdb and pg_ctl
        self._run(initdb, "-D", str(self.data), "--auth-local=trust", f"--auth-host={auth_host}",
                  "--locale=C.UTF-8", "-E", "UTF8", "-U", self.user, "--no-sync")  # fmt: skip
        # fsync off: a test cluster dies with its folder; nothing to keep across a crash.
        options = f"-p {self.port} -k {self.root} -c fsync=off"
        if listen is not None:
            options += f" -c listen_addresses={listen}"
        self._run(pg_ctl, "-D", str(self.data), "-l", str(self.log), "-o", options, "-w",
                  "start")  # fmt: skip
        return self

    def stop(self) -> None:
        pg_ctl = find_bin("pg_ctl")
        try:
            if pg_ctl and (self.data / "postmaster.pid").exists():
                self._run(pg_ctl, "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        """A SQLAlchemy URL over the cluster's socket."""
        return f"postgresql+psycopg://{self.user}@/{database}?host={self.root}&port={self.port}"

    def admin(self, sql: str) -> None:
        """One statement outside a transaction (CREATE/DROP DATABASE)."""
        import psycopg

        with psycopg.connect(host=str(self.root), port=self.port, user=self.user,
                             dbname="postgres", autocommit=True) as conn:  # fmt: skip
            conn.execute(sql)  # type: ignore[arg-type]


def soon(happened: Callable[[], bool], seconds: float = 10) -> bool:
    """Whether happened() comes true within about `seconds`, looked at in counted sleeps: an
    Event.wait(timeout) never returns under libfaketime (the suite also runs there)."""
    for _ in range(int(seconds / 0.05)):
        if happened():
            return True
        time.sleep(0.05)
    return happened()

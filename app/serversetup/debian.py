"""server-setup on Debian: apt's postgresql when missing, then the shared configuration."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field

from app.serversetup import sql
from app.serversetup.options import Options
from app.serversetup.steps import Step, Superuser, command, configure
from app.services.errors import DomainError

AS_POSTGRES = ["runuser", "-u", "postgres", "--"]  # Debian's peer login: root cannot psql


@dataclass
class DebianCluster:
    """Debian's cluster (pg_lsclusters), found once PostgreSQL is there."""

    version: str = ""
    name: str = ""
    port: int = 0
    su: Superuser = field(default_factory=lambda: Superuser([]))

    def find(self) -> None:
        rows = command(["pg_lsclusters", "--no-header"]).split("\n")
        first = next((r.split() for r in rows if r.strip()), None)
        if first is None:
            raise DomainError("已安装 PostgreSQL，但没有数据库集群：请运行 pg_createcluster "
                              "--locale C.UTF-8 --start 15 main 后重试")  # fmt: skip
        self.version, self.name, self.port = first[0], first[1], int(first[2])
        if first[3] != "online":
            command(["pg_ctlcluster", self.version, self.name, "start"])
        self.su.psql[:] = [*AS_POSTGRES, "psql", "-p", str(self.port)]

    def restart(self) -> None:
        command(["pg_ctlcluster", self.version, self.name, "restart"])


def install() -> None:
    if shutil.which("pg_lsclusters") is None:
        command(
            ["apt-get", "install", "-y", "postgresql"], env={"DEBIAN_FRONTEND": "noninteractive"}
        )


def plan(o: Options) -> tuple[list[Step], DebianCluster]:
    cluster = DebianCluster()
    installed = shutil.which("pg_lsclusters") is not None
    apt = (
        "PostgreSQL 已安装，跳过 apt"
        if installed
        else "安装 PostgreSQL：apt-get install -y postgresql"
    )
    first = [
        Step(apt, install),
        Step("找到数据库集群（pg_lsclusters），未运行则启动", cluster.find),
    ]
    return first + configure(o, cluster.su, cluster.restart, sql.DEBIAN_LOCALE), cluster

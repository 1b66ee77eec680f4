"""server-setup on Debian: apt's postgresql when missing, the shared configuration, and a
nightly pg_dump -Fc in /etc/cron.d (run by cron as postgres, who logs in by peer: no password
stored)."""

from __future__ import annotations

import shlex
import shutil
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from app.serversetup import sql
from app.serversetup.options import Options
from app.serversetup.steps import Step, Superuser, command, configure
from app.services.errors import DomainError

AS_POSTGRES = ["runuser", "-u", "postgres", "--"]  # Debian's peer login: root cannot psql
CRON_FILE = Path("etc/cron.d/dzb-server-backup")  # cron.d skips names with a dot
BACKUP_DIR = Path("/var/backups/dzb")  # without --backup-dir
KEEP_DAYS = 30  # nightly dumps older than this are deleted by the job itself


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
    nightly = Step(f"每晚 {o.backup_time} 用 pg_dump -Fc 备份到 {backup_dir(o)}（/{CRON_FILE}，"
                   f"以 postgres 运行，保留 {KEEP_DAYS} 天；端口以找到的集群为准）：\n   "
                   f"{cron_line(o, o.port)}", lambda: schedule_backup(o, cluster.port))  # fmt: skip
    return [*first, *configure(o, cluster.su, cluster.restart, sql.DEBIAN_LOCALE), nightly], cluster


def backup_dir(o: Options) -> Path:
    return Path(o.backup_dir) if o.backup_dir is not None else BACKUP_DIR


def cron_line(o: Options, port: int) -> str:
    """One crontab line: the dump named by date (% escaped: cron reads it as a newline),
    then the dumps past KEEP_DAYS deleted."""
    hour, minute = (int(x) for x in o.backup_time.split(":"))
    folder = shlex.quote(str(backup_dir(o)))  # a folder name with a space stays one word
    dump = f"{folder}/服务器备份-$(date +\\%Y\\%m\\%d).dump"
    return (f"{minute} {hour} * * * postgres pg_dump -Fc -p {port} -f {dump} {o.database}"
            f" && find {folder} -name '服务器备份-*.dump' -mtime +{KEEP_DAYS} -delete")  # fmt: skip


def cron_file(o: Options, port: int) -> str:
    return ("# 党政办台账 server-setup：每晚备份办公室服务器的数据库（pg_dump -Fc）\n"
            "SHELL=/bin/sh\nPATH=/usr/bin:/bin\n" + cron_line(o, port) + "\n")  # fmt: skip


def schedule_backup(o: Options, port: int, root: Path = Path("/")) -> None:
    """Write the cron file (root's, 0644: cron ignores one others may write) and the dumps'
    folder (postgres's alone, 0700: a dump holds every register). root: tests write to a
    temp folder."""
    folder = root / backup_dir(o).relative_to("/")
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    with suppress(LookupError):  # no postgres user: only where apt has not run (tests)
        shutil.chown(folder, "postgres", "postgres")
    cron = root / CRON_FILE
    cron.parent.mkdir(parents=True, exist_ok=True)
    cron.write_text(cron_file(o, port), encoding="utf-8")
    cron.chmod(0o644)

"""The steps of server-setup, each said before it runs (--dry-run only says them)."""

from __future__ import annotations

import os
import socket
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app.serversetup import sql
from app.serversetup.options import Options
from app.services.errors import DomainError

HBA_MARK = "# 党政办台账 server-setup"


@dataclass(frozen=True)
class Step:
    says: str  # what --dry-run prints (never a password)
    run: Callable[[], object]


def command(cmd: Sequence[str], *, env: dict[str, str] | None = None, stdin: str | None = None,
            secret: str | None = None) -> str:  # fmt: skip
    """Run one program; its failure is a DomainError with its own first line of complaint."""
    done = subprocess.run(list(cmd), input=stdin, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=1800)  # fmt: skip
    if done.returncode:
        said = (done.stderr or done.stdout).strip().splitlines()
        why = said[-1] if said else f"退出码 {done.returncode}"
        if secret:
            why = why.replace(secret, "***")
        raise DomainError(f"{Path(cmd[0]).name} 失败：{why}")
    return done.stdout


def shown(cmd: Sequence[str], secret: str | None = None) -> str:
    """A command line as --dry-run prints it, the secret starred out."""
    parts = [("***" if secret and secret in part else part) for part in cmd]
    return " ".join(f'"{p}"' if " " in p else p for p in parts)


@dataclass
class Superuser:
    """psql as the server's superuser: a command prefix (runuser, -h, -p, -U) and its env."""

    psql: list[str]
    env: dict[str, str] = field(default_factory=dict)

    def run(self, script: str) -> str:
        return command([*self.psql, "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", "postgres"],
                       env=self.env, stdin=script)  # fmt: skip

    def show(self, setting: str) -> str:
        return self.run(f"SHOW {setting};").strip()


def configure(o: Options, su: Superuser, restart: Callable[[], None], locale: str) -> list[Step]:
    """The same on both systems: role, database, settings, one pg_hba line, reload/restart."""
    return [
        Step(f"创建或更新登录角色 {o.user}（密码另存，不显示）", lambda: su.run(sql.role_sql(o))),
        Step(
            f"创建数据库 {o.database}：UTF-8，{locale}，template0，属主 {o.user}",
            lambda: su.run(sql.database_sql(o, locale)),
        ),
        Step(
            f"设置 listen_addresses = '{o.listen}'、lc_messages = 'C'（ALTER SYSTEM）",
            lambda: su.run(sql.settings_sql(o)),
        ),
        Step(f"在 pg_hba.conf 最前加一行：{sql.hba_line(o)}", lambda: add_hba_line(o, su)),
        Step(
            "重新加载配置；listen_addresses 改了则重启服务器",
            lambda: reload_or_restart(o, su, restart),
        ),
    ]


def add_hba_line(o: Options, su: Superuser) -> None:
    """Our line first (the first matching line wins), once, however often this runs."""
    path = Path(su.show("hba_file"))
    line = sql.hba_line(o)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
        kept = [x for x in lines if x.strip() != line and x.strip() != HBA_MARK]
        path.write_text("\n".join([HBA_MARK, line, *kept]) + "\n", encoding="utf-8")
    except OSError as exc:
        raise DomainError(f"无法修改 {path}：{exc.strerror}（请以管理员/root 运行）") from exc


def reload_or_restart(o: Options, su: Superuser, restart: Callable[[], None]) -> None:
    su.run("SELECT pg_reload_conf();")
    if su.show("listen_addresses") != o.listen:  # only a restart changes it
        restart()


def this_pc_address(subnet: str) -> str:
    """This PC's address on the office network (the route toward it; nothing is sent)."""
    import ipaddress

    net = ipaddress.ip_network(subnet)
    probe = str(next(iter(net.hosts()), net.network_address))
    family = socket.AF_INET6 if net.version == 6 else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_DGRAM) as s:
            s.connect((probe, 9))
            found = str(s.getsockname()[0])
    except OSError:
        return UNKNOWN_ADDRESS
    return found if ipaddress.ip_address(found) in net else UNKNOWN_ADDRESS


UNKNOWN_ADDRESS = "本机在该网段的地址"


def url_for_others(o: Options, address: str) -> str:
    host = f"[{address}]" if ":" in address else address
    return f"postgresql+psycopg://{o.user}@{host}:{o.port}/{o.database}"


def run_steps(steps: list[Step], dry_run: bool, say: Callable[[str], None]) -> None:
    for n, step in enumerate(steps, 1):
        say(f"{n}. {step.says}")
        if not dry_run:
            step.run()

"""server-setup on Windows: the EDB installer unattended, the shared configuration, the
firewall, and a nightly pg_dump in the Task Scheduler. UNTESTED on Windows: written from
EDB's and Microsoft's documentation; the command lines are unit-tested on Linux."""

from __future__ import annotations

import os
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath

from app.serversetup import sql
from app.serversetup.options import Options
from app.serversetup.steps import Step, Superuser, command, configure
from app.services.errors import DomainError

PROGRAM_FILES = PureWindowsPath(os.environ.get("PROGRAMFILES", r"C:\Program Files"))
PROGRAM_DATA = PureWindowsPath(os.environ.get("PROGRAMDATA", r"C:\ProgramData"))
RULE = "党政办台账 PostgreSQL"
TASK = r"党政办台账\服务器夜间备份"
KEEP_DAYS = 30  # nightly dumps older than this are deleted by the task itself
TODAY = 'powershell -NoProfile -Command "Get-Date -Format yyyyMMdd"'


def installer_command(o: Options) -> list[str]:
    """EDB's installer, unattended: superuser password, port, no pgAdmin or Stack Builder."""
    assert o.installer is not None and o.superpassword is not None
    return [str(o.installer), "--mode", "unattended", "--unattendedmodeui", "none",
            "--superpassword", o.superpassword, "--serverport", str(o.port),
            "--disable-components", "pgAdmin,stackbuilder"]  # fmt: skip


@dataclass
class WindowsServer:
    """The newest PostgreSQL under Program Files, its psql and its service."""

    root: PureWindowsPath = PROGRAM_FILES / "PostgreSQL"
    version: str = ""

    def find(self) -> None:
        root = Path(self.root)
        names = [p.name for p in root.iterdir() if p.name[:2].isdigit()] if root.is_dir() else []
        found = sorted(names, key=float, reverse=True)
        if not found:
            raise DomainError(
                f"在 {self.root} 找不到 PostgreSQL：请用 --installer 给出 EDB 安装程序"
            )
        self.version = found[0]

    @property
    def bin(self) -> PureWindowsPath:
        return self.root / self.version / "bin"

    @property
    def service(self) -> str:
        return f"postgresql-x64-{self.version}"  # the EDB installer's service name

    def restart(self) -> None:
        for cmd in restart_commands(self.service):
            command(cmd)


def superuser(o: Options, server: WindowsServer) -> Superuser:
    """psql.exe over localhost as postgres; the password through PGPASSWORD, not argv."""
    psql = [str(server.bin / "psql.exe"), "-h", "localhost", "-p", str(o.port), "-U", "postgres"]
    return Superuser(psql, {"PGPASSWORD": o.superpassword or ""})


def restart_commands(service: str) -> list[list[str]]:
    return [["net", "stop", service], ["net", "start", service]]


def firewall_commands(o: Options) -> list[list[str]]:
    """One inbound rule: the port, from the office subnet only (made afresh on each run)."""
    name = f"name={RULE}"
    return [
        ["netsh", "advfirewall", "firewall", "delete", "rule", name],
        ["netsh", "advfirewall", "firewall", "add", "rule", name, "dir=in", "action=allow",
         "protocol=TCP", f"localport={o.port}", f"remoteip={o.subnet}"],
    ]  # fmt: skip


def pgpass_path() -> PureWindowsPath:
    return PROGRAM_DATA / "dangzhengban-taizhang" / "pgpass.conf"


def pgpass_line(o: Options) -> str:
    """The nightly task's login (the server's own file, readable by SYSTEM and Administrators)."""
    escaped = o.password.replace("\\", "\\\\").replace(":", "\\:")
    return f"localhost:{o.port}:{o.database}:{o.user}:{escaped}"


def lock_down(path: PureWindowsPath) -> list[str]:
    return ["icacls", str(path), "/inheritance:r", "/grant:r", "SYSTEM:F", "Administrators:F"]


def backup_script(o: Options, server: WindowsServer) -> str:
    """dzb-夜间备份.cmd: pg_dump -Fc to 备份-YYYYMMDD.dump, dumps past KEEP_DAYS deleted."""
    assert o.backup_dir is not None
    pg_dump = server.bin / "pg_dump.exe"
    target = PureWindowsPath(o.backup_dir) / "服务器备份-%D%.dump"
    return "\r\n".join([
        "@echo off",
        "chcp 65001 >nul",
        f'set "PGPASSFILE={pgpass_path()}"',
        f"for /f %%i in ('{TODAY}') do set D=%%i",
        f'"{pg_dump}" -Fc -h localhost -p {o.port} -U {o.user} -f "{target}" {o.database}',
        f'forfiles /p "{o.backup_dir}" /m 服务器备份-*.dump /d -{KEEP_DAYS} /c "cmd /c del @path"',
        "",
    ])  # fmt: skip


def schtasks_command(o: Options, script: PureWindowsPath) -> list[str]:
    """Every night at backup_time, as SYSTEM (runs with nobody signed in)."""
    return ["schtasks", "/Create", "/TN", TASK, "/SC", "DAILY", "/ST", o.backup_time,
            "/RU", "SYSTEM", "/RL", "HIGHEST", "/TR", f'"{script}"', "/F"]  # fmt: skip


def plan(o: Options) -> tuple[list[Step], WindowsServer]:
    if o.superpassword is None:
        raise DomainError(
            "Windows 上需要 --superpassword-file：PostgreSQL 超级用户 postgres 的密码"
        )
    server = WindowsServer()
    steps: list[Step] = []
    if o.installer is not None:
        steps.append(Step(f"运行 EDB 安装程序（无人值守）：{shown_installer(o)}",
                          lambda: _install(o)))  # fmt: skip
    steps.append(Step(f"找到 {server.root} 下最新版本的 PostgreSQL", server.find))
    su = Superuser([])
    steps.append(Step("以 postgres 超级用户连接（psql.exe -h localhost）",
                      lambda: _bind(su, superuser(o, server))))  # fmt: skip
    steps += configure(o, su, server.restart, sql.WINDOWS_LOCALE)
    steps.append(Step(f"Windows 防火墙：只允许 {o.subnet} 访问 TCP {o.port}",
                      lambda: _firewall(o)))  # fmt: skip
    if o.backup_dir is not None:
        steps.append(Step(f"每晚 {o.backup_time} 用 pg_dump 备份到 {o.backup_dir}（任务计划程序，"
                          f"保留 {KEEP_DAYS} 天）", lambda: _schedule(o, server)))  # fmt: skip
    return steps, server


def shown_installer(o: Options) -> str:
    from app.serversetup.steps import shown

    return shown(installer_command(o), o.superpassword)


def _install(o: Options) -> None:
    command(installer_command(o), secret=o.superpassword)


def _bind(su: Superuser, found: Superuser) -> None:
    su.psql[:], su.env = found.psql, found.env


def _firewall(o: Options) -> None:
    delete, add = firewall_commands(o)
    with suppress(DomainError):  # no such rule yet
        command(delete)
    command(add)


def _schedule(o: Options, server: WindowsServer) -> None:
    assert o.backup_dir is not None
    pgpass = Path(pgpass_path())
    pgpass.parent.mkdir(parents=True, exist_ok=True)
    pgpass.write_text(pgpass_line(o) + "\n", encoding="utf-8")
    command(lock_down(pgpass_path()))
    Path(o.backup_dir).mkdir(parents=True, exist_ok=True)
    script = PureWindowsPath(o.backup_dir) / "dzb-夜间备份.cmd"
    Path(script).write_text(backup_script(o, server), encoding="utf-8")
    command(schtasks_command(o, script))

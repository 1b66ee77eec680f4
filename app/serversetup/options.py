"""What server-setup is asked for, checked before anything runs."""

from __future__ import annotations

import ipaddress
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from app.services.errors import DomainError

_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")  # a PostgreSQL name that needs no quoting
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


@dataclass(frozen=True)
class Options:
    subnet: str  # the office's network, e.g. 192.168.1.0/24: the only one pg_hba lets in
    password: str  # the program's login role's (never printed by --dry-run)
    generated: bool = False  # the password was made here: print it once at the end
    database: str = "dzb"
    user: str = "dzb"
    port: int = 5432
    listen: str = "*"  # pg_hba decides who gets in; the server answers on every address
    installer: Path | None = None  # Windows: the EDB installer to run unattended
    superpassword: str | None = None  # Windows: the postgres superuser's
    backup_dir: Path | None = None  # Windows: where the nightly pg_dump goes
    backup_time: str = "02:00"


def check_subnet(text: str) -> str:
    """The office's subnet, normalised; the whole Internet is refused."""
    try:
        net = ipaddress.ip_network(text.strip(), strict=False)
    except ValueError as exc:
        raise DomainError(f"网段格式不对：{text}（应如 192.168.1.0/24）") from exc
    if net.prefixlen < 8:
        raise DomainError(f"网段 {net} 太大：只允许本办公室的网段（如 192.168.1.0/24）")
    return str(net)


def check_name(text: str, what: str) -> str:
    if not _NAME.match(text):
        raise DomainError(f"{what}“{text}”只能用小写字母、数字和下划线，且不以数字开头")
    return text


def make_options(subnet: str, password: str | None, **given: object) -> Options:
    """Options with every field checked (DomainError names the wrong one)."""
    database = check_name(str(given.pop("database", "dzb")), "数据库名")
    user = check_name(str(given.pop("user", "dzb")), "用户名")
    backup_time = str(given.pop("backup_time", "02:00"))
    if not _TIME.match(backup_time):
        raise DomainError(f"备份时间“{backup_time}”应为 HH:MM，如 02:00")
    port = int(str(given.pop("port", 5432)))
    if not 0 < port < 65536:
        raise DomainError(f"端口 {port} 不对：应在 1～65535 之间")
    if password is not None and not password:
        raise DomainError("密码文件是空的")
    made = password or secrets.token_urlsafe(12)
    return Options(check_subnet(subnet), made, password is None, database, user, port,
                   backup_time=backup_time, **given)  # type: ignore[arg-type]  # fmt: skip

"""连接办公室服务器: the form's address tested, and this user's choice of database saved."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from app.config import save_database_url, saved_database_url
from app.credentials import CredentialStoreError, store_password, with_password
from app.db.probe import Probe, probe
from app.services.errors import ValidationError

__all__ = [
    "Probe",
    "ServerForm",
    "choose_local",
    "choose_server",
    "chosen_server",
    "connect_url",
    "test",
]
DRIVER = "postgresql+psycopg"
DEFAULT_PORT = "5432"


@dataclass(frozen=True)
class ServerForm:
    """What the clerk types: the server's address (or a socket folder), port, database, login."""

    host: str
    port: str = DEFAULT_PORT
    database: str = "dzb"
    user: str = "dzb"
    password: str = ""


def server_url(form: ServerForm) -> str:
    """The SQLAlchemy URL of the form; a ValidationError names the field that is wrong."""
    host, database, user = form.host.strip(), form.database.strip(), form.user.strip()
    if not host:
        raise ValidationError("请填写服务器地址（如 192.168.1.10）", "host")
    port = form.port.strip() or DEFAULT_PORT
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise ValidationError("端口应为 1～65535 之间的数字（PostgreSQL 默认 5432）", "port")
    if not database or not user:
        raise ValidationError("请填写数据库名和用户名", "database" if not database else "user")
    password = form.password or None
    if host.startswith("/"):  # a socket folder (the server on this PC): libpq takes it as host
        query = {"host": host, "port": port}
        return _render(URL.create(DRIVER, user, password, None, None, database, query))
    return _render(URL.create(DRIVER, user, password, host, int(port), database))


def _render(url: URL) -> str:
    return url.render_as_string(hide_password=False)


def connect_url(form: ServerForm) -> str:
    """The form's URL; with no password typed, the one kept in the credential store."""
    url = server_url(form)
    return url if form.password else with_password(url)


def test(form: ServerForm) -> Probe:
    """测试连接: whether this PC can use the server's database, and why not in Chinese."""
    return probe(connect_url(form))


def choose_server(root: Path, form: ServerForm) -> str:
    """From the next start on, this user works on the server. A typed password goes to the
    system's credential store, never into the settings file; nothing is saved if it cannot."""
    url = connect_url(form)
    if form.password:
        try:
            store_password(url)
        except CredentialStoreError as exc:
            raise ValidationError(exc.message, "password") from exc
    save_database_url(root, url)
    return url


def choose_local(root: Path) -> None:
    """From the next start on, this user works on the data folder's own file again."""
    save_database_url(root, None)


def chosen_server(root: Path) -> ServerForm | None:
    """The server saved for this user, to fill the form again; None: the local file."""
    url = saved_database_url(root)
    if url is None:
        return None
    parsed = make_url(url)
    host = parsed.host or str(parsed.query.get("host") or "")
    port = parsed.port or parsed.query.get("port") or DEFAULT_PORT
    return ServerForm(host, str(port), parsed.database or "", parsed.username or "")

"""The office server's password in the system's credential store (keyring), never in a file."""

from __future__ import annotations

import logging

from sqlalchemy.engine import URL, make_url

from app import APP_ID

log = logging.getLogger(__name__)
SERVICE = APP_ID  # the entry's name in Windows 凭据管理器 / the Secret Service


class CredentialStoreError(Exception):
    """The system's credential store is missing or refused; the message is for the clerk."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


NO_STORE = (
    "本机没有可用的系统凭据存储（Windows 凭据管理器或桌面的密钥环），服务器密码无法安全保存，"
    "本设置未保存。"
)


def account(url: str | URL) -> str:
    """The entry's account: user@host:port/database (one password per server login)."""
    u = make_url(url)
    host = u.host or u.query.get("host") or ""
    port = u.port or u.query.get("port") or 5432
    return f"{u.username}@{host}:{port}/{u.database}"


def store_password(url: str) -> None:
    """Keep the URL's password in the credential store (CredentialStoreError: no store)."""
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(SERVICE, account(url), str(make_url(url).password or ""))
    except KeyringError as exc:
        raise CredentialStoreError(NO_STORE) from exc


def stored_password(url: str) -> str | None:
    """The password kept for this server login, or None (none kept, or no store here)."""
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(SERVICE, account(url))
    except KeyringError:  # the connection then fails with 用户名或密码不对, which is true
        log.warning("系统凭据存储不可用，未取到服务器密码")
        return None


def with_password(url: str) -> str:
    """The URL with the stored password filled in, when it carries none of its own."""
    u = make_url(url)
    if u.password:
        return url
    password = stored_password(url)
    if not password:
        return url
    return u.set(password=password).render_as_string(hide_password=False)

"""Password hashing with scrypt (memory-hard, in the standard library)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

# OWASP's minimum for scrypt: 128 MiB and about a third of a second per hash.
_N, _R, _P = 2**17, 8, 1
_MAXMEM = 256 * 1024 * 1024  # hashlib's default ceiling (32 MiB) is below 128 * r * N


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = _scrypt(password, salt, _N, _R, _P, 32)
    return f"scrypt${_N}${_R}${_P}${_b64(salt)}${_b64(digest)}"


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    return hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, dklen=length, maxmem=_MAXMEM)


def needs_rehash(stored: str) -> bool:
    """A hash made with a lower cost than today's: replaced at the next good login."""
    parts = stored.split("$")
    return len(parts) != 6 or parts[0] != "scrypt" or parts[1:4] != [str(_N), str(_R), str(_P)]


_DUMMY: list[str] = []


@contextmanager
def cost(n: int) -> Iterator[None]:
    """Hash at another N meanwhile (the test suite: a real-cost hash takes a second there)."""
    global _N
    saved, _N = _N, n
    _DUMMY.clear()
    try:
        yield
    finally:
        _N = saved
        _DUMMY.clear()


def dummy_hash() -> str:
    """The made-up hash an unknown name is checked against (made once per cost)."""
    if not _DUMMY:
        _DUMMY.append(hash_password("no such user"))
    return _DUMMY[0]


def burn_time(password: str) -> None:
    """What a check costs, spent on a made-up hash: an unknown name or a locked account
    answers no sooner than a wrong password would."""
    verify_password(password, dummy_hash())


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    expected = base64.b64decode(digest)
    got = _scrypt(password, base64.b64decode(salt), int(n), int(r), int(p), len(expected))
    return hmac.compare_digest(got, expected)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


class EarlyCheck:
    """A password check started when 登录 is pressed, while the database is still loading.

    ``read_hash`` gives the stored hash for the name (None: no such name, or it cannot be
    read: the made-up hash is checked instead, so the time spent is the same). scrypt
    releases the GIL, so the check runs beside the loading. The login takes its answer at
    most once, and only for the same name, password and stored hash (``take``).
    """

    def __init__(self, username: str, password: str, read_hash: Callable[[], str | None]):
        self.username, self._password = username.strip(), password
        self._read_hash = read_hash
        self._stored, self._ok = "", False
        self.used = False  # its answer was given to a login
        self._ended = threading.Event()
        self._taken = threading.Lock()
        threading.Thread(target=self._run, name="early-password-check", daemon=True).start()

    def _run(self) -> None:
        try:
            self._stored = self._read_hash() or dummy_hash()
            self._ok = verify_password(self._password, self._stored)
        finally:  # a failed check is simply not used: the login checks again
            self._ended.set()

    def take(self, username: str, password: str, stored: str) -> bool | None:
        """The check's answer (waiting for it), or None: already taken, or started for
        another name, password or hash (the password changed meanwhile): check again."""
        if not self._taken.acquire(blocking=False):
            return None  # never released: one use only
        self._ended.wait()
        same = (username.strip(), password, stored) == (self.username, self._password, self._stored)
        self._password, self.used = "", same
        return self._ok if same else None

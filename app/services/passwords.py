"""Password hashing with scrypt (memory-hard, in the standard library)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Iterator
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
    return matches(derive(password, stored), stored)


def derive(password: str, stored: str) -> bytes | None:
    """The digest of a password at a stored hash's cost and salt (None: not a hash of ours).

    Slow on purpose (scrypt). It releases the GIL, so the login dialog works it out on a
    thread of its own while the clerk types (app/services/digests_ahead.py)."""
    parts = _parts(stored)
    if parts is None:
        return None
    n, r, p, salt, expected = parts
    return _scrypt(password, salt, n, r, p, len(expected))


def matches(digest: bytes | None, stored: str) -> bool:
    """Whether a derived digest is the stored one (compared in constant time)."""
    parts = _parts(stored)
    if digest is None or parts is None:
        return False
    return hmac.compare_digest(digest, parts[4])


def _parts(stored: str) -> tuple[int, int, int, bytes, bytes] | None:
    """N, r, p, salt and digest of a stored scrypt hash (None: another scheme, or garbled)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return None
        return int(n), int(r), int(p), base64.b64decode(salt), base64.b64decode(digest)
    except ValueError:  # binascii.Error is a ValueError too
        return None


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")

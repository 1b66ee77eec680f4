"""Password digests worked out before the login needs them: while the clerk types, and from 登录.

The login dialog shows while the database is still loading (app/ui/app.py). The deliberate
scrypt (app/services/passwords.py, about half a second) need not wait for 登录: once the
password field has paused, the dialog asks for the digest of what is typed, at the salt of the
stored hash read with sqlite3 alone (app/services/first_glance.py). scrypt releases the GIL,
so it runs beside the loading and the clerk's typing::

    ahead = DigestsAhead(lambda name: first_glance.password_hash(data_dir, name))
    ahead.typed("admin", "pass")        # a pause in typing: one at a time, the newest wins
    ahead.submitted("admin", "pass1")   # 登录: worked out at once unless already under way
    users.login(session, "admin", "pass1", ahead)   # takes the digest, or hashes as before

Only a digest is kept, never the password: each is found again by a keyed fingerprint of
(name, password), with a key made for this dialog alone. The login service stays the judge:
it compares a digest taken for exactly its name, password and stored hash, in constant time,
and counts and audits each 登录 as before (a digest worked out while typing counts nothing).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from collections.abc import Callable

from app.services import passwords


class _Job:
    """One digest being worked out; ``ended`` is set once it is (or once it failed)."""

    def __init__(self, password: str) -> None:
        self.password = password  # dropped as soon as the digest is worked out
        self.stored = ""
        self.digest: bytes | None = None
        self.ended = threading.Event()


class DigestsAhead:
    """Digests for (name, password) pairs of one login dialog, worked out on threads.

    ``read_hash(name)`` gives the stored hash (None: no such name, or it cannot be read: the
    made-up hash is used instead, so an unknown name costs the same). ``derived`` counts the
    digests worked out and ``used`` those a login took (tests and the bench).
    """

    def __init__(self, read_hash: Callable[[str], str | None]) -> None:
        self._read_hash = read_hash
        self._key = secrets.token_bytes(32)
        self._lock = threading.Lock()
        self._jobs: dict[bytes, _Job] = {}
        self._typing = False  # a typed text's digest is under way
        self._next: tuple[bytes, str, str] | None = None  # the newest typed text, waiting
        self.derived = self.used = 0

    def _fingerprint(self, name: str, password: str) -> bytes:
        return hmac.new(self._key, f"{name.strip()}\0{password}".encode(), hashlib.sha256).digest()

    def typed(self, name: str, password: str) -> None:
        """The clerk paused: work this text's digest out, after the one under way (if any);
        a text typed meanwhile replaces this one before it starts."""
        key = self._fingerprint(name, password)
        with self._lock:
            if key in self._jobs:
                return
            if self._typing:
                self._next = (key, name, password)
                return
            self._typing = True
            self._start(key, name, password, typing=True)

    def submitted(self, name: str, password: str) -> None:
        """登录 was pressed: the digest of this text, at once unless it is ready or under way."""
        key = self._fingerprint(name, password)
        with self._lock:
            if key in self._jobs:
                return
            if self._next is not None and self._next[0] == key:
                self._next = None
            self._start(key, name, password, typing=False)

    def take(self, name: str, password: str, stored: str) -> bytes | None:
        """The digest for exactly this name, password and stored hash, waiting while it is
        worked out; None when there is none (another text, or the hash changed meanwhile).
        Each is given once."""
        with self._lock:
            job = self._jobs.pop(self._fingerprint(name, password), None)
        if job is None:
            return None
        job.ended.wait()
        if job.digest is None or not hmac.compare_digest(job.stored, stored):
            return None
        with self._lock:
            self.used += 1
        return job.digest

    def _start(self, key: bytes, name: str, password: str, typing: bool) -> None:
        job = self._jobs[key] = _Job(password)
        threading.Thread(target=self._run, args=(job, name, typing), name="password-digest",
                         daemon=True).start()  # fmt: skip

    def _run(self, job: _Job, name: str, typing: bool) -> None:
        try:
            job.stored = self._read_hash(name) or passwords.dummy_hash()
            job.digest = passwords.derive(job.password, job.stored)
            with self._lock:
                self.derived += 1
        finally:  # a failed digest is simply not used: the login hashes again
            job.password = ""
            job.ended.set()
            if typing:
                self._typing_ended()

    def _typing_ended(self) -> None:
        with self._lock:
            self._typing = False
            waiting, self._next = self._next, None
            if waiting is not None and waiting[0] not in self._jobs:
                self._typing = True
                self._start(*waiting, typing=True)

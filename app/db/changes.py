"""Other PCs' changes: a NOTIFY per changed register on commit and a LISTEN on a background
connection (the office server), or PRAGMA data_version on a connection of its own (SQLite)."""

from __future__ import annotations

import logging
import select
import socket
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from contextlib import closing, suppress
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from app.db import engine as engines

log = logging.getLogger(__name__)
CHANNEL = "dzb_changes"
# This process's mark on its notifications: it hears its own, and has announced them already.
ME = uuid.uuid4().hex[:12]
# A change that does not say which registers (a command-line import, demo, 归档): all of them.
EVERYTHING = "*"
RETRY_S = 5.0  # the server restarted or the network dropped: listen again after this long
STOP_LOOKS, STOP_LOOK_S = 40, 0.05  # stop() gives the thread two seconds to let go


def notify(session: Session, registers: Iterable[str]) -> None:
    """Tell the other PCs which registers this unit of work changed; sent only if it commits
    (NOTIFY is transactional). Nothing to do on SQLite: no other PC shares the file."""
    names = sorted(set(registers))
    if names and session.get_bind().dialect.name == "postgresql":
        payload = f"{ME}:{','.join(names)}"
        session.execute(text("SELECT pg_notify(:channel, :payload)"),
                        {"channel": CHANNEL, "payload": payload})  # fmt: skip


def parse(payload: str) -> frozenset[str] | None:
    """The registers another process changed; None for this process's own notification."""
    sender, _, names = payload.partition(":")
    if sender == ME or not names:
        return None
    return frozenset(names.split(","))


class Listener:
    """LISTEN on a connection of its own, on a daemon thread; ``on_change`` gets the registers
    another PC changed, on that thread (the window hands them to its own thread).

    The thread never waits on a timed lock or event: under libfaketime (the suite runs there
    too) such a wait never ends. It waits in select() on the connection and a wake-up socket
    that stop() writes to; a select() timeout is real time there."""

    def __init__(self, engine: Engine, on_change: Callable[[frozenset[str]], None]) -> None:
        self.engine, self.on_change = engine, on_change
        self.stopped = threading.Event()  # a flag: looked at, never waited on
        self.listening = threading.Event()  # for tests: LISTEN is in place
        self._wake, self._waker = socket.socketpair()  # a socket: Windows selects on no pipe
        self.thread = threading.Thread(target=self._run, name="dzb-listen", daemon=True)

    def start(self) -> Listener:
        self.thread.start()
        return self

    def stop(self) -> None:
        """Stop listening and close the connection: the thread wakes at once."""
        if self.stopped.is_set():
            return
        self.stopped.set()
        with suppress(OSError):  # the thread has gone and closed its end
            self._waker.send(b"x")
        for _ in range(STOP_LOOKS):  # counted looks, not join(timeout): see the class
            if not self.thread.is_alive() or self.thread is threading.current_thread():
                break
            time.sleep(STOP_LOOK_S)
        self._waker.close()

    def _connect(self) -> Any:
        dialect = self.engine.dialect
        args, params = dialect.create_connect_args(self.engine.url)
        # the engine's connect_args are not in its URL: the same timeout as every connection
        params.setdefault("connect_timeout", engines.CONNECT_TIMEOUT_S)
        return dialect.loaded_dbapi.connect(*args, **params, autocommit=True)

    def _run(self) -> None:
        with closing(self._wake):
            self._listen()

    def _listen(self) -> None:
        away = False  # said once when the server goes, once when it is back: not every retry
        while not self.stopped.is_set():
            try:
                with closing(self._connect()) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    away = self._back(away)
                    self._hear(conn)
            except Exception:  # the server went away: try again, the window goes on
                if self.stopped.is_set():
                    return
                away = self._gone(away)
            self.listening.clear()
            select.select([self._wake], [], [], RETRY_S)  # woken early by stop()

    def _gone(self, away: bool) -> bool:
        if not away:
            log.warning("与服务器的连接中断，暂时收不到其他电脑的修改（每 %s 秒重试）",
                        RETRY_S, exc_info=True)  # fmt: skip
        return True

    def _back(self, away: bool) -> bool:
        if away:
            log.info("与服务器的连接已恢复，继续接收其他电脑的修改")
        self.listening.set()
        return False

    def _hear(self, conn: Any) -> None:
        """Until stop(): each time the connection has something (a notification, or the
        server closing it, which notifies() raises), take what has come."""
        while not self.stopped.is_set():
            ready, _, _ = select.select([conn.fileno(), self._wake], [], [])
            if self._wake in ready:
                return
            for note in conn.notifies(timeout=0):
                names = parse(note.payload)
                if names:
                    self.on_change(names)


class DataVersion:
    """SQLite's PRAGMA data_version on a connection of its own: it moves when another
    connection (another program, or this one's pool) has committed since the last look."""

    def __init__(self, path: str) -> None:
        self.conn = sqlite3.connect(path, check_same_thread=False)
        self.seen = self._read()

    def _read(self) -> int:
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def changed(self) -> bool:
        """Whether anything was committed since the last call (or since made)."""
        now = self._read()
        moved, self.seen = now != self.seen, now
        return moved

    def close(self) -> None:
        self.conn.close()

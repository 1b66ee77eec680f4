"""A server that does not answer: the start (and the CLI) gives up after the connect timeout
with the clerk's message naming the server, instead of waiting for the operating system."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from app import cli
from app.config import DataDir
from app.db import StorageError, engine, open_database

pytest.importorskip("psycopg")


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that takes the TCP connection and then says nothing, as a hung server does.
    Closed after 8 s whatever happens, so a test without a timeout fails instead of hanging."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    closer = threading.Timer(8, listener.close)
    closer.start()
    yield int(listener.getsockname()[1])
    closer.cancel()
    listener.close()


def test_a_silent_server_is_given_up_after_the_connect_timeout(silent_port, tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "CONNECT_TIMEOUT_S", 2)
    url = f"postgresql+psycopg://dzb@127.0.0.1:{silent_port}/dzb"
    started = time.monotonic()
    with pytest.raises(StorageError) as failed:
        open_database(DataDir(tmp_path / "pc", url))
    assert time.monotonic() - started < 6
    assert f"127.0.0.1:{silent_port}" in failed.value.message
    assert "2 秒" in failed.value.message


def test_a_closed_port_is_named_by_the_cli(tmp_path, capsys):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    url = f"postgresql+psycopg://dzb:secret-pw@127.0.0.1:{port}/dzb"
    code = cli.main(["--data-dir", str(tmp_path / "pc"), "--database-url", url, "check"])
    err = capsys.readouterr().err
    assert code == cli.EXIT_BAD_INPUT
    assert f"无法连接办公室服务器 127.0.0.1:{port}" in err and "secret-pw" not in err

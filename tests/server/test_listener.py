"""The background LISTEN while the server is away: one warning when it goes, one line when it
is back, not a warning at every retry."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

import pytest

from app.db import changes
from app.db.engine import make_server_engine
from tests import pg


@pytest.fixture
def own_cluster() -> Iterator[pg.Cluster]:
    """A cluster of its own: this test switches it off and on again."""
    reason = pg.why_not()
    if reason:
        pytest.skip(reason)
    cluster = pg.Cluster().start()
    yield cluster
    cluster.stop()


def test_the_listener_logs_once_when_the_server_goes_and_once_when_it_is_back(
    own_cluster, monkeypatch, caplog
):
    monkeypatch.setattr(changes, "RETRY_S", 0.05)  # some forty retries while it is away
    engine = make_server_engine(own_cluster.url())
    listener = changes.Listener(engine, lambda _names: None).start()
    try:
        assert listener.listening.wait(10)
        with caplog.at_level(logging.INFO, logger=changes.__name__):
            own_cluster.halt()
            time.sleep(2)
            assert not listener.listening.is_set()
            own_cluster.resume()
            assert listener.listening.wait(10)
    finally:
        listener.stop()
        engine.dispose()
    said = [(r.levelno, r.getMessage()) for r in caplog.records if r.name == changes.__name__]
    assert [level for level, _ in said] == [logging.WARNING, logging.INFO], said
    assert "中断" in said[0][1] and "恢复" in said[1][1]
    caplog.clear()  # checked above

"""The background LISTEN while the server is away: one warning when it goes, one line when it
is back, not a warning at every retry."""

from __future__ import annotations

import logging
import time

from app.db import changes
from app.db.engine import make_server_engine
from tests.pg import soon

# The server "goes away" by SQL, not by stopping a cluster: a fork (pg_ctl) while the
# listener's thread retries deadlocks under faketime, which the suite runs under too.
GONE = """ALTER DATABASE dzb_listen ALLOW_CONNECTIONS false;
SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'dzb_listen'"""


def test_the_listener_logs_once_when_the_server_goes_and_once_when_it_is_back(
    pg_cluster, monkeypatch, caplog
):
    monkeypatch.setattr(changes, "RETRY_S", 0.05)  # some forty refused retries while away
    pg_cluster.admin("DROP DATABASE IF EXISTS dzb_listen")
    pg_cluster.admin("CREATE DATABASE dzb_listen")
    engine = make_server_engine(pg_cluster.url("dzb_listen"))
    listener = changes.Listener(engine, lambda _names: None).start()
    try:
        assert soon(listener.listening.is_set)
        with caplog.at_level(logging.INFO, logger=changes.__name__):
            pg_cluster.admin(GONE)
            time.sleep(2)
            assert not listener.listening.is_set()
            pg_cluster.admin("ALTER DATABASE dzb_listen ALLOW_CONNECTIONS true")
            assert soon(listener.listening.is_set)
    finally:
        listener.stop()
        engine.dispose()
    said = [(r.levelno, r.getMessage()) for r in caplog.records if r.name == changes.__name__]
    assert [level for level, _ in said] == [logging.WARNING, logging.INFO], said
    assert "中断" in said[0][1] and "恢复" in said[1][1]
    caplog.clear()  # checked above

"""ops.Latest: reads in the background with a busy cursor; a late result is dropped."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QApplication, QWidget

from app.services import settings
from app.ui import ops, tasks


def test_a_result_that_comes_after_a_newer_read_is_dropped(qtbot, admin):
    page = QWidget()
    qtbot.addWidget(page)
    reads = ops.Latest(page, admin)
    release = threading.Event()
    shown: list[str] = []

    def slow(session):
        release.wait(5)  # the first search is still running when the clerk types on
        return "旧"

    first = reads.run(slow, shown.append)
    assert QApplication.overrideCursor() is not None  # busy, but no dialog in the way
    second = reads.run(lambda s: settings.org_name(s) and "新", shown.append)
    qtbot.waitUntil(lambda: second.done, timeout=5000)
    release.set()
    qtbot.waitUntil(lambda: first.done, timeout=5000)
    assert shown == ["新"]
    assert not reads.busy and QApplication.overrideCursor() is None
    tasks.wait_all()


def test_a_late_error_is_dropped_too(qtbot, admin):
    page = QWidget()
    qtbot.addWidget(page)
    reads = ops.Latest(page, admin)
    release = threading.Event()

    def failing(session):
        release.wait(5)
        raise RuntimeError("旧的查询出错")

    first = reads.run(failing, lambda v: None)
    shown: list[int] = []
    second = reads.run(lambda s: 1, shown.append)
    qtbot.waitUntil(lambda: second.done, timeout=5000)
    release.set()
    qtbot.waitUntil(lambda: first.done, timeout=5000)
    assert shown == [1]
    tasks.wait_all()

"""Fixtures for window tests."""

import pytest

from app.ui import gc_guard
from app.ui.messages import open_error_boxes
from tests.ui.dialogs import when_modal

__all__ = ["when_modal"]


@pytest.fixture(scope="session", autouse=True)
def _collect_on_the_gui_thread(qapp):
    """As in the program: no worker thread ever frees a window's Qt objects."""
    collector = gc_guard.install(qapp)
    yield collector
    collector.stop()


@pytest.fixture(autouse=True)
def _no_box_outlives_its_test(_collect_on_the_gui_thread):
    """A box a test left open must not be read by the next test as its own."""
    yield
    for box in open_error_boxes():
        box.close()
    _collect_on_the_gui_thread.collect_due()

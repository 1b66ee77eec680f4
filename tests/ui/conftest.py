"""Fixtures for window tests."""

import pytest

from app.ui.messages import open_error_boxes
from tests.ui.dialogs import when_modal

__all__ = ["when_modal"]


@pytest.fixture(autouse=True)
def _no_box_outlives_its_test():
    """A box a test left open must not be read by the next test as its own."""
    yield
    for box in open_error_boxes():
        box.close()

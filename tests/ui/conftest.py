"""Fixtures for window tests."""

from tests.ui.dialogs import when_modal

__all__ = ["when_modal"]

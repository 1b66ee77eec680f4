"""Registers filled by the modules' own demo data, and templates built as counties send them."""

from __future__ import annotations

import random

import pytest

from app.services.registry import DEMOS


@pytest.fixture
def demo(uow):  # type: ignore[no-untyped-def]
    """公文, 用印 and 来访 demo records (the demo fills the pinned year, 2026)."""
    for module, fill in DEMOS:
        if module in ("公文", "用印", "来访"):
            with uow() as session:
                fill(session, 120, random.Random(7))
    return uow

"""Import every module's services once and call each area's register() (kinds, 待办, checks)."""

from __future__ import annotations

import importlib
import threading

from app.models import import_all

# House services register what they offer (audit export, checks, the length check on every
# flush) when imported.
HOUSE = (
    "app.services.audit",
    "app.services.lengths",
    "app.services.audit_export",
    "app.services.backup",
    "app.services.attachments",
)
# Each area package has register() in its __init__; order is the demo and check order.
# A new module adds its own line here.
AREAS = (
    "app.services.filing",
    "app.services.seals",
    "app.services.duty",
    "app.services.visits",
    "app.services.archives",
    "app.services.meetings",
    "app.services.returns",
)

_loaded = False
_house_loaded = False
# The window loads the areas after it shows, from whichever thread first needs them (首页's
# background read, or a page being built): the second waits for the first to finish. No
# other read may run meanwhile: SQLAlchemy would configure a model half declared (so the
# window reads nothing between its show and this, and a page waits here before it reads).
_lock = threading.Lock()


def load_house() -> None:
    """What logging in and the window's frame need (audit, backup, attachments): no area.
    The window calls load_all() after it has shown."""
    global _house_loaded
    with _lock:
        if not _house_loaded:
            for name in HOUSE:
                importlib.import_module(name)
            _house_loaded = True


def load_all() -> None:
    """Idempotent: the CLI, the window, the self-test and the tests all call it."""
    global _loaded
    if _loaded:
        return
    load_house()
    with _lock:
        if not _loaded:
            for name in AREAS:
                importlib.import_module(name).register()
            import_all()  # the tables no area imported (Base.metadata whole)
            _loaded = True


def all_loaded() -> bool:
    """Whether every area has registered (the window's start checks this in tests)."""
    return _loaded

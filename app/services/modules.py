"""Import every module's services once and call each area's register() (kinds, 待办, checks)."""

from __future__ import annotations

import importlib

# House services register what they offer (audit export, checks) when imported.
HOUSE = (
    "app.services.audit",
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


def load_all() -> None:
    """Idempotent: the CLI, the window, the self-test and the tests all call it."""
    global _loaded
    if not _loaded:
        for name in HOUSE:
            importlib.import_module(name)
        for name in AREAS:
            importlib.import_module(name).register()
        _loaded = True

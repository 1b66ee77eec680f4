"""Import every module's services once so each registers its kinds, 待办 and checks."""

from __future__ import annotations

import importlib

# Each module issue adds its own line; order is the demo and check order.
MODULES = (
    "app.services.audit",
    "app.services.backup",
    "app.services.attachments",
    "app.services.filing",
    "app.services.seals",
    "app.services.duty.hooks",
    "app.services.visits",
    "app.services.archives",
    "app.services.archives.outputs",
)

_loaded = False


def load_all() -> None:
    global _loaded
    if not _loaded:
        for name in MODULES:
            importlib.import_module(name)
        _loaded = True

"""The one local database: engine, unit of work, migrations, storage errors."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # for type checkers; at run time each name loads when first asked for
    from app.db.errors import StorageError
    from app.db.migrate import open_database
    from app.db.session import unit_of_work

__all__ = ["StorageError", "open_database", "unit_of_work"]

# Loaded on first use, so that app.db.errors or app.db.lock alone (the window's start, up to
# its login dialog) does not import SQLAlchemy through this package.
_WHERE = {"StorageError": "app.db.errors", "open_database": "app.db.migrate",
          "unit_of_work": "app.db.session"}  # fmt: skip


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'app.db' has no attribute {name!r}")
    return getattr(importlib.import_module(_WHERE[name]), name)

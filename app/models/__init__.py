"""SQLAlchemy models, one module per area; import_all() registers every table.

Importing one model module does not import the others: logging in needs only the house's
tables, and the areas' models load after the main window shows (app.services.modules).
"""

import importlib

from app.models.base import Base

__all__ = ["Base", "import_all"]

MODULES = (
    "archives",
    "attachments",
    "audit",
    "calendar",
    "counters",
    "duty",
    "filing",
    "imports",
    "meetings",
    "returns",
    "seals",
    "settings",
    "users",
    "visits",
)


def import_all() -> None:
    """Every table on Base.metadata (migrations compare it; undo looks for references)."""
    for name in MODULES:
        importlib.import_module(f"app.models.{name}")

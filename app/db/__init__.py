"""The one local database: engine, unit of work, migrations, storage errors."""

from app.db.errors import StorageError
from app.db.migrate import open_database
from app.db.session import unit_of_work

__all__ = ["StorageError", "open_database", "unit_of_work"]

"""What the window and the CLI need to open the data folder and run one unit of work."""

from app.db import StorageError, open_database, unit_of_work
from app.db.session import current_data_dir, dispose

__all__ = ["StorageError", "current_data_dir", "dispose", "open_database", "unit_of_work"]

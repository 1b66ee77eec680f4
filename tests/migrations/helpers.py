"""Moving a data folder's database (its SQLite file or the server's) up or down the chain."""

from __future__ import annotations

from alembic import command

from app.config import DataDir
from app.db.engine import engine_for
from app.db.migrate import alembic_config


def migrate(data_dir: DataDir, way: str, revision: str) -> None:
    """alembic upgrade or downgrade, without starting the program (which would go to head)."""
    engine = engine_for(data_dir, foreign_keys=False)
    try:
        getattr(command, way)(alembic_config(engine), revision)
    finally:
        engine.dispose()

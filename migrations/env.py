"""alembic environment, built in code: the engine comes from config.attributes."""

from __future__ import annotations

from alembic import context

from app.db.fulltext import include_name
from app.models import import_all
from app.models.base import Base, UtcDateTime

import_all()  # every table on the metadata
config = context.config
target_metadata = Base.metadata


def render_item(type_, obj, autogen_context):  # type: ignore[no-untyped-def]
    """Render the UTC timestamp type as a plain DateTime: migrations stay self-contained."""
    if type_ == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime()"
    return False


def run_migrations_online() -> None:
    engine = config.attributes["engine"]
    # The engine was made with foreign keys off: batch mode rebuilds tables.
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,
            compare_type=True,
            render_item=render_item,
            include_name=include_name,
            transactional_ddl=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()

"""The office server: PostgreSQL's bigram search (a GIN index per register); nothing on SQLite"""

from __future__ import annotations

from alembic import op

from app.db.dialect import pg_drop_sql, pg_index_sql

revision: str = "0023_server"
down_revision: str | None = "0018_returns"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # SQLite's FTS5 tables and triggers came in 0002/0011/0012/0016 and stay as they are.
    if op.get_bind().dialect.name == "postgresql":
        for statement in pg_index_sql():
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in pg_drop_sql():
            op.execute(statement)

"""The office server's search reads a stored bigram vector: a generated column per register"""

from __future__ import annotations

from alembic import op

from app.db.dialect import pg_vector_column_drop_sql, pg_vector_column_sql

revision: str = "0026_search_vectors"
down_revision: str | None = "0025_blobs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # PostgreSQL only: SQLite's FTS5 tables hold their own copy of the text already.
    if op.get_bind().dialect.name == "postgresql":
        for statement in pg_vector_column_sql():
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in pg_vector_column_drop_sql():
            op.execute(statement)

"""Bigram full-text indexes (two-character words) beside the trigram ones, every register"""

from __future__ import annotations

from alembic import op

from app.db.bigrams import REGISTERS, drop_sql, index_sql

revision: str = "0011_bigram_index"
down_revision: str | None = "0010_import_batches"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for register in REGISTERS.values():
        for statement in index_sql(register):
            op.execute(statement)


def downgrade() -> None:
    for register in REGISTERS.values():
        for statement in drop_sql(register):
            op.execute(statement)

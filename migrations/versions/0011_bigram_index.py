"""Bigram full-text indexes (two-character words) beside the trigram ones, every register"""

from __future__ import annotations

from alembic import op

from app.db.bigrams import REGISTERS, drop_sql, index_sql

revision: str = "0011_bigram_index"
down_revision: str | None = "0010_import_batches"
branch_labels = None
depends_on = None


# The registers that existed at this revision (later ones get theirs in their own revision).
NAMES = ("incoming_bi_fts", "outgoing_bi_fts", "tasks_bi_fts", "seal_uses_bi_fts",
         "visit_cases_bi_fts", "visit_people_bi_fts")  # fmt: skip


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # FTS5 is SQLite's; PostgreSQL's GIN indexes come in 0023_server
    for register in (REGISTERS[name] for name in NAMES):
        for statement in index_sql(register):
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for register in (REGISTERS[name] for name in NAMES):
        for statement in drop_sql(register):
            op.execute(statement)

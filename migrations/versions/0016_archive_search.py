"""archives: a bigram index over 题名/文号/责任者 (two-character words), boxes get a version"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from app.db.bigrams import REGISTERS, drop_sql, index_sql

revision: str = "0016_archive_search"
down_revision: str | None = "0014_historical"
branch_labels = None
depends_on = None

ARCHIVE = REGISTERS["archive_bi_fts"]
# The insert trigger waits while a bulk insert (年度归档, import, demo) has paused the
# trigram one (0012's archive_fts_pause); app/db/fulltext.py then indexes the new rows once.
_PAUSED_INSERT = (
    "CREATE TRIGGER archive_bi_fts_ai AFTER INSERT ON archive_items"
    " WHEN NOT EXISTS (SELECT 1 FROM archive_fts_pause) BEGIN"
    " INSERT INTO archive_bi_fts(rowid, body)"
    " VALUES (new.id, dzb_bigrams(new.title, new.doc_no, new.author)); END"
)


def upgrade() -> None:
    # FTS5 is SQLite's; PostgreSQL's GIN indexes come in 0023_server
    for statement in index_sql(ARCHIVE) if op.get_bind().dialect.name == "sqlite" else ():
        if statement.startswith("CREATE TRIGGER archive_bi_fts_ai "):
            statement = _PAUSED_INSERT
        op.execute(statement)
    with op.batch_alter_table("archive_boxes") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("archive_boxes") as batch:
        batch.drop_column("version")
    for statement in drop_sql(ARCHIVE) if op.get_bind().dialect.name == "sqlite" else ():
        op.execute(statement)

"""收文: who holds the paper now, copied from the open 传阅 onto the register row"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0006_holder"
down_revision: str | None = "0005_visits"
branch_labels = None
depends_on = None

# Plain ALTER TABLE ADD COLUMN (no batch copy): the FTS5 triggers on incoming_docs stay put.
_BACKFILL = """
UPDATE incoming_docs
SET holder = c.holder, held_since = c.sent_at
FROM (SELECT incoming_id, holder, sent_at FROM incoming_circulations WHERE outcome IS NULL) AS c
WHERE c.incoming_id = incoming_docs.id
"""


def upgrade() -> None:
    op.add_column(
        "incoming_docs",
        sa.Column("holder", sa.String(length=60), server_default="", nullable=False),
    )
    op.add_column("incoming_docs", sa.Column("held_since", sa.DateTime(), nullable=True))
    op.execute(_BACKFILL)


def downgrade() -> None:
    op.drop_column("incoming_docs", "held_since")  # SQLite 3.35+: no table copy either
    op.drop_column("incoming_docs", "holder")

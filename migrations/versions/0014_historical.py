"""历史补录 as a field of its own (用印, 收文, 发文, 来访), and what an import replaced (undo)"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0014_historical"
down_revision: str | None = "0013_meetings"
branch_labels = None
depends_on = None

MARK = "【历史补录】"
_FLAGGED = ("seal_uses", "incoming_docs", "outgoing_docs", "visit_cases")
# Plain ALTER TABLE ADD COLUMN (no batch copy): the FTS5 triggers on incoming_docs stay put.
# 用印 entries marked by the old 备注 prefix get the flag and lose the prefix; the chain hashes
# the 备注 as marked (prefix + 备注 when the flag is set), so their hashes still hold.
_FROM_NOTE = (
    f"UPDATE seal_uses SET historical = TRUE, note = substr(note, {len(MARK) + 1}) "
    f"WHERE substr(note, 1, {len(MARK)}) = '{MARK}'"
)
_TO_NOTE = f"UPDATE seal_uses SET note = '{MARK}' || note WHERE historical = TRUE"


def upgrade() -> None:
    for table in _FLAGGED:
        column = sa.Column("historical", sa.Boolean(), server_default=sa.false(), nullable=False)
        op.add_column(table, column)
    op.add_column(
        "import_batches", sa.Column("undo_state", sa.Text(), server_default="", nullable=False)
    )
    op.execute(_FROM_NOTE)


def downgrade() -> None:
    op.execute(_TO_NOTE)
    op.drop_column("import_batches", "undo_state")
    for table in reversed(_FLAGGED):
        op.drop_column(table, "historical")

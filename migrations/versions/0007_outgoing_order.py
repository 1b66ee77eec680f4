"""发文: an index in the list's own order (year, id)"""

from __future__ import annotations

from alembic import op

revision: str = "0007_outgoing_order"
down_revision: str | None = "0006_holder"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_outgoing_docs_year_id", "outgoing_docs", ["year", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_outgoing_docs_year_id", table_name="outgoing_docs")

"""The 发文 and 督办 lists' orders as indexes: newest 成文日期 / 交办日期 first, read backwards"""

from __future__ import annotations

from alembic import op

revision: str = "0030_outgoing_order"
down_revision: str | None = "0029_pg_search"
branch_labels = None
depends_on = None

# app.models.filing.OUTGOING_ORDER, spelled here as it is now; the same text on both engines
_COLUMNS = "year, coalesce(signed_on, '9999-12-31'), coalesce(number, 2147483647), id"


def upgrade() -> None:
    op.execute(f"CREATE INDEX ix_outgoing_docs_order ON outgoing_docs ({_COLUMNS})")
    op.create_index("ix_supervision_tasks_assigned_id", "supervision_tasks", ["assigned_on", "id"])


def downgrade() -> None:
    op.drop_index("ix_supervision_tasks_assigned_id", table_name="supervision_tasks")
    op.drop_index("ix_outgoing_docs_order", table_name="outgoing_docs")

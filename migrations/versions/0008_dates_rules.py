"""Rules of issue 10: 主送机关 level of a 发文, who registered a 来访 and whom it accuses, late 复查"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0008_dates_rules"
down_revision: str | None = "0007_list_orders"
branch_labels = None
depends_on = None

# Plain integer user ids (no foreign key): adding one on SQLite would copy the whole table,
# and a user is never deleted (accounts are disabled).
_COLUMNS = (
    ("outgoing_docs", sa.Column("main_to_level", sa.String(4), server_default="", nullable=False)),
    ("visit_cases", sa.Column("registered_by_id", sa.Integer(), nullable=True)),
    (
        "visit_cases",
        sa.Column("review_late", sa.Boolean(), server_default=sa.false(), nullable=False),
    ),
    ("visit_accused", sa.Column("user_id", sa.Integer(), nullable=True)),
)


def upgrade() -> None:
    for table, column in _COLUMNS:
        op.add_column(table, column)


def downgrade() -> None:
    for table, column in reversed(_COLUMNS):
        op.drop_column(table, column.name)

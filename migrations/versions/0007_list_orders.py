"""Indexes in the lists' own order: 发文 (year, id), 来访 (year, received_on, id), 用印 作废 pairs"""

from __future__ import annotations

from alembic import op

revision: str = "0007_list_orders"
down_revision: str | None = "0006_holder"
branch_labels = None
depends_on = None


_INDEXES = (
    ("ix_outgoing_docs_year_id", "outgoing_docs", ["year", "id"]),
    ("ix_visit_cases_year_received", "visit_cases", ["year", "received_on", "id"]),
    ("ix_seal_uses_voids_id", "seal_uses", ["voids_id"]),
)


def upgrade() -> None:
    for name, table, columns in _INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _ in _INDEXES:
        op.drop_index(name, table_name=table)

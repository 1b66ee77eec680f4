"""Every audit line names the PC it was written on (the office server has several)"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0024_pcname"
down_revision: str | None = "0023_server"
branch_labels = None
depends_on = None


# Plain ALTER TABLE ADD COLUMN (no batch copy). Older lines keep an empty PC name; the chain
# hashes the name only when there is one (app/services/audit_chain.py), so they still verify.
def upgrade() -> None:
    column = sa.Column("pc", sa.String(64), server_default="", nullable=False)
    op.add_column("audit_entries", column)


def downgrade() -> None:
    op.drop_column("audit_entries", "pc")

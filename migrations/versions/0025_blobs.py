"""Attachments on the office server: one table of file contents, content-addressed by SHA-256"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0025_blobs"
down_revision: str | None = "0024_pcname"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # On both engines, so one schema answers both; only the server fills it (SQLite keeps the
    # files in the data folder's attachments/).
    op.create_table(
        "blobs",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_blobs")),
    )
    if op.get_bind().dialect.name == "postgresql":
        # Scans are compressed already: TOAST keeps them out of line without trying again.
        op.execute("ALTER TABLE blobs ALTER COLUMN content SET STORAGE EXTERNAL")


def downgrade() -> None:
    op.drop_table("blobs")

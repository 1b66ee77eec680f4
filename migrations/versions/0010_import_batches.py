"""Import batches: every imported sheet recorded, so that it can be listed and undone"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0010_import_batches"
down_revision: str | None = "0009_audit_chain"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("first_id", sa.Integer(), nullable=True),
        sa.Column("last_id", sa.Integer(), nullable=True),
        sa.Column("imported_by", sa.String(length=40), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("undone_at", sa.DateTime(), nullable=True),
        sa.Column("undone_by", sa.String(length=40), nullable=False),
        sa.Column("undo_note", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_batches")),
    )
    op.create_index("ix_import_batches_kind_sha", "import_batches", ["kind", "sha256"])


def downgrade() -> None:
    op.drop_index("ix_import_batches_kind_sha", table_name="import_batches")
    op.drop_table("import_batches")

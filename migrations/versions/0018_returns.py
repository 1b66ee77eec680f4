"""模板库: the county's return templates kept in the database"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0018_returns"
down_revision: str | None = "0016_archive_search"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "return_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("added_by", sa.String(length=40), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_return_templates")),
        sa.UniqueConstraint("name", name=op.f("uq_return_templates_name")),
    )


def downgrade() -> None:
    op.drop_table("return_templates")

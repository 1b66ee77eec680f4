"""The audit trail hash-chained (seq, hash); the file marked as this program's (application_id)"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from alembic import op

revision: str = "0009_audit_chain"
down_revision: str | None = "0008_dates_rules"
branch_labels = None
depends_on = None

APPLICATION_ID = 0x445A4231  # "DZB1", as app/db/migrate.py checks it
GENESIS = "0" * 64


def upgrade() -> None:
    with op.batch_alter_table("audit_entries") as batch:
        batch.add_column(sa.Column("seq", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("hash", sa.String(length=64), nullable=True))
    if op.get_bind().dialect.name == "sqlite":  # a server database starts empty, at head
        _chain_existing()
        op.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def _chain_existing() -> None:
    """Link the entries already there, in id order, as the program links new ones."""
    conn = op.get_bind()
    ids = [row[0] for row in conn.exec_driver_sql("SELECT id FROM audit_entries ORDER BY id")]
    prev = GENESIS
    for seq, entry_id in enumerate(ids, start=1):
        content = conn.exec_driver_sql(
            "SELECT json_array(?, at, user_id, username, action, entity, entity_id, summary, "
            "before_json, after_json) FROM audit_entries WHERE id = ?",
            (seq, entry_id),
        ).scalar_one()
        prev = hashlib.sha256(prev.encode() + b"\n" + content.encode()).hexdigest()
        conn.exec_driver_sql(
            "UPDATE audit_entries SET seq = ?, hash = ? WHERE id = ?", (seq, prev, entry_id)
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("PRAGMA application_id = 0")
    with op.batch_alter_table("audit_entries") as batch:
        batch.drop_column("hash")
        batch.drop_column("seq")

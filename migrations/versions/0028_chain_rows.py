"""办会届次 and the audit chain queue on counter rows, filled from the rows already there"""

from __future__ import annotations

from alembic import op

revision: str = "0028_chain_rows"
down_revision: str | None = "0027_visit_counter"
branch_labels = None
depends_on = None

# app.services.audit_chain.SERIES with counters.ALL_TIME, and meetings.entries.SESSION_SERIES,
# spelled here as they were then
AUDIT = "*审计"
SESSIONS = "*届次"


def upgrade() -> None:
    # the same statements on both engines: each row holds the highest number already used
    op.execute(
        "INSERT INTO filing_counters (series, year, last) "
        f"SELECT '{AUDIT}', 0, MAX(seq) FROM audit_entries HAVING COUNT(*) > 0"
    )  # none on an empty database: move-to-server copies the PC's row into it
    op.execute(
        "INSERT INTO filing_counters (series, year, last) "
        f"SELECT '{SESSIONS}' || kind, year, MAX(session_no) FROM meetings GROUP BY kind, year"
    )


def downgrade() -> None:
    op.execute(f"DELETE FROM filing_counters WHERE series = '{AUDIT}'")
    op.execute(f"DELETE FROM filing_counters WHERE series LIKE '{SESSIONS}%'")

"""来访 登记编号 come from a counter row per year, seeded from each year's highest number"""

from __future__ import annotations

from alembic import op

revision: str = "0027_visit_counter"
down_revision: str | None = "0026_search_vectors"
branch_labels = None
depends_on = None

SERIES = "*来访"  # app.services.filing.numbering.VISIT_SERIES, spelled here as it was then


def upgrade() -> None:
    # the same statement on both engines: the counter goes on from the highest number used
    op.execute(
        "INSERT INTO filing_counters (series, year, last) "
        f"SELECT '{SERIES}', year, MAX(seq) FROM visit_cases GROUP BY year"
    )


def downgrade() -> None:
    op.execute(f"DELETE FROM filing_counters WHERE series = '{SERIES}'")

"""Developer tool: write a new revision from the models (`python -m migrations.autogen ID MSG`).

Upgrades a scratch database to head first, so the revision holds only what changed.
Review the result: NOT NULL columns added to tables with rows need a server default.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path


def main(rev_id: str, message: str) -> None:
    from alembic import command

    from app.db.engine import make_engine
    from app.db.migrate import alembic_config, upgrade
    from app.services.modules import load_all

    load_all()
    with tempfile.TemporaryDirectory() as scratch:
        db = Path(scratch) / "scratch.sqlite3"
        upgrade(db)
        engine = make_engine(db, foreign_keys=False)
        command.revision(alembic_config(engine), message=message, autogenerate=True,
                         rev_id=rev_id)  # fmt: skip
        engine.dispose()


if __name__ == "__main__":
    main(sys.argv[1], " ".join(sys.argv[2:]) or sys.argv[1])

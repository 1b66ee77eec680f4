"""0028: 办会届次 and the audit chain get counter rows, filled from the rows already there, and
taken away again on the way down (on SQLite, and on the server with --engine=postgresql)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.config import DataDir
from app.db import open_database
from app.db.engine import engine_for
from app.db.session import dispose
from app.models.audit import AuditEntry
from app.models.filing import FilingCounter
from app.services import audit, audit_chain, counters
from app.services.meetings import entries
from tests.migrations.helpers import migrate
from tests.services.meetings.stock import at, meeting


def chain_rows(session: Session) -> set[tuple[str, int, int]]:
    """The counter rows 0028 is about: the audit chain's and each 类型's 届次."""
    rows = session.scalars(
        select(FilingCounter).where(
            FilingCounter.series.like("*审计") | FilingCounter.series.like("*届次%")
        )
    )
    return {(r.series, r.year, r.last) for r in rows}


def audit_row_follows_the_tail(session: Session) -> None:
    """The audit chain's counter row holds the last seq written."""
    tail = session.scalar(select(func.max(AuditEntry.seq)))
    assert counters.last_number(session, audit_chain.SERIES, counters.ALL_TIME) == tail


def test_the_rows_are_filled_from_the_highest_numbers_and_go_on_from_there(data_dir: DataDir, uow):
    with uow() as s:
        for day in (2, 9, 16):
            meeting(s, "党委会", at(2026, 3, day), room="")
        meeting(s, "专题会", at(2026, 3, 3), room="")
        meeting(s, "党委会", at(2025, 12, 1), room="")
    dispose()
    migrate(data_dir, "downgrade", "0027_visit_counter")  # the rows alone hold the numbers
    engine = engine_for(data_dir)  # not open_database: starting would migrate it back
    with Session(engine) as s:
        assert chain_rows(s) == set()
        lines = s.scalar(select(func.max(AuditEntry.seq)))
    engine.dispose()
    migrate(data_dir, "upgrade", "head")
    open_database(data_dir)
    with uow() as s:
        assert chain_rows(s) == {("*审计", 0, lines), ("*届次党委会", 2025, 1),
                                 ("*届次党委会", 2026, 3), ("*届次专题会", 2026, 1)}  # fmt: skip
        new = entries.get_meeting(s, meeting(s, "党委会", at(2026, 3, 23), room="")).meeting
        audit.record(s, "测试", "测试", 1)
    with uow() as s:
        assert new.session_no == 4 and counters.last_number(s, "*届次党委会", 2026) == 4
        audit_row_follows_the_tail(s)
        assert audit_chain.verify(s) == []

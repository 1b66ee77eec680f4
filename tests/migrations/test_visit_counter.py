"""0027: the 来访 登记编号 counter starts from each year's highest number already used."""

from __future__ import annotations

from datetime import date

from app.db import open_database
from app.db.session import dispose
from app.models.filing import FilingCounter
from app.services.visits import cases
from tests.migrations.helpers import migrate
from tests.services.visits.helpers import walk_in


def test_a_case_registered_after_the_upgrade_takes_the_highest_plus_one(data_dir, uow):
    with uow() as s:
        for day in (2, 3, 4):
            cases.register_case(s, walk_in(date(2026, 3, day)))
        cases.register_case(s, walk_in(date(2025, 12, 30)))
    dispose()
    migrate(data_dir, "downgrade", "0026_search_vectors")  # the cases alone hold the numbers
    migrate(data_dir, "upgrade", "head")
    open_database(data_dir)
    with uow() as s:
        seeded = {(c.year, c.last) for c in s.query(FilingCounter) if c.series == "*来访"}
        ref = cases.register_case(s, walk_in(date(2026, 3, 5)))
    assert seeded == {(2025, 1), (2026, 3)}
    assert ref.reg_no == "2026-0004"

"""来访 demo data written in bulk: numbered as received, linked as register_case links."""

from __future__ import annotations

import random

from sqlalchemy import select

from app import clock
from app.models.visits import VisitCase
from app.services.visits import cases, checks, demo
from app.services.visits.people import find_earlier_ids
from tests.services.visits.helpers import walk_in


def test_demo_numbers_cases_in_order_of_receipt(uow):
    with uow() as s:
        assert demo.fill(s, 200, random.Random(4)) == 50
    with uow() as s:
        rows = s.execute(select(VisitCase.year, VisitCase.seq, VisitCase.received_at,
                                VisitCase.reg_no).order_by(VisitCase.id)).all()  # fmt: skip
        assert checks.check(s) == []
    assert [r.received_at for r in rows] == sorted(r.received_at for r in rows)
    for year in {r.year for r in rows}:
        assert [r.seq for r in rows if r.year == year] == list(range(1, 1 + sum(
            r.year == year for r in rows)))  # fmt: skip
    assert all(r.reg_no == cases.format_reg_no(r.year, r.seq) for r in rows)


def test_next_real_case_after_the_demo_takes_the_next_number(uow):
    today = clock.today()
    with uow() as s:
        demo.fill(s, 120, random.Random(8))
    with uow() as s:
        last = cases.last_seq(s, today.year)
        ref = cases.register_case(s, walk_in(today))
    with uow() as s:
        assert checks.check(s) == []
    assert ref.reg_no == cases.format_reg_no(today.year, last + 1)


def _service_link(s, case: VisitCase) -> int | None:
    """What register_case would have linked the case to, had the cases come one by one."""
    found: set[int] = set()
    for p in case.petitioners:
        found |= find_earlier_ids(s, p.id_number, p.phone, p.name, case.village,
                                  visible_only=False)  # fmt: skip
    earlier = {i for i in found if i < case.id}
    return max(earlier) if earlier else None


def test_demo_links_repeat_visits_as_the_service_query_does(uow):
    with uow() as s:
        first = cases.register_case(
            s, walk_in(clock.today().replace(day=1))
        )  # made before the demo
        demo.fill(s, 400, random.Random(3))
    with uow() as s:
        all_cases = list(s.scalars(select(VisitCase).where(VisitCase.id > first.id)))
        links = {c.id: c.repeat_of_id for c in all_cases}
        expected = {c.id: _service_link(s, c) for c in all_cases}
    assert links == expected
    assert any(links.values())  # the demo's villagers do come back


def test_demo_cases_come_on_working_days_in_office_hours_and_move_on_working_days(uow):
    """A 来访 received on a Sunday at 08:10, 受理 on a holiday: not how the 接待 desk works."""
    from app.services import calendar, office_hours

    with uow() as s:
        demo.fill(s, 400, random.Random(5))
    with uow() as s:
        found = s.execute(select(VisitCase)).scalars().all()
        steps = ("received_on", "accepted_on", "notified_on", "concluded_on", "delivered_on")
        days = {getattr(c, step) for c in found for step in steps} - {None}
        off = sorted(d for d in days if not calendar.is_workday(s, d))
    assert len(found) == 100 and len(days) > 50
    assert off == []
    assert [c.received_at for c in found if not office_hours.is_open(c.received_at)] == []
    assert max(days) <= clock.today()

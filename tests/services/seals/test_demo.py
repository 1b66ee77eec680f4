"""用印 demo data written in bulk: a sound chain, numbers per year, real entries after it."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select

from app.models.base import utcnow
from app.models.seals import SealUse
from app.services import audit
from app.services.seals import catalog, chain, demo, ledger
from app.services.seals.dto import USE, UseFilter
from tests.services.seals.conftest import use_form


def _numbers_by_year(s) -> dict[int, list[int]]:
    stmt = select(SealUse.year, SealUse.year_no).where(SealUse.kind == USE).order_by(SealUse.seq)
    found: dict[int, list[int]] = {}
    for year, year_no in s.execute(stmt):
        found.setdefault(year, []).append(year_no)
    return found


def test_demo_chain_verifies_and_numbers_run_per_year_in_date_order(uow):
    with uow() as s:
        assert demo.fill(s, 120, random.Random(5)) == 120
    with uow() as s:
        status = chain.verify_chain(s)
        rows = ledger.list_uses(s, UseFilter())
        numbers = _numbers_by_year(s)
        trail = audit.query(s, audit.AuditFilter(entity="用印登记"))
    assert status.ok and status.count == 122  # 120 uses, 2 of them voided by a new entry
    uses = [r for r in rows if r.kind == USE]
    assert [r.used_at for r in uses] == sorted(r.used_at for r in uses)
    assert all(nos == list(range(1, len(nos) + 1)) for nos in numbers.values())
    assert sum(1 for r in uses if r.voided_by_id) == 2
    assert [t.summary for t in trail] == ["演示数据：用印 120 条，作废 2 条"]


def test_a_demo_void_follows_its_use_within_two_days_not_at_the_moment_the_demo_ran(uow):
    with uow() as s:
        demo.fill(s, 500, random.Random(3))
    with uow() as s:
        rows = {r.id: r for r in ledger.list_uses(s, UseFilter())}
    voids = [r for r in rows.values() if r.kind != USE]
    assert len(voids) == 10
    for void in voids:
        use = rows[void.voids_id]
        assert timedelta(minutes=20) <= void.used_at - use.used_at <= timedelta(days=2)


def test_real_entry_after_the_demo_takes_the_next_number_and_extends_the_chain(uow):
    with uow() as s:
        demo.fill(s, 60, random.Random(9))
    now = utcnow()
    year = ledger.number_year(now)
    with uow() as s:
        last = ledger.last_year_no(s, year)
        gov = next(seal.id for seal in catalog.list_seals(s) if seal.kind == "政府章")
        form = use_form(gov, at=now, approver="张明", approver_title="镇长")
        new_id = ledger.register_use(s, form)
    with uow() as s:
        entry = ledger.get_use(s, new_id)
        status = chain.verify_chain(s)
    assert entry.number == ledger.format_number(year, last + 1)
    assert status.ok and status.last_seq == entry.seq == 60 + 1 + 1


def test_demo_goes_on_from_entries_already_made(uow, party_seal):
    """A real entry first, then the demo twice: one chain, no number used twice."""
    with uow() as s:
        ledger.register_use(s, use_form(party_seal, at=utcnow() - timedelta(days=400)))
        demo.fill(s, 40, random.Random(1))
    with uow() as s:
        demo.fill(s, 40, random.Random(2))
    with uow() as s:
        status = chain.verify_chain(s)
        numbers = _numbers_by_year(s)
    assert status.ok and status.count == 1 + 2 * (40 + 1)
    assert all(sorted(nos) == list(range(1, len(nos) + 1)) for nos in numbers.values())


def test_demo_voids_stand_in_the_chain_where_their_time_puts_them(uow):
    """Issue 15: the demo appended every 作废 to the end of the chain, so the ledger's newest
    page (what the 用印 tab shows first) was all 作废 lines."""
    with uow() as s:
        demo.fill(s, 500, random.Random(3))
    with uow() as s:
        rows = ledger.list_uses(s, UseFilter())
        assert chain.verify_chain(s).ok
    assert [r.seq for r in rows] == sorted(r.seq for r in rows)
    assert [r.used_at for r in rows] == sorted(r.used_at for r in rows)
    assert sum(r.kind != USE for r in rows[-20:]) <= 3
    # 申请人 of a 作废 line is who recorded it: the seals' keeper, not the PC user
    assert {r.recorded_by for r in rows} == {demo.KEEPER}


def test_demo_seals_are_stamped_in_office_hours_on_working_days(uow):
    """Issue 15: the demo stamped at 00:30 and 02:48; an office stamps 08:30–12:00, 14:00–17:30."""
    from app.services import calendar, office_hours

    with uow() as s:
        demo.fill(s, 500, random.Random(3))
    with uow() as s:
        rows = ledger.list_uses(s, UseFilter())
        days = {r.used_at.astimezone().date() for r in rows}
        off = {d for d in days if not calendar.is_workday(s, d)}
    assert len(rows) == 510
    assert [r.used_at for r in rows if not office_hours.is_open(r.used_at)] == []
    assert off == set()
    assert all(office_hours.is_open(r.approved_at) for r in rows if r.approved_at)

"""Roster generation: rules, fairness, holidays of 2026, determinism, carry-over."""

from __future__ import annotations

from datetime import date

import pytest

from app.services import calendar as cal
from app.services.duty import roster
from app.services.duty.staff import add_absence
from app.services.errors import ValidationError
from tests.services.duty.helpers import add_staff


def test_2026_holidays_and_shifted_workdays(uow):
    with uow() as s:
        cal.seed_year(s, 2026)
        oct_ = {d.day: d for d in cal.month(s, 2026, 10)}
        feb = {d.day: d for d in cal.month(s, 2026, 2)}
        sep = {d.day: d for d in cal.month(s, 2026, 9)}
    assert all(oct_[date(2026, 10, n)].kind == "节假日" for n in range(1, 8))
    assert oct_[date(2026, 10, 1)].name == "国庆节"
    assert oct_[date(2026, 10, 8)].kind == "工作日"
    assert oct_[date(2026, 10, 10)].kind == "调休上班" and oct_[date(2026, 10, 10)].workday
    assert sep[date(2026, 9, 20)].kind == "调休上班"
    assert [d.day for d in feb.values() if d.kind == "节假日"] == [
        date(2026, 2, n) for n in range(15, 24)
    ]
    assert feb[date(2026, 2, 15)].name == "春节"
    assert {d.day for d in feb.values() if d.kind == "调休上班"} == {
        date(2026, 2, 14),
        date(2026, 2, 28),
    }


def test_generate_national_day_follows_rules(uow):
    with uow() as s:
        leads, staff = add_staff(s, 4, 10)
        result = roster.generate(s, date(2026, 9, 28), date(2026, 10, 10))
    kinds = {r.day: r.kind for r in result.days}
    assert kinds[date(2026, 10, 1)] == "节假日" and kinds[date(2026, 10, 7)] == "节假日"
    assert kinds[date(2026, 10, 10)] == "工作日"  # 调休上班: a working day's night shift
    assert kinds[date(2026, 9, 28)] == "工作日"
    national = next(r for r in result.days if r.day == date(2026, 10, 1))
    assert national.holiday == "国庆节" and national.shift == "08:30—次日08:30"
    assert len(national.staff) == 2
    for prev, day in zip(result.days, result.days[1:], strict=False):
        assert not {prev.leader.id, *(p.id for p in prev.staff)} & {
            day.leader.id,
            *(p.id for p in day.staff),
        }
    for day in result.days:
        assert day.leader.id in leads and all(p.id in staff for p in day.staff)


def test_same_input_same_roster(uow):
    with uow() as s:
        add_staff(s, 3, 9)
        first = roster.generate(s, date(2026, 1, 1), date(2026, 3, 31))
        second = roster.generate(s, date(2026, 1, 1), date(2026, 3, 31))
    assert first.days == second.days and first.tallies == second.tallies
    assert first.warnings == [] and "替换这段时间原有的 90 天排班" in second.warnings[0]


def test_unavailable_person_is_not_rostered(uow):
    with uow() as s:
        leads, staff = add_staff(s, 3, 6)
        add_absence(s, staff[0], "出差", date(2026, 5, 1), date(2026, 5, 20))
        add_absence(s, leads[0], "休假", date(2026, 5, 1), date(2026, 5, 10))
        result = roster.generate(s, date(2026, 5, 1), date(2026, 5, 31))
    for day in result.days:
        ids = {day.leader.id, *(p.id for p in day.staff)}
        if day.day <= date(2026, 5, 20):
            assert staff[0] not in ids
        if day.day <= date(2026, 5, 10):
            assert leads[0] not in ids


def test_too_few_people_is_refused_clearly(uow):
    with uow() as s:
        add_staff(s, 1, 5)
        with pytest.raises(ValidationError, match="带班领导"):
            roster.generate(s, date(2026, 6, 1), date(2026, 6, 5))


def test_holiday_tally_carries_over_so_spring_festival_rotates(uow):
    with uow() as s:
        add_staff(s, 3, 12)
        spring = roster.generate(s, date(2026, 2, 15), date(2026, 2, 23))
        first = {p.id for d in spring.days for p in d.staff}
        labour = roster.generate(s, date(2026, 5, 1), date(2026, 5, 5))
        tallies = {t.person_id: t for t in labour.tallies}
    second = {p.id for d in labour.days for p in d.staff}
    # 12 people, 18 spring-festival slots: everybody once, six twice; May's first goes to the rest
    once = {t.person_id for t in spring.tallies if t.holiday == 1 and t.role == "值班人员"}
    assert len(once) == 6 and len(first) == 12
    may_first_days = {p.id for d in labour.days[:3] for p in d.staff}
    assert may_first_days == once
    assert second >= once
    spread = [t.year_holiday for t in tallies.values() if t.role == "值班人员"]
    assert max(spread) - min(spread) <= 1


def test_unknown_year_warns_and_still_plans(uow):
    with uow() as s:
        add_staff(s, 3, 6)
        result = roster.generate(s, date(2027, 1, 1), date(2027, 1, 10))
    assert any("2027年" in w and "日历" in w for w in result.warnings)
    assert len(result.days) == 10


def test_neighbouring_saved_days_are_respected(uow):
    with uow() as s:
        add_staff(s, 3, 6)
        roster.generate(s, date(2026, 3, 1), date(2026, 3, 10))
        before = roster.on_duty(s, date(2026, 3, 4))
        after = roster.on_duty(s, date(2026, 3, 6))
        again = roster.generate(s, date(2026, 3, 5), date(2026, 3, 5)).days[0]
    assert before is not None and after is not None
    near = {before.leader.id, after.leader.id, *(p.id for p in (*before.staff, *after.staff))}
    assert not near & {again.leader.id, *(p.id for p in again.staff)}


def test_spring_festival_goes_first_to_those_who_missed_it_last_year(uow):
    with uow() as s:
        _leads, staff = add_staff(s, 4, 20)
        last = roster.generate(s, date(2025, 1, 28), date(2025, 2, 4))  # 春节 2025: 16 slots
        this = roster.generate(s, date(2026, 2, 15), date(2026, 2, 23))
    served_2025 = {p.id for d in last.days for p in d.staff}
    spared = set(staff) - served_2025
    first_days_2026 = {p.id for d in this.days[:2] for p in d.staff}
    assert len(spared) == 4 and first_days_2026 == spared
    assert all(d.kind == "节假日" and d.holiday == "春节" for d in (*last.days, *this.days))

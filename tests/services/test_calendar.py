"""The calendar: 2026's notice seeded right, working days across holidays and 调休."""

from __future__ import annotations

from datetime import date

import pytest

from app.services import calendar
from app.services.errors import ValidationError


@pytest.fixture
def seeded(uow):
    with uow() as s:
        calendar.seed_year(s, 2026)
    return uow


def test_national_day_2026_and_its_shifted_saturday(seeded):
    with seeded() as s:
        october = {d.day.day: d for d in calendar.month(s, 2026, 10)}
    assert all(october[n].kind == calendar.HOLIDAY for n in range(1, 8))
    assert october[4].name == "国庆节" and not october[4].workday
    assert october[10].kind == calendar.SHIFTED_WORKDAY and october[10].workday
    assert october[11].kind == "周末"


def test_spring_festival_2026(seeded):
    with seeded() as s:
        assert not calendar.is_workday(s, date(2026, 2, 16))
        assert calendar.is_workday(s, date(2026, 2, 14))  # 调休 Saturday
        assert calendar.is_workday(s, date(2026, 2, 28))


def test_five_workdays_across_national_day(seeded):
    # From Tue 2026-09-29: 9/30, then 10/1–10/7 off, 10/8, 10/9, 10/10 (调休 Sat), 10/12.
    with seeded() as s:
        assert calendar.add_workdays(s, date(2026, 9, 29), 5) == date(2026, 10, 12)


def test_unknown_year_adds_nothing(uow):
    with uow() as s:
        assert calendar.seed_year(s, 2099) == 0


def test_local_correction_survives_reseeding(seeded):
    with seeded() as s:
        calendar.set_day(s, date(2026, 10, 10), None)
    with seeded() as s:
        calendar.seed_year(s, 2026)
        day = calendar.day_info(calendar.days_in(s, date(2026, 10, 10), date(2026, 10, 10)),
                                date(2026, 10, 10))  # fmt: skip
    assert day.kind == "周末" and day.source == "本地"


def test_bad_kind_refused(seeded):
    with seeded() as s, pytest.raises(ValidationError):
        calendar.set_day(s, date(2026, 5, 6), "放假")

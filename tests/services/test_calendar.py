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


def test_a_year_the_package_does_not_know_gets_the_statutory_days(uow):
    """2027: 元旦, 春节 from 除夕 (four days), 劳动节 two days, lunar dates computed; its 调休
    are unknown until the notice is entered."""
    with uow() as s:
        assert calendar.seed_year(s, 2027) == 13
        feb = {d.day.day: d for d in calendar.month(s, 2027, 2)}
        assert [n for n in range(1, 29) if feb[n].kind == calendar.HOLIDAY] == [5, 6, 7, 8]
        assert feb[5].name == "春节" and feb[5].source == "法定"
        assert not calendar.is_workday(s, date(2027, 1, 1))
        assert calendar.shifts_unknown(s, 2027) and not calendar.shifts_unknown(s, 2026)
        assert calendar.unknown_note(s, {2026, 2027}) == "2027年节假日安排未录入"


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


def test_home_says_in_one_line_which_year_is_not_entered(uow):
    from app.services import todo

    with uow() as s:
        assert not [i for i in todo.collect(s, date(2026, 11, 30)) if i.module == "日历"]
        found = [i.title for i in todo.collect(s, date(2026, 12, 1)) if i.module == "日历"]
        assert found == ["2027年节假日安排未录入"]
        found = [i.title for i in todo.collect(s, date(2031, 6, 30)) if i.module == "日历"]
    assert found == ["2031年节假日安排未录入"]

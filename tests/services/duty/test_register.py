"""值班 on 首页 (today's and tonight's people with phones, emergency warnings) and demo data."""

from __future__ import annotations

import random
from datetime import timedelta

from app import clock
from app.services.duty import demo, log, roster, staff, todo
from app.services.duty.log import EntryForm
from app.services.modules import load_all
from app.services.registry import DEMOS, EXPORTS, IMPORTS, TODOS
from tests.services.duty.helpers import add_staff


def test_registered_with_the_house():
    load_all()  # alone, nothing has loaded duty's import and export kinds yet
    assert {"staff", "roster"} <= set(IMPORTS) and {"staff", "roster", "duty-log"} <= set(EXPORTS)
    assert ("值班", todo.todos) in TODOS and ("值班", demo.demo) in DEMOS


def test_today_shows_leader_and_staff_with_phones(uow):
    today = clock.today()
    with uow() as s:
        add_staff(s, 3, 6)
        roster.generate(s, today - timedelta(days=1), today + timedelta(days=1))
        row = roster.on_duty(s, today)
        items = todo.todos(s, today)
    mine = [i for i in items if row.shift in i.title]
    assert len(mine) == 1 and mine[0].severity == "今日" and mine[0].page == "duty"
    assert row.leader.name in mine[0].detail and row.leader.phone in mine[0].detail
    assert all(p.name in mine[0].detail and p.phone in mine[0].detail for p in row.staff)


def test_no_roster_today_says_so_and_emergencies_show(uow):
    with uow() as s:
        started = clock.utcnow() - timedelta(minutes=45)
        log.add_entry(s, EntryForm(started, "突发事件", "某村山体滑坡", "张三"))
        items = todo.todos(s, clock.today())
    assert any(i.title == "今日尚未排班" for i in items)
    late = [i for i in items if i.severity == "逾期"]
    assert len(late) == 1 and "电话报告" in late[0].title


def test_an_emergency_on_home_is_named_short_and_says_how_late_beside_it(uow):
    """首页's 事项 column cut the whole sentence at 应…: the title names the event and the
    missing report; how long ago and the limit go in 情况 (期限 and 超时 have columns)."""
    with uow() as s:
        started = clock.utcnow() - timedelta(minutes=40)
        log.add_entry(s, EntryForm(started, "突发事件", "某村一处民房起火，无人员伤亡", "张三"))
        (late,) = [i for i in todo.todos(s, clock.today()) if i.severity == "逾期"]
        (banner,) = log.emergency_warnings(s)
    assert late.title == "突发事件“某村一处民房起火，无人员伤亡”未电话报告"
    assert late.detail == "已过40分钟，应在30分钟内"
    assert (
        banner.text
        == "突发事件“某村一处民房起火，无人员伤亡”已过40分钟仍未电话报告（应在30分钟内）"
    )


def test_demo_fills_people_roster_and_log(uow):
    with uow() as s:
        count = demo.demo(s, 200, random.Random(1))
        start = clock.today().replace(day=1)
        days = roster.roster(s, start, start + timedelta(days=60))
        entries = log.entries(s, clock.today() - timedelta(days=10), clock.today())
    assert count > 20 and len(days) == 61 and len(entries) >= 5


def test_the_demo_gives_one_person_each_single_post_and_the_extra_leaders_are_deputies(uow):
    with uow() as s:
        demo.demo(s, 2000, random.Random(1))
        titles = [p.title for p in staff.people(s) if p.can_lead]
    singles = [t for t in titles if t != "副镇长"]
    assert len(titles) == 12 and len(singles) == len(set(singles))
    assert {"党委书记", "镇长"} <= set(singles)


def test_a_title_longer_than_its_column_is_refused_in_words(uow):
    """Found on the office server: a 41-character 职务 from a sheet was a DataError there
    (SQLite kept it silently). Both engines now refuse it with a message, saving nothing."""
    import pytest

    from app.services.duty import staff
    from app.services.errors import ValidationError

    with pytest.raises(ValidationError, match="职务太长"), uow() as session:
        staff.add_person(session, staff.DutyPersonForm("张伟", title="1" * 41))
    with uow() as session:
        assert [p.name for p in staff.people(session)] == []

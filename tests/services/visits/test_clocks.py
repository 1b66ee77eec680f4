"""The statutory clocks on fixed cases: 15 days, 60 (+30 once), 5 working days, 30 + 30."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from app import clock
from app.services import calendar, settings
from app.services.errors import ValidationError
from app.services.visits import cases, clocks, queries
from tests.services.visits.helpers import walk_in


def _by_name(rows):
    return {r.name: r for r in rows}


def test_notify_and_conclude_deadlines_in_calendar_days(uow):
    with uow() as s:
        ref = cases.register_case(s, walk_in(date(2026, 3, 2)))
        cases.accept(s, ref.id, date(2026, 3, 4), "受理", "镇自然资源所", "赵干事")
    with uow() as s:
        got = _by_name(queries.clock_rows(s, ref.id, today=date(2026, 3, 10)))
    assert got["告知"].due == date(2026, 3, 17)  # 2 March + 15 days
    assert got["告知"].days_left == 7
    # 4 March + 60 days is 3 May, in the 劳动节 holiday: the period ends on 6 May
    assert got["办结"].due == date(2026, 5, 6)
    with uow() as s:
        late = _by_name(queries.clock_rows(s, ref.id, today=date(2026, 3, 20)))
    assert late["告知"].days_left == -3 and late["告知"].days_late == 3
    assert late["告知"].status == "逾期3天"


def test_one_extension_of_thirty_days_then_refused(uow):
    with uow() as s:
        ref = cases.register_case(s, walk_in(date(2026, 3, 2)))
        cases.accept(s, ref.id, date(2026, 3, 4))
        cases.extend(s, ref.id, cases.ExtensionForm("张镇长", date(2026, 4, 28), date(2026, 4, 29)))
    with uow() as s:
        got = _by_name(queries.clock_rows(s, ref.id, today=date(2026, 5, 1)))
        assert got["办结"].due == date(2026, 6, 2)  # 4 March + 90 days
        with pytest.raises(ValidationError, match="只能延长一次"):
            cases.extend(
                s, ref.id, cases.ExtensionForm("刘书记", date(2026, 5, 2), date(2026, 5, 2))
            )


def test_extension_needs_leader_and_comes_before_the_deadline(uow):
    with uow() as s:
        ref = cases.register_case(s, walk_in(date(2026, 3, 2)))
        cases.accept(s, ref.id, date(2026, 3, 4))
    with uow() as s, pytest.raises(ValidationError, match="负责人"):
        cases.extend(s, ref.id, cases.ExtensionForm(" ", date(2026, 4, 1), date(2026, 4, 1)))
    with uow() as s, pytest.raises(ValidationError, match="届满前"):
        cases.extend(s, ref.id, cases.ExtensionForm("张镇长", date(2026, 5, 4), date(2026, 5, 4)))


def test_five_working_days_across_national_day_and_its_saturday(uow):
    # 2026: 10-01..10-07 国庆 holiday; Sat 10-10 is a 调休 working day (chinesecalendar).
    with uow() as s:
        ref = cases.register_case(s, walk_in(date(2026, 9, 29)))
        cases.record_routing(s, ref.id, date(2026, 9, 29), None)
    with uow() as s:
        got = _by_name(queries.clock_rows(s, ref.id, today=date(2026, 10, 9)))
        assert calendar.is_workday(s, date(2026, 10, 10))
        assert not calendar.is_workday(s, date(2026, 10, 5))
    # 9-30 (1), 10-08 (2), 10-09 (3), Sat 10-10 (4), 10-12 (5)
    assert got["异议"].due == date(2026, 10, 12)
    assert got["异议"].days_left == 3


def test_review_and_recheck_windows(uow):
    with uow() as s:
        ref = cases.register_case(s, walk_in(date(2026, 3, 2)))
        cases.accept(s, ref.id, date(2026, 3, 2))
        cases.notify(s, ref.id, date(2026, 3, 5))
        cases.conclude(s, ref.id, cases.ConcludeForm("不予支持", date(2026, 4, 10),
                       delivery_means="直接送达", delivered_on=date(2026, 4, 12)))  # fmt: skip
    with uow() as s:
        got = _by_name(queries.clock_rows(s, ref.id, today=date(2026, 4, 20)))
        assert got["复查申请"].due == date(2026, 5, 12) and not got["复查申请"].duty
        cases.record_review(s, ref.id, date(2026, 5, 6), None)
    with uow() as s:
        got = _by_name(queries.clock_rows(s, ref.id, today=date(2026, 5, 10)))
        assert got["复查答复"].due == date(2026, 6, 5)
        cases.record_review(s, ref.id, date(2026, 5, 6), date(2026, 6, 1))
        cases.record_review(s, ref.id, date(2026, 6, 20), None, recheck=True)
    with uow() as s:
        got = _by_name(queries.clock_rows(s, ref.id, today=date(2026, 6, 21)))
        assert got["复核申请"].due == date(2026, 7, 1)
        assert got["复核答复"].due == date(2026, 7, 20)
        row = queries.list_cases(s, queries.CaseFilter(), today=date(2026, 6, 21))[0]
        assert row.state == "复核中"


def test_states_follow_the_dates():
    d = clocks.CaseDates(received_on=date(2026, 1, 5))
    assert clocks.state(d) == "登记"
    assert clocks.state(clocks.CaseDates(date(2026, 1, 5), "受理", date(2026, 1, 6))) == "已受理"
    assert clocks.state(clocks.CaseDates(date(2026, 1, 5), "交办", date(2026, 1, 6),
                                         date(2026, 1, 8))) == "已交办"  # fmt: skip
    on_spot = clocks.CaseDates(date(2026, 1, 5), "当场答复", concluded_on=date(2026, 1, 5))
    assert clocks.state(on_spot) == "已办结"
    assert [c.name for c in clocks.clocks(on_spot, lambda d, n: d)] == []


def test_todo_lists_due_soon_and_overdue(uow):
    with uow() as s:
        soon = cases.register_case(s, walk_in(date(2026, 3, 2)))
        late = cases.register_case(s, walk_in(date(2026, 2, 1)))
        far = cases.register_case(s, walk_in(date(2026, 3, 12)))
        cases.notify(s, far.id, date(2026, 3, 12))
    with uow() as s:
        items = queries.todo_items(s, date(2026, 3, 12))
    by_ref = {t.ref_id: t for t in items}
    # 15 days end on 2-16, in the 春节 holiday: due the next working day, 2-24
    assert by_ref[late.id].days_left == -16 and by_ref[late.id].severity == "逾期"
    assert by_ref[soon.id].days_left == 5 and by_ref[soon.id].page == "visits"
    assert far.id not in by_ref


def test_todo_lists_the_most_urgent_then_one_line_for_the_rest(uow, monkeypatch):
    monkeypatch.setattr(queries, "TODO_LIMIT", 2)
    with uow() as s:
        ids = [cases.register_case(s, walk_in(date(2026, 2, d))).id for d in (1, 2, 3)]
    with uow() as s:
        items = queries.todo_items(s, date(2026, 3, 12))
    assert [t.ref_id for t in items[:2]] == ids[:2]  # the longest overdue first
    assert items[2].title == "另有 1 件来访期限临近或已逾期" and items[2].hidden == 1


def test_monthly_counts_count_late_only_where_a_duty_clock_is_open(uow):
    with uow() as s:
        late = cases.register_case(s, walk_in(date(2026, 2, 1)))
        done = cases.register_case(s, walk_in(date(2026, 2, 2)))
        cases.register_case(s, walk_in(date(2026, 3, 2)))
        cases.accept(s, done.id, date(2026, 2, 3))
        cases.notify(s, done.id, date(2026, 2, 4))
        cases.conclude(s, done.id, cases.ConcludeForm("作出解释说明", date(2026, 2, 20)))
    with uow() as s:
        counts = {
            c.month: (c.total, c.overdue)
            for c in queries.monthly_counts(s, 2026, date(2026, 3, 12))
        }
    assert counts[2] == (2, 1) and counts[3] == (1, 0) and counts[1] == (0, 0)
    with uow() as s:  # the late one is the case never told (告知 due 2-16), as the list says
        rows = {
            r.id: r for r in queries.list_cases(s, queries.CaseFilter(), today=date(2026, 3, 12))
        }
    assert rows[late.id].overdue and not rows[done.id].overdue


def test_forwarded_matter_is_not_late_against_the_township(uow):
    with uow() as s:
        ref = cases.register_case(s, walk_in(date(2026, 3, 2)))
        cases.accept(s, ref.id, date(2026, 3, 3), "转送", "县人力资源和社会保障局")
        cases.notify(s, ref.id, date(2026, 3, 5))
    with uow() as s:
        got = _by_name(queries.clock_rows(s, ref.id, today=date(2026, 6, 1)))
        row = queries.list_cases(s, queries.CaseFilter(), today=date(2026, 6, 1))[0]
        todo = queries.todo_items(s, date(2026, 6, 1))
    # 60 days end on 5-2, in the 劳动节 holiday: the next working day is 5-6
    assert got["办结"].due == date(2026, 5, 6) and not got["办结"].duty
    assert got["办结"].status == "已过期限"
    assert row.state == "已转送" and not row.overdue and todo == []


def test_deadline_on_a_holiday_moves_to_the_next_working_day(uow):
    """Received 09-16: 15 days end on 10-01 (国庆), so 告知 is due on 10-08, given in time."""
    with uow() as s:
        ref = cases.register_case(s, walk_in(date(2026, 9, 16)))
        cases.notify(s, ref.id, date(2026, 10, 8))
    with uow() as s:
        got = _by_name(queries.clock_rows(s, ref.id, today=date(2026, 10, 9)))
        assert (got["告知"].due, got["告知"].status) == (date(2026, 10, 8), "按期完成")
        settings.put(s, queries.ROLL_KEY, False)
    with uow() as s:  # the setting turned off: the bare 15 days
        got = _by_name(queries.clock_rows(s, ref.id, today=date(2026, 10, 9)))
    assert (got["告知"].due, got["告知"].status) == (date(2026, 10, 1), "逾期完成")


def test_a_local_correction_does_not_stop_the_notice_loading(uow):
    """2025: one day corrected by hand; 异议 from 09-30 still skips 国庆 and works 10-11."""
    with uow() as s:
        calendar.set_day(s, date(2025, 3, 1), calendar.HOLIDAY, "本地休假")
    with clock.pinned(datetime(2025, 10, 1, 10, 0)), uow() as s:
        ref = cases.register_case(s, walk_in(date(2025, 9, 30)))
        cases.record_routing(s, ref.id, date(2025, 9, 30), None)
        got = _by_name(queries.clock_rows(s, ref.id))
    assert got["异议"].due == date(2025, 10, 14)


def test_working_days_in_a_year_the_calendar_does_not_know(uow):
    """2027 is not in chinesecalendar: 元旦 still counts as a holiday, and the clock says
    the year's arrangement is not entered."""
    with clock.pinned(datetime(2026, 12, 30, 10, 0)), uow() as s:
        ref = cases.register_case(s, walk_in(date(2026, 12, 30)))
        cases.record_routing(s, ref.id, date(2026, 12, 30), None)
        got = _by_name(queries.clock_rows(s, ref.id))
    # 12-31 (1), 1-1 元旦 off, 1-4 (2), 1-5 (3), 1-6 (4), 1-7 (5)
    assert got["异议"].due == date(2027, 1, 7)
    assert got["异议"].note == "2027年节假日安排未录入"
    assert got["告知"].note == ""


def test_a_late_review_request_is_warned_and_recorded(uow):
    """复查 asked 45 days after the 处理意见 reached the 信访人: saved, marked late, said."""
    from app.models.visits import VisitCase

    with uow() as s:
        ref = cases.register_case(s, walk_in(date(2026, 3, 2)))
        cases.accept(s, ref.id, date(2026, 3, 2))
        cases.conclude(s, ref.id, cases.ConcludeForm("不予支持", date(2026, 4, 10),
                       delivery_means="直接送达", delivered_on=date(2026, 4, 12)))  # fmt: skip
        assert cases.record_review(s, ref.id, date(2026, 5, 12), None) == ""
        assert not s.get(VisitCase, ref.id).review_late
        said = cases.record_review(s, ref.id, date(2026, 5, 27), None)
        assert s.get(VisitCase, ref.id).review_late
    assert "第45天" in said and "超过30日" in said

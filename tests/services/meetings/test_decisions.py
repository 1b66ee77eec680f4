"""议定事项 → 督办 linked both ways, states across 办结 and overdue; 纪要 numbers and 发文."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from app import clock
from app.models.filing import OutgoingDoc, SupervisionTask
from app.services.errors import ValidationError
from app.services.filing import numbering, tasks
from app.services.filing.exchange import exports
from app.services.meetings import decisions, entries, minutes
from app.services.meetings.dto import DecisionForm, MeetingForm
from app.services.registry import ExportQuery
from tests.services.meetings.stock import at, decision, meeting


def test_minutes_numbers_run_per_kind_per_year_on_the_filing_counters(uow):
    with uow() as s:
        a = meeting(s, "党委会", at(2026, 3, 2), room="")
        b = meeting(s, "政府常务会", at(2026, 3, 3), room="")
        c = meeting(s, "党委会", at(2026, 4, 2), room="")
        numbers = [minutes.number_minutes(s, m) for m in (a, b, c)]
        assert numbering.last_number(s, "镇委会纪", 2026) == 2
    assert numbers == ["镇委会纪〔2026〕1号", "镇政常纪〔2026〕1号", "镇委会纪〔2026〕2号"]
    with clock.pinned(datetime(2027, 1, 10, 10, 0)), uow() as s:
        d = meeting(s, "党委会", at(2027, 1, 5), room="")
        assert minutes.number_minutes(s, d) == "镇委会纪〔2027〕1号"


def test_minutes_are_numbered_once_and_not_before_the_meeting(uow):
    with uow() as s:
        held = meeting(s, room="")
        coming = meeting(s, when=at(2026, 12, 3), room="")
        minutes.number_minutes(s, held)
    with uow() as s, pytest.raises(ValidationError, match="已编号"):
        minutes.number_minutes(s, held)
    with uow() as s, pytest.raises(ValidationError, match="还没有召开"):
        minutes.number_minutes(s, coming)


def test_issued_minutes_become_a_outgoing_doc_with_their_own_number(uow):
    with uow() as s:
        mid = meeting(s)
        with pytest.raises(ValidationError, match="须先编号并印发"):
            minutes.register_as_outgoing(s, mid)
        number = minutes.number_minutes(s, mid, "2026年第1次党委会会议纪要")
        minutes.issue_minutes(s, mid, date(2026, 11, 25))
        doc_id = minutes.register_as_outgoing(s, mid)
        doc = s.get(OutgoingDoc, doc_id)
        assert (doc.doc_number, doc.doc_type, doc.signer, doc.state) == (
            number, "纪要", "王书记", "已核发")  # fmt: skip
        assert entries.get_meeting(s, mid).outgoing_id == doc_id
        rows = list(exports.outgoing_register(s, ExportQuery(year=2026)).rows)
        assert [r[0] for r in rows] == [number]
        assert numbering.gap_report(s, 2026)[0].gaps == ()
    with uow() as s, pytest.raises(ValidationError, match="已登记为发文"):
        minutes.register_as_outgoing(s, mid)


def _sent(uow, deadline=date(2026, 12, 4), room="一楼会议室") -> tuple[int, int, int]:
    with uow() as s:
        mid = meeting(s, name="十一月党委会", room=room)
        minutes.number_minutes(s, mid)
        did = decision(s, mid, deadline=deadline)
        task_id = decisions.send_to_tasks(s, did)
    return mid, did, task_id


def test_a_decision_becomes_a_task_naming_the_meeting(uow):
    mid, did, task_id = _sent(uow)
    with uow() as s:
        task = tasks.get_task(s, task_id)
        link = decisions.decision_of_task(s, task_id)
        row = entries.get_meeting(s, mid).decisions[0]
    assert task.source_kind == "会议"
    assert task.source == "十一月党委会 镇委会纪〔2026〕1号"
    assert (task.dept, task.person, task.deadline) == ("农业办", "陈主任", date(2026, 12, 4))
    assert "牵头领导：张镇长" in task.matter
    assert link is not None and (link.meeting_id, link.decision_id) == (mid, did)
    assert (row.task_id, row.state) == (task_id, "办理中")


def test_state_follows_the_task_across_overdue_and_done(uow):
    mid, _did, task_id = _sent(uow, deadline=date(2026, 12, 4))
    with clock.pinned(datetime(2026, 12, 7, 9, 0)), uow() as s:
        assert decisions.decisions_of(s, mid)[0].state == "逾期"
        tasks.finish_task(s, task_id, date(2026, 12, 7), "验收报告已存档")
        row = decisions.decisions_of(s, mid)[0]
    assert (row.state, row.done_on, row.evidence) == (
        "逾期办结",
        date(2026, 12, 7),
        "验收报告已存档",
    )
    mid2, _, task2 = _sent(uow, deadline=date(2026, 12, 10), room="")
    with uow() as s:
        tasks.finish_task(s, task2, date(2026, 11, 30), "已完成")
        assert decisions.decisions_of(s, mid2)[0].state == "已办结"


def test_send_all_sends_only_the_rest_and_a_sent_item_is_frozen(uow):
    with uow() as s:
        mid = meeting(s)
        first = decision(s, mid, "事项一")
        decision(s, mid, "事项二")
        decision(s, mid, "事项三")
        decisions.send_to_tasks(s, first)
        sent = decisions.send_all(s, mid)
        assert len(sent) == 2
        assert s.scalar(select(func.count()).select_from(SupervisionTask)) == 3
    with uow() as s, pytest.raises(ValidationError, match="没有尚未转督办"):
        decisions.send_all(s, mid)
    with uow() as s, pytest.raises(ValidationError, match="已转督办，不能再修改"):
        decisions.update_decision(s, first, DecisionForm("改", "农业办", date(2026, 12, 9)))
    with uow() as s, pytest.raises(ValidationError, match="不能删除"):
        entries.delete_meeting(s, mid)


def test_renaming_the_meeting_renames_the_tasks_source(uow):
    mid, _, task_id = _sent(uow)
    with uow() as s:
        row = entries.get_meeting(s, mid).meeting
        form = MeetingForm("党委会", row.starts_at, name="镇党委十一月例会")
        entries.update_meeting(s, mid, form, row.version)
        assert tasks.get_task(s, task_id).source_text == "镇党委十一月例会 镇委会纪〔2026〕1号"


def test_decision_deadline_before_the_meeting_is_refused(uow):
    with uow() as s:
        mid = meeting(s)
    with uow() as s, pytest.raises(ValidationError, match="不能早于会议日期"):
        decision(s, mid, deadline=date(2026, 11, 1))


def test_implementation_list_puts_unfinished_first(uow):
    with uow() as s:
        mid = meeting(s)
        done = decisions.send_to_tasks(s, decision(s, mid, "已完成事项", date(2026, 12, 1)))
        tasks.finish_task(s, done, date(2026, 11, 30), "办好了")
        decision(s, mid, "未转事项", date(2026, 12, 20))
        decisions.send_to_tasks(s, decision(s, mid, "逾期事项", date(2026, 11, 25)))
        rows = decisions.decision_list(s, decisions.DecisionFilter(year=2026))
    assert [(r.matter, r.state) for r in rows] == [
        ("逾期事项", "逾期"), ("未转事项", "未转督办"), ("已完成事项", "已办结")]  # fmt: skip


def test_a_minutes_number_not_entered_as_outgoing_is_no_gap(uow):
    with uow() as s:
        first = meeting(s, when=at(2026, 11, 2), room="")
        second = meeting(s, when=at(2026, 11, 9), room="")
        minutes.number_minutes(s, first)
        minutes.number_minutes(s, second)
        minutes.issue_minutes(s, second, date(2026, 11, 10))
        minutes.register_as_outgoing(s, second)
        (row,) = numbering.gap_report(s, 2026)
    assert (row.code, row.last, row.gaps) == ("镇委会纪", 2, ())


def test_check_finds_a_counter_behind_a_minutes_number(uow):
    from app.models.filing import FilingCounter
    from app.services.meetings import checks

    with uow() as s:
        minutes.number_minutes(s, meeting(s, when=at(2026, 11, 2), room=""))
        minutes.number_minutes(s, meeting(s, when=at(2026, 11, 9), room=""))
        assert checks.check(s) == []
        s.get(FilingCounter, ("镇委会纪", 2026)).last = 1
        assert checks.check(s) == ["纪要镇委会纪〔2026〕计数器为1，但已用到2号：再编号会重号。"]


def test_a_meeting_not_yet_held_sends_nothing_to_tasks(uow):
    with uow() as s:
        coming = meeting(s, when=at(2026, 12, 3), room="")
        item = decision(s, coming, deadline=date(2026, 12, 20))
    with uow() as s, pytest.raises(ValidationError, match="会议还没有召开"):
        decisions.send_to_tasks(s, item)

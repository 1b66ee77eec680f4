"""督办: states derived from dates, notes, 办结 evidence, tasks from a 领导批示."""

from __future__ import annotations

from datetime import date

import pytest

from app.services.errors import ValidationError
from app.services.filing import incoming, queries, tasks


@pytest.mark.parametrize(
    ("deadline", "done_on", "today", "state"),
    [
        (date(2026, 3, 10), None, date(2026, 3, 10), "办理中"),
        (date(2026, 3, 10), None, date(2026, 3, 11), "逾期"),
        (date(2026, 3, 10), date(2026, 3, 10), date(2026, 4, 1), "已办结"),
        (date(2026, 3, 10), date(2026, 3, 12), date(2026, 4, 1), "逾期办结"),
    ],
)
def test_state_from_dates(deadline, done_on, today, state):
    assert tasks.task_state(deadline, done_on, today) == state


def _task(uow, deadline=date(2026, 3, 10)) -> int:
    form = tasks.TaskForm("推进高标准农田建设", "农业办", deadline, source_kind="会议",
                          source_text="镇党委会第5次", person="陈主任",
                          assigned_on=date(2026, 3, 1))  # fmt: skip
    with uow() as session:
        return tasks.add_task(session, form)


def test_notes_and_late_finish(uow):
    task_id = _task(uow)
    with uow() as session:
        tasks.add_note(session, task_id, date(2026, 3, 5), "已完成选址")
        assert tasks.get_task(session, task_id, today=date(2026, 3, 13)).days_overdue == 3
        tasks.finish_task(session, task_id, date(2026, 3, 12), "验收报告已存档")
        with pytest.raises(ValidationError, match="不能再添加进展"):
            tasks.add_note(session, task_id, date(2026, 3, 13), "x")
        row = tasks.get_task(session, task_id, today=date(2026, 5, 1))
        assert [n.text for n in tasks.notes(session, task_id)] == ["已完成选址"]
    assert (row.state, row.days_overdue) == ("逾期办结", 2)


def test_rules(uow):
    with uow() as session:
        with pytest.raises(ValidationError, match="来源"):
            tasks.add_task(
                session, tasks.TaskForm("x", "农业办", date(2026, 3, 1), source_kind="x")
            )
        with pytest.raises(ValidationError, match="不能早于交办日期"):
            tasks.add_task(session, tasks.TaskForm("x", "农业办", date(2026, 3, 1),
                                                   assigned_on=date(2026, 3, 2)))  # fmt: skip


def test_task_from_leader_instruction(uow):
    with uow() as session:
        doc_id = incoming.receive(session, incoming.ReceiveForm("县农业农村局", "关于春播的通知"))
        with pytest.raises(ValidationError, match="还没有领导批示"):
            tasks.task_from_instruction(session, doc_id, date(2026, 12, 1))
        incoming.review(session, doc_id)
        incoming.propose(session, doc_id, "拟请李镇长阅示")
        incoming.instruct(session, doc_id, "请农业办抓紧落实", "李镇长")
        task_id = tasks.task_from_instruction(session, doc_id, date(2026, 12, 1), dept="农业办")
        row = tasks.get_task(session, task_id)
    assert row.source_kind == "领导批示" and row.incoming_id == doc_id
    assert "李镇长批示：请农业办抓紧落实" in row.matter


def test_filter_by_derived_state(uow):
    late, on_time = _task(uow), _task(uow, deadline=date(2026, 12, 31))
    today = date(2026, 4, 1)
    with uow() as session:
        flt = queries.FilingFilter(state="逾期")
        assert [r.id for r in queries.list_tasks(session, flt, today=today)] == [late]
        flt = queries.FilingFilter(state="办理中")
        assert [r.id for r in queries.list_tasks(session, flt, today=today)] == [on_time]
        assert queries.count_tasks(session, queries.FilingFilter(), today=today) == 2


def test_task_from_instruction_back_dated(uow):
    """A 批示 entered late keeps the day it was given, so a past deadline is no error."""
    with uow() as session:
        doc_id = incoming.receive(session, incoming.ReceiveForm("县农业农村局", "关于秋收的通知"))
        incoming.review(session, doc_id)
        incoming.propose(session, doc_id, "拟请李镇长阅示")
        incoming.instruct(session, doc_id, "请农业办落实", "李镇长")
        task_id = tasks.task_from_instruction(
            session, doc_id, date(2026, 10, 20), dept="农业办", assigned_on=date(2026, 10, 10)
        )
        row = tasks.get_task(session, task_id)
        with pytest.raises(ValidationError, match="不能早于交办日期"):
            tasks.task_from_instruction(
                session, doc_id, date(2026, 10, 1), assigned_on=date(2026, 10, 10)
            )
    assert row.assigned_on == date(2026, 10, 10) and row.state == "逾期"

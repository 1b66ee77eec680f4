"""首页 from 办会: tomorrow's meeting not yet notified, 议定事项 due, materials not returned."""

from __future__ import annotations

from datetime import date

import pytest

from app.services.errors import ValidationError
from app.services.meetings import attendance, decisions, entries, papers
from app.services.meetings.dto import PaperForm
from app.services.todo import collect
from tests.services.meetings.stock import at, decision, meeting, people

TODAY = date(2026, 11, 30)


def _lines(uow, module="会议"):
    with uow() as s:
        return [i for i in collect(s, TODAY) if i.module == module]


def test_tomorrow_meeting_with_people_not_notified_is_for_today(uow):
    with uow() as s:
        mid = meeting(s, when=at(2026, 12, 1, 9), name="十二月党委会")
        later = meeting(s, when=at(2026, 12, 3, 9), name="下周的会", room="")
        people(s, mid)
        people(s, later)
        first = entries.get_meeting(s, mid).attendees[0]
        attendance.set_notice(s, first.id, "已回执")
    (line,) = _lines(uow)
    assert line.title == "十二月党委会（明天09:00，一楼会议室）"
    assert line.detail == "还有2人未通知"
    assert (line.severity, line.ref_id, line.page) == ("今日", mid, "meetings")
    with uow() as s:
        assert attendance.mark_all_notified(s, mid) == 2
    assert _lines(uow) == []


def test_decisions_due_this_week_until_sent_to_tasks(uow):
    with uow() as s:
        mid = meeting(s)
        soon = decision(s, mid, "本周到期事项", date(2026, 12, 3))
        decision(s, mid, "下月事项", date(2026, 12, 30))
    (line,) = _lines(uow)
    assert (line.title, line.days_left, line.severity) == ("本周到期事项", 3, "临期")
    with uow() as s:
        decisions.send_to_tasks(s, soon)
    assert _lines(uow) == []
    (task,) = _lines(uow, "督办")
    assert task.title == "本周到期事项（牵头领导：张镇长）"
    assert task.detail == "农业办，3天后到期（2026年第1次党委会）"


def test_printed_materials_stay_on_home_until_returned(uow):
    with uow() as s:
        mid = meeting(s, secrecy="秘密", name="人事专题会")
        pid = papers.add_paper(s, mid, PaperForm("干部考察材料", "张镇长", 2, "03-04"))
        coming = meeting(s, when=at(2026, 12, 2), room="", secrecy="秘密")
        papers.add_paper(s, coming, PaperForm("会前材料", "刘委员"))
    (line,) = _lines(uow)
    assert line.title == "干部考察材料（2份 03-04）"
    assert line.detail == "人事专题会发给张镇长，已10天未清退"
    assert line.action == "向张镇长收回材料并登记清退"
    with uow() as s, pytest.raises(ValidationError, match="清退日期不能晚于今天"):
        papers.return_paper(s, pid, "李红", date(2026, 12, 1))
    with uow() as s:
        papers.return_paper(s, pid, "李红")
        assert papers.papers_of(s, mid)[0].returned_on == TODAY
    assert _lines(uow) == []
    with uow() as s, pytest.raises(ValidationError, match="已清退的材料记录不能删除"):
        papers.remove_paper(s, pid)

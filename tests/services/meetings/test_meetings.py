"""Meetings: 届次 per 类型 per year, room overlaps, the list and its counts, 涉密 refusals."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from app import clock
from app.models.meetings import Meeting
from app.services import attachments
from app.services.errors import ConflictError, ValidationError
from app.services.meetings import attendance, entries, rooms
from app.services.meetings.dto import MeetingForm, TopicForm
from tests.services.meetings.stock import at, meeting, people


def test_session_numbers_run_per_kind_per_year(uow):
    with uow() as s:
        a = meeting(s, "党委会", at(2026, 3, 2), room="")
        b = meeting(s, "党委会", at(2026, 3, 9), room="")
        c = meeting(s, "政府常务会", at(2026, 3, 10), room="")
        d = meeting(s, "党委会", at(2027, 1, 5), room="")
        rows = {r.id: r for r in entries.list_meetings(s)}
    assert [rows[i].session_label for i in (a, b, c, d)] == ["第1次", "第2次", "第1次", "第1次"]
    assert rows[b].name == "2026年第2次党委会"
    assert rows[d].name == "2027年第1次党委会"


def test_changing_the_kind_takes_that_series_next_number(uow):
    with uow() as s:
        meeting(s, "专题会", at(2026, 3, 2), room="")
        moved = meeting(s, "党委会", at(2026, 3, 3), room="", name="安全生产会")
        row = entries.get_meeting(s, moved).meeting
        form = MeetingForm("专题会", row.starts_at, name="安全生产会")
        entries.update_meeting(s, moved, form, version=row.version)
        assert entries.get_meeting(s, moved).meeting.session_no == 2


def test_unknown_kind_is_refused(uow):
    with uow() as s, pytest.raises(ValidationError, match="不在设置的类型中"):
        meeting(s, "茶话会")


def test_overlapping_booking_is_refused_naming_the_other_meeting(uow):
    with uow() as s:
        meeting(s, "党委会", at(2026, 12, 2, 9), name="第一季度党委会")
    with uow() as s, pytest.raises(ValidationError, match="已被“第一季度党委会”占用"):
        meeting(s, "专题会", at(2026, 12, 2, 10, 30))
    with uow() as s:  # back to back, another room, or no room: all fine
        meeting(s, "专题会", at(2026, 12, 2, 11))
        meeting(s, "专题会", at(2026, 12, 2, 10), room="三楼会议室")
        meeting(s, "专题会", at(2026, 12, 2, 10), room="")
        assert [b.name for b in rooms.bookings(s, at(2026, 12, 2).date(), "一楼会议室")] == [
            "第一季度党委会", "2026年第1次专题会"]  # fmt: skip
        assert s.scalar(select(func.count()).select_from(Meeting)) == 4


def test_editing_a_meeting_into_a_taken_room_is_refused(uow):
    with uow() as s:
        meeting(s, "党委会", at(2026, 12, 2, 9), name="甲会")
        other = meeting(s, "党委会", at(2026, 12, 2, 14), name="乙会")
        row = entries.get_meeting(s, other).meeting
        entries.update_meeting(s, other, MeetingForm("党委会", at(2026, 12, 2, 15), name="乙会",
                                                     room="一楼会议室"), row.version)  # fmt: skip
    with uow() as s, pytest.raises(ValidationError, match="已被“甲会”占用"):
        entries.update_meeting(s, other, MeetingForm("党委会", at(2026, 12, 2, 10), name="乙会",
                                                     room="一楼会议室"))  # fmt: skip


def test_stale_edit_is_refused(uow):
    with uow() as s:
        mid = meeting(s)
        seen = entries.get_meeting(s, mid).meeting.version
        entries.update_meeting(s, mid, MeetingForm("党委会", at(2026, 11, 20), name="改名"), seen)
    with uow() as s, pytest.raises(ConflictError):
        entries.update_meeting(s, mid, MeetingForm("党委会", at(2026, 11, 20), name="再改"), seen)


def test_a_stale_seen_meeting_is_refused_by_the_house_check(uow):
    from app.services import versions

    with uow() as s:
        mid = meeting(s)
        seen = versions.Seen("会议", mid, entries.get_meeting(s, mid).meeting.version)
        entries.update_meeting(s, mid, MeetingForm("党委会", at(2026, 11, 20), name="改名"))
    with uow() as s, pytest.raises(ConflictError, match="会议“改名”已被"):
        versions.require_current(s, seen)


def test_room_not_on_the_list_is_refused(uow):
    with uow() as s, pytest.raises(ValidationError, match="不在会议室列表中"):
        meeting(s, room="村部")


def test_topics_keep_their_record_and_order(uow):
    with uow() as s:
        mid = meeting(s)
        entries.set_topics(s, mid, [TopicForm("研究秋冬季防火"), TopicForm("审议财务预算")])
        _first, second = entries.topics_of(s, mid)
        entries.save_record(s, second.id, "会议同意预算草案。")
        entries.set_topics(s, mid, [TopicForm("审议财务预算", id=second.id),
                                    TopicForm("其他事项")])  # fmt: skip
        topics = entries.topics_of(s, mid)
    assert [(t.position, t.title, t.record) for t in topics] == [
        (1, "审议财务预算", "会议同意预算草案。"), (2, "其他事项", "")]  # fmt: skip


def test_secret_meeting_refuses_record_text_and_attachments(uow, tmp_path):
    scan = tmp_path / "材料.pdf"
    scan.write_bytes(b"%PDF-1.4 test")
    with uow() as s:
        mid = meeting(s, secrecy="秘密")
        entries.set_topics(s, mid, [TopicForm("研究干部人事")])
        topic = entries.topics_of(s, mid)[0]
    with uow() as s, pytest.raises(ValidationError, match=r"涉密会议（秘密）.*不能录入会议记录"):
        entries.save_record(s, topic.id, "讨论情况……")
    with uow() as s, pytest.raises(ValidationError, match="密级“秘密”，不能添加电子附件"):
        attachments.attach(s, "会议", mid, scan)
    with uow() as s:
        assert attachments.refusal(s, "会议", mid) is not None
        assert entries.topics_of(s, mid)[0].record == ""
        plain = meeting(s, "专题会", room="")
        attachments.attach(s, "会议", plain, scan)
        assert len(attachments.list_for(s, "会议", plain)) == 1


def test_a_meeting_with_text_cannot_be_marked_secret(uow):
    with uow() as s:
        mid = meeting(s)
        entries.set_topics(s, mid, [TopicForm("研究干部人事")])
        entries.save_record(s, entries.topics_of(s, mid)[0].id, "记录")
    with uow() as s, pytest.raises(ValidationError, match="须先删除才能标为涉密"):
        entries.update_meeting(s, mid, MeetingForm("党委会", at(2026, 11, 20), secrecy="秘密"))


def test_attendance_counts_and_sign_in(uow):
    with uow() as s:
        mid = meeting(s)
        people(s, mid, observers=("赵所长",))
        wang, zhang, liu, _zhao = entries.get_meeting(s, mid).attendees
        attendance.sign_in(s, wang.id, True)
        attendance.sign_in(s, zhang.id, True, late=True)
        attendance.sign_in(s, liu.id, False, absent_reason="出差")
        detail = entries.get_meeting(s, mid)
    row = detail.meeting
    assert (row.expected, row.present, row.observers) == (3, 2, 1)
    assert [(a.name, a.absent_reason) for a in detail.absent] == [("刘委员", "出差")]
    assert [a.late for a in detail.attendees] == [False, True, False, False]


def test_sign_in_refuses_contradictions(uow):
    with uow() as s:
        mid = meeting(s)
        people(s, mid)
        person = entries.get_meeting(s, mid).attendees[0]
    with uow() as s, pytest.raises(ValidationError, match="缺席的人不能标为迟到"):
        attendance.sign_in(s, person.id, False, late=True)
    with uow() as s, pytest.raises(ValidationError, match="不填缺席原因"):
        attendance.sign_in(s, person.id, True, absent_reason="请假")


def _wang_replied(s) -> tuple[int, Any]:
    """A meeting of three, 王书记 having sent his 回执; the meeting and his row."""
    mid = meeting(s)
    people(s, mid)
    wang = entries.get_meeting(s, mid).attendees[0]
    attendance.set_notice(s, wang.id, "已回执")
    return mid, wang


def test_list_keeps_marks_when_the_list_is_edited(uow):
    from app.services.meetings.dto import AttendeeForm

    with uow() as s:
        mid, wang = _wang_replied(s)
        attendance.set_attendees(s, mid, [AttendeeForm("王书记", id=wang.id),
                                          AttendeeForm("新委员")])  # fmt: skip
        shown = [(a.name, a.notice) for a in entries.get_meeting(s, mid).attendees]
    assert shown == [("王书记", "已回执"), ("新委员", "未通知")]


def test_the_audit_names_the_meeting_and_who_was_notified(uow):
    from app.models.audit import AuditEntry

    with uow() as s:
        mid, _wang = _wang_replied(s)
        attendance.mark_all_notified(s, mid)
        name = entries.get_meeting(s, mid).meeting.name
        said = s.scalars(select(AuditEntry.summary).where(AuditEntry.action == "通知")
                         .order_by(AuditEntry.id)).all()  # fmt: skip
    assert said == [f"{name}：王书记已回执", f"{name}：2 人已通知"]


def test_year_follows_the_local_date(uow):
    with uow() as s:
        mid = meeting(s, when=at(2027, 1, 1, 0, 30), room="")
        assert entries.get_meeting(s, mid).meeting.year == 2027
    assert clock.today().year == 2026


def test_deleting_a_meeting_takes_its_materials(uow, tmp_path):
    scan = tmp_path / "议程.pdf"
    scan.write_bytes(b"%PDF-1.4 agenda")
    with uow() as s:
        mid = meeting(s)
        attachments.attach(s, "会议", mid, scan)
    with uow() as s:
        entries.delete_meeting(s, mid)
        assert attachments.list_for(s, "会议", mid) == []
        assert s.get(Meeting, mid) is None


@pytest.mark.parametrize("change", ["名单", "议题"])
def test_a_list_saved_elsewhere_moves_the_meetings_version(uow, change):
    """Two windows on one meeting: the 名单 or 议题 saved in one makes the other's copy stale
    (the lists are saved whole, so the second save would drop the first one's lines)."""
    from app.services import versions

    with uow() as s:
        mid = meeting(s)
        seen = versions.Seen("会议", mid, entries.get_meeting(s, mid).meeting.version)
    with uow() as s:
        if change == "名单":
            people(s, mid, ("甲", "乙"))
        else:
            entries.set_topics(s, mid, [TopicForm("研究防汛工作")])
    with uow() as s, pytest.raises(ConflictError):
        versions.require_current(s, seen)

"""The 办会 page driven by keyboard; every result checked through the services."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from app.services.filing import tasks
from app.services.meetings import attendance, decisions, entries
from app.services.session import unit_of_work
from app.ui.meetings.meeting_dialog import MeetingDialog
from app.ui.meetings.minutes_tab import DecisionDialog, NumberDialog
from app.ui.meetings.people_tab import AbsentDialog, PeopleDialog
from app.ui.meetings.topics_tab import TopicDialog
from app.ui.messages import open_error_boxes
from tests.services.meetings.stock import at, decision, meeting, people
from tests.ui.meetings.conftest import opened, select
from tests.ui.typing_helpers import press, type_text

CTRL = Qt.KeyboardModifier.ControlModifier


def save(qtbot, dialog) -> None:
    press(qtbot, dialog.focusWidget() or dialog, Qt.Key.Key_Return, CTRL)


def test_a_meeting_entered_by_keyboard_with_its_people_and_topics(qtbot, admin, page):
    press(qtbot, page.list.view, Qt.Key.Key_N, CTRL)
    dialog = opened(qtbot, MeetingDialog)
    assert dialog.focusWidget() is dialog.kind and dialog.kind.currentText() == "党委会"
    assert dialog.session_no.text().startswith("2026年第1次")
    press(qtbot, dialog.kind, Qt.Key.Key_Tab)  # 名称 left blank: named by its 届次
    press(qtbot, dialog.name, Qt.Key.Key_Tab)
    dialog.starts.selectAll()
    type_text(qtbot, dialog.starts, "2026.12.2 14:30")
    press(qtbot, dialog.starts, Qt.Key.Key_Tab)
    type_text(qtbot, dialog.ends, "2026.12.2 16:00")
    dialog.room.setFocus()
    press(qtbot, dialog.room, Qt.Key.Key_Down)  # 一楼会议室
    type_text(qtbot, dialog.host, "王书记")
    type_text(qtbot, dialog.recorder, "李红")
    press(qtbot, dialog.recorder, Qt.Key.Key_Return)
    assert dialog.errors() == {}
    qtbot.waitUntil(lambda: not dialog.isVisible())
    with unit_of_work(admin) as s:
        (row,) = entries.list_meetings(s)
    assert (row.name, row.kind, row.session_no, row.room, row.host, row.recorder) == (
        "2026年第1次党委会", "党委会", 1, "一楼会议室", "王书记", "李红"
    )  # fmt: skip
    assert row.starts_at.astimezone().strftime("%Y-%m-%d %H:%M") == "2026-12-02 14:30"
    assert page.detail is not None and page.detail.meeting.id == row.id

    page.people.buttons["editPeople"].click()
    names = opened(qtbot, PeopleDialog)
    type_text(qtbot, names.expected, "王书记 镇党委 书记")
    press(qtbot, names.expected, Qt.Key.Key_Return)  # a new line, not a save
    type_text(qtbot, names.expected, "张镇长 镇政府 镇长")
    press(qtbot, names.expected, Qt.Key.Key_Tab)
    type_text(qtbot, names.observers, "赵所长 财政所 所长")
    save(qtbot, names)
    qtbot.waitUntil(lambda: not names.isVisible())

    page.topics.buttons["addTopic"].click()
    topic = opened(qtbot, TopicDialog)
    type_text(qtbot, topic.title, "研究冬季防火工作")
    type_text(qtbot, topic.reporter, "张镇长")
    press(qtbot, topic.reporter, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not topic.isVisible())
    with unit_of_work(admin) as s:
        detail = entries.get_meeting(s, row.id)
    assert [(a.name, a.unit, a.title, a.role, a.notice) for a in detail.attendees] == [
        ("王书记", "镇党委", "书记", "参会", "未通知"),
        ("张镇长", "镇政府", "镇长", "参会", "未通知"),
        ("赵所长", "财政所", "所长", "列席", "未通知"),
    ]
    assert [(t.title, t.reporter) for t in detail.topics] == [("研究冬季防火工作", "张镇长")]
    assert page.people.table.rowCount() == 3 and page.topics.table.rowCount() == 1
    assert "应到 2 人" in page.people.summary.text()


def test_a_booked_room_is_refused_beside_the_room_field(qtbot, admin, page):
    with unit_of_work(admin) as s:
        meeting(s, when=at(2026, 12, 1, 9), room="一楼会议室")
    page.reload()
    page.new_meeting()
    dialog = opened(qtbot, MeetingDialog)
    dialog.starts.selectAll()
    type_text(qtbot, dialog.starts, "2026-12-01 10:00")
    dialog.room.setFocus()
    press(qtbot, dialog.room, Qt.Key.Key_Down)
    save(qtbot, dialog)
    assert dialog.isVisible()
    assert "已被“2026年第1次党委会”占用" in dialog.errors()["room"]
    assert dialog.focusWidget() is dialog.room
    with unit_of_work(admin) as s:
        assert len(entries.list_meetings(s)) == 1
    dialog.room.setCurrentIndex(2)  # 三楼会议室 is free: it saves
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    with unit_of_work(admin) as s:
        assert sorted((m.session_no, m.room) for m in entries.list_meetings(s)) == [
            (1, "一楼会议室"), (2, "三楼会议室")
        ]  # fmt: skip


def test_notice_and_sign_in_ticks(qtbot, admin, page):
    with unit_of_work(admin) as s:
        mid = meeting(s)  # 2026-11-20, held already
        people(s, mid, names=("王书记", "张镇长", "刘委员"), observers=("赵所长",))
    select(page, mid)
    table = page.people.table
    page.people.buttons["allNotified"].click()
    table.setFocus()
    table.setCurrentCell(0, 5)  # 王书记's 签到
    press(qtbot, table, Qt.Key.Key_Space)
    table.setCurrentCell(1, 5)  # 张镇长 came, late
    press(qtbot, table, Qt.Key.Key_Space)
    table.setCurrentCell(1, 6)
    press(qtbot, table, Qt.Key.Key_Space)
    table.selectRow(2)  # 刘委员 is away on business
    page.people.buttons["absent"].click()
    away = opened(qtbot, AbsentDialog)
    away.reason.setCurrentText("出差")
    press(qtbot, away.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not away.isVisible())
    with unit_of_work(admin) as s:
        marks = [(a.name, a.notice, a.present, a.late, a.absent_reason)
                 for a in attendance.attendees_of(s, mid)]  # fmt: skip
        row = entries.get_meeting(s, mid).meeting
    assert marks == [
        ("王书记", "已通知", True, False, ""),
        ("张镇长", "已通知", True, True, ""),
        ("刘委员", "已通知", False, False, "出差"),
        ("赵所长", "已通知", None, False, ""),
    ]
    assert (row.expected, row.present, row.observers) == (3, 2, 1)
    assert "缺席 1 人，迟到 1 人" in page.people.summary.text()
    assert table.item(1, 6).checkState() == Qt.CheckState.Checked


def test_decisions_sent_to_tasks_one_and_all_link_back(qtbot, admin, page):
    with unit_of_work(admin) as s:
        mid = meeting(s)
    select(page, mid)
    tab = page.minutes
    tab.buttons["numberMinutes"].click()
    number = opened(qtbot, NumberDialog)
    press(qtbot, number.title, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not number.isVisible())
    assert tab.facts["number"].text() == "镇委会纪〔2026〕1号"
    for matter, dept, deadline in (("推进高标准农田建设", "农业办", "2026.12.4"),
                                   ("整治人居环境", "村建办", "20261215")):  # fmt: skip
        tab.buttons["addDecision"].click()
        dialog = opened(qtbot, DecisionDialog)
        type_text(qtbot, dialog.matter, matter)
        type_text(qtbot, dialog.leader, "张镇长")
        type_text(qtbot, dialog.dept, dept)
        type_text(qtbot, dialog.deadline, deadline)
        press(qtbot, dialog.deadline, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda d=dialog: not d.isVisible())
    assert tab.table.rowCount() == 2 and tab.table.item(0, 6).text() == "未转督办"
    tab.table.selectRow(0)
    first = tab.send_one()
    assert first is not None and tab.table.item(0, 6).text() == "办理中"
    assert not tab.buttons["sendOne"].isEnabled()  # the selected one went already
    rest = tab.send_all()
    assert rest is not None and len(rest) == 1
    with unit_of_work(admin) as s:
        items = decisions.decisions_of(s, mid, date(2026, 11, 30))
        task_ids = [first, *rest]
        found = [tasks.get_task(s, t) for t in task_ids]
        links = [decisions.decision_of_task(s, t) for t in task_ids]
    assert [i.task_id for i in items] == task_ids
    assert [link.meeting_id for link in links if link] == [mid, mid]
    assert {link.minutes_doc_number for link in links if link} == {"镇委会纪〔2026〕1号"}
    assert [(t.source_kind, t.dept, t.deadline) for t in found] == [
        ("会议", "农业办", date(2026, 12, 4)), ("会议", "村建办", date(2026, 12, 15))
    ]  # fmt: skip
    assert all(t.source == "2026年第1次党委会 镇委会纪〔2026〕1号" for t in found)
    assert [b.text() for b in open_error_boxes()] == []


def test_the_list_fits_a_1366_screen_without_scrolling_sideways(qtbot, admin):
    """Every column filled (纪要编号, 议定事项): the list fitted while hidden overflowed the
    page and scrolled sideways for the air around each column alone."""
    from app.services.meetings import minutes
    from app.ui.main_window import MainWindow

    with unit_of_work(admin) as s:
        for n in range(3):
            mid = meeting(s, "政府常务会", at(2026, 11, 2 + n), room="三楼会议室")
            people(s, mid, observers=("赵所长", "钱所长"))
            minutes.number_minutes(s, mid)
            decision(s, mid)
    window = MainWindow(admin, "某某镇人民政府")
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    page = window.show_page("meetings")
    view = page.list.view
    qtbot.waitUntil(lambda: page.list.model.rowCount() == 3)
    qtbot.waitUntil(lambda: not view.horizontalScrollBar().isVisible())
    widths = [view.columnWidth(c) for c in range(view.horizontalHeader().count())]
    assert sum(widths) <= view.viewport().width()
    name = page.list.model.index(0, 0).data()
    assert view.fontMetrics().horizontalAdvance(name) < widths[0]  # still whole

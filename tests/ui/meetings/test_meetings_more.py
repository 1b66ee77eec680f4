"""办会: 涉密 refusals, every dialog closes by Esc and by its window button, a stale save,
the prints and exports, 设置 → 办会, and 督办 naming its meeting."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from app.services.filing import tasks
from app.services.meetings import attendance, config, decisions, entries, minutes, papers
from app.services.meetings.dto import MeetingForm, PaperForm
from app.services.session import unit_of_work
from app.services.users import Role
from app.ui.kit.attachments_dialog import AttachmentsDialog
from app.ui.meetings.meeting_dialog import MeetingDialog
from app.ui.meetings.papers_tab import PaperDialog, ReturnDialog
from app.ui.messages import RELOAD, open_error_boxes
from tests.services.meetings.stock import at, decision, meeting, people
from tests.ui.meetings.conftest import opened, select
from tests.ui.typing_helpers import press, type_text

CTRL = Qt.KeyboardModifier.ControlModifier


def _secret(admin) -> int:
    with unit_of_work(admin) as s:
        mid = meeting(s, secrecy="机密")
        entries.set_topics(s, mid, [entries.TopicForm("研究一项涉密工作")])
    return mid


def test_a_secret_meeting_keeps_no_record_text_and_no_files(qtbot, admin, page):
    mid = _secret(admin)
    select(page, mid)
    topics = page.topics
    page.tabs.setCurrentWidget(topics)
    topics.table.selectRow(0)
    assert topics.secret.isVisibleTo(page) and "涉密会议（机密）" in topics.secret.text()
    assert not topics.record.isVisibleTo(page) and not topics.save_button.isVisibleTo(page)
    assert "【涉密：机密】" in page.heading.text()
    files = page.papers.files()
    assert isinstance(files, AttachmentsDialog)
    qtbot.addWidget(files)
    assert files.refusal.isVisibleTo(files)
    assert "密级“机密”，不能添加电子附件" in files.refusal.text()
    assert not files.add_button.isEnabled()
    files.pick_files = lambda: [__file__]  # even if pressed: refused, nothing stored
    files.add_files()
    assert "涉密" in files.error.text() and files.table.rowCount() == 0
    files.reject()
    # the printed copies handed out are listed, and their 清退 recorded
    page.papers.add_paper()
    paper = opened(qtbot, PaperDialog)
    type_text(qtbot, paper.title, "会议材料（机密）")
    paper.copies.setValue(5)
    type_text(qtbot, paper.serials, "01-05")
    type_text(qtbot, paper.holder, "王书记")
    press(qtbot, paper.holder, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not paper.isVisible())
    page.papers.table.selectRow(0)
    page.papers.give_back()
    back = opened(qtbot, ReturnDialog)
    press(qtbot, back.returned_to, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not back.isVisible())
    with unit_of_work(admin) as s:
        (row,) = papers.papers_of(s, mid)
    assert (row.copies, row.serials, row.holder, row.returned_on, row.returned_to) == (
        5, "01-05", "王书记", date(2026, 11, 30), "管理员"
    )  # fmt: skip
    assert "都已清退" in page.papers.hint.text()


def test_marking_a_meeting_with_record_text_secret_is_refused_beside_the_field(qtbot, admin, page):
    with unit_of_work(admin) as s:
        mid = meeting(s)
        entries.set_topics(s, mid, [entries.TopicForm("研究防汛")])
    select(page, mid)
    page.topics.table.selectRow(0)
    type_text(qtbot, page.topics.record, "会议同意防汛预案。")
    page.topics.save_button.click()
    page.edit_meeting()
    dialog = opened(qtbot, MeetingDialog)
    dialog.secrecy.setCurrentText("秘密")
    press(qtbot, dialog.host, Qt.Key.Key_Return)
    assert dialog.isVisible() and "须先删除才能标为涉密" in dialog.errors()["secrecy"]
    with unit_of_work(admin) as s:
        assert entries.get_meeting(s, mid).meeting.secrecy is None
        assert entries.topics_of(s, mid)[0].record == "会议同意防汛预案。"


def test_a_stale_save_says_who_saved_first_and_reloads(qtbot, admin, make_user, page):
    director = make_user(Role.DIRECTOR, "zhuren")
    with unit_of_work(admin) as s:
        mid = meeting(s)
    select(page, mid)
    page.edit_meeting()
    dialog = opened(qtbot, MeetingDialog)
    with unit_of_work(director) as s:  # the other window saves first
        m = entries.get_meeting(s, mid).meeting
        form = MeetingForm(
            m.kind, m.starts_at, ends_at=m.ends_at, room=m.room, host="张镇长", recorder=m.recorder
        )
        entries.update_meeting(s, mid, form, m.version)
    dialog.recorder.clear()
    type_text(qtbot, dialog.recorder, "陈干事")
    press(qtbot, dialog.recorder, Qt.Key.Key_Return)
    assert dialog.isVisible()
    [box] = open_error_boxes()
    assert "zhuren" in box.text() and "重新载入" in box.text()
    again = next(b for b in box.buttons() if b.text() == RELOAD)
    qtbot.mouseClick(again, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.host.text() == "张镇长")
    assert dialog.recorder.text() == "李红"  # the saved copy, to edit again
    dialog.recorder.clear()
    type_text(qtbot, dialog.recorder, "陈干事")
    press(qtbot, dialog.recorder, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    with unit_of_work(admin) as s:
        m = entries.get_meeting(s, mid).meeting
    assert (m.host, m.recorder) == ("张镇长", "陈干事")


def _stock(admin) -> int:
    with unit_of_work(admin) as s:
        mid = meeting(s)
        people(s, mid, observers=("赵所长",))
        entries.set_topics(s, mid, [entries.TopicForm("研究防汛", "张镇长")])
        decision(s, mid)
        minutes.number_minutes(s, mid)
        minutes.issue_minutes(s, mid, date(2026, 11, 25))
        papers.add_paper(s, mid, PaperForm("会议材料", "王书记", 2, "01-02"))
    return mid


# Each dialog the page opens: how to open it on a stocked meeting.
OPENERS = {
    "会议": lambda p: p.new_meeting(),
    "修改会议": lambda p: p.edit_meeting(),
    "名单": lambda p: p.people.edit_people(),
    "缺席": lambda p: (p.people.table.selectRow(0), p.people.absent())[1],
    "议题": lambda p: p.topics.add_topic(),
    "修改议题": lambda p: (p.topics.table.selectRow(0), p.topics.edit_topic())[1],
    "材料发放": lambda p: p.papers.add_paper(),
    "附件": lambda p: p.papers.files(),
    "清退": lambda p: (p.papers.table.selectRow(0), p.papers.give_back())[1],
    "纪要编号": lambda p: p.minutes.number(),
    "印发": lambda p: p.minutes.issue(),
    "登记发文": lambda p: p.minutes.register(),
    "议定事项": lambda p: p.minutes.add_decision(),
    "修改议定事项": lambda p: (p.minutes.table.selectRow(0), p.minutes.edit_decision())[1],
}


@pytest.mark.parametrize("name", list(OPENERS))
@pytest.mark.parametrize("how", ["Esc", "关闭按钮"])
def test_every_dialog_closes_by_esc_and_by_its_window_button(qtbot, admin, page, name, how):
    mid = _stock(admin)
    select(page, mid)
    dialog = OPENERS[name](page)
    assert isinstance(dialog, QDialog), name
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    if how == "Esc":
        press(qtbot, dialog.focusWidget() or dialog, Qt.Key.Key_Escape)
    else:
        dialog.close()  # what the title bar's × does
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.result() == QDialog.DialogCode.Rejected
    with unit_of_work(admin) as s:
        assert len(entries.list_meetings(s)) == 1
        assert len(entries.get_meeting(s, mid).attendees) == 4


def test_the_prints_and_the_meetings_exports(qtbot, admin, page, tmp_path: Path):
    mid = _stock(admin)
    select(page, mid)
    for key in ("notice", "signSheet", "minutes", "decisionsSheet"):
        target = tmp_path / f"{key}.pdf"
        page.prints.ask_path = lambda _n, _t, t=target: str(t)
        task = page.prints.start(key)
        assert task is not None
        qtbot.waitUntil(lambda t=task: t.done, timeout=20000)
        assert task.error is None, (key, task.error)
        assert target.read_bytes().startswith(b"%PDF"), key
    for action, name in ((page.export, "登记簿.xlsx"), (page.decisions_export, "落实.xlsx")):
        action.ask_path = lambda n=name: str(tmp_path / n)
        task = action.start()
        assert task is not None
        qtbot.waitUntil(lambda t=task: t.done, timeout=20000)
        assert task.error is None and (tmp_path / name).stat().st_size > 0


def test_meeting_settings_lists(qtbot, admin):
    from app.ui.meetings.settings_tab import MeetingSettingsTab

    tab = MeetingSettingsTab(admin)
    qtbot.addWidget(tab)
    tab.rooms.moveCursor(tab.rooms.textCursor().MoveOperation.End)
    press(qtbot, tab.rooms, Qt.Key.Key_Return)
    type_text(qtbot, tab.rooms, "二楼小会议室")
    tab.kinds.moveCursor(tab.kinds.textCursor().MoveOperation.End)
    press(qtbot, tab.kinds, Qt.Key.Key_Return)
    type_text(qtbot, tab.kinds, "安委会")
    tab.save_button.click()
    with unit_of_work(admin) as s:
        assert config.rooms(s)[-1] == "二楼小会议室"
        assert config.kinds(s)[-1] == "安委会"
        assert config.minutes_codes(s)["安委会"] == "镇会纪"  # the default until typed
    assert tab.codes.rowCount() == 6
    tab.kinds.clear()
    tab.save_button.click()
    assert "至少填写一个会议类型" in tab.message.text() and tab.message.isVisibleTo(tab)
    with unit_of_work(admin) as s:
        assert "安委会" in config.kinds(s)


def test_tasks_page_names_the_meeting_and_its_minutes_and_opens_it(qtbot, admin):
    from app.ui.main_window import MainWindow

    mid = _stock(admin)
    with unit_of_work(admin) as s:
        (item,) = decisions.decisions_of(s, mid, date(2026, 11, 30))
        task_id = decisions.send_to_tasks(s, item.id)
        assert tasks.get_task(s, task_id).source == "2026年第1次党委会 镇委会纪〔2026〕1号"
    window = MainWindow(admin, "某某镇人民政府")
    qtbot.addWidget(window)
    window.show()
    tasks_page = window.show_page("tasks")
    tasks_page.select_id(task_id)
    qtbot.waitUntil(lambda: "来源会议" in tasks_page.notes.text())
    assert "来源会议：2026年第1次党委会（镇委会纪〔2026〕1号）" in tasks_page.notes.text()
    tasks_page.action_buttons["打开来源会议"].click()
    meetings_page = window.stack.currentWidget()
    assert window.nav.currentItem().text() == "办会"
    assert meetings_page.detail is not None and meetings_page.detail.meeting.id == mid


def test_a_clerk_reads_the_meeting_lists_but_cannot_change_them(qtbot, make_user):
    from app.ui.meetings.settings_tab import MeetingSettingsTab

    tab = MeetingSettingsTab(make_user(Role.CLERK))
    qtbot.addWidget(tab)
    assert tab.rooms.isReadOnly() and tab.kinds.isReadOnly()
    assert not tab.save_button.isVisibleTo(tab)
    assert "一楼会议室" in tab.rooms.toPlainText()


def test_a_record_typed_is_kept_when_the_clerk_moves_to_the_next_topic(qtbot, admin, page):
    with unit_of_work(admin) as s:
        mid = meeting(s)
        entries.set_topics(s, mid, [entries.TopicForm("研究防汛"), entries.TopicForm("研究防火")])
    select(page, mid)
    page.tabs.setCurrentWidget(page.topics)
    page.topics.table.selectRow(0)
    type_text(qtbot, page.topics.record, "会议同意防汛预案。")
    page.topics.table.selectRow(1)  # no 保存记录 pressed
    qtbot.waitUntil(lambda: page.topics.table.item(0, 3).text() == "有")
    with unit_of_work(admin) as s:
        assert [t.record for t in entries.topics_of(s, mid)] == ["会议同意防汛预案。", ""]
    assert page.topics.selected().title == "研究防火" and page.topics.record.toPlainText() == ""
    page.topics.table.selectRow(0)
    assert page.topics.record.toPlainText() == "会议同意防汛预案。"


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_home_item_of_tomorrows_meeting_opens_it_and_notifying_clears_it(qtbot, admin):
    from app.ui.main_window import MainWindow

    with unit_of_work(admin) as s:
        mid = meeting(s, when=at(2026, 12, 1, 9))  # tomorrow
        people(s, mid)
    window = MainWindow(admin, "某某镇人民政府")
    qtbot.addWidget(window)
    window.show()
    home = window.stack.currentWidget()
    qtbot.waitUntil(lambda: not home.reads.busy)
    titles = [home.model.index(r, 2).data() for r in range(home.model.rowCount())]
    row = next(i for i, t in enumerate(titles) if t.startswith("2026年第1次党委会（明天09:00"))
    home.table.setFocus()
    home.table.setCurrentIndex(home.model.index(row, 2))
    press(qtbot, home.table, Qt.Key.Key_Return)
    page = window.stack.currentWidget()
    assert page.property("pageKey") == "meetings"
    assert page.detail is not None and page.detail.meeting.id == mid
    page.people.buttons["allNotified"].click()
    window.show_page("home")
    qtbot.waitUntil(lambda: not home.reads.busy)
    titles = [home.model.index(r, 2).data() for r in range(home.model.rowCount())]
    assert not any(t.startswith("2026年第1次党委会") for t in titles)


def test_a_task_finished_in_the_tasks_register_shows_its_state_and_evidence(qtbot, admin, page):
    from app.ui import ops

    with unit_of_work(admin) as s:
        mid = meeting(s)
        task_id = decisions.send_to_tasks(s, decision(s, mid))
    select(page, mid)
    assert page.minutes.table.item(0, 6).text() == "办理中"
    ops.perform(admin, lambda s: tasks.finish_task(s, task_id, date(2026, 11, 29), "已验收"),
                touches=("督办",))  # fmt: skip
    qtbot.waitUntil(lambda: page.minutes.table.item(0, 6).text() == "已办结")
    assert page.minutes.table.item(0, 7).text() == "2026-11-29"
    assert page.minutes.table.item(0, 8).text() == "已验收"


def test_a_change_on_a_meeting_someone_saved_since_is_refused_and_reloads(
    qtbot, admin, make_user, page
):
    from app.ui.meetings.minutes_tab import DecisionDialog

    director = make_user(Role.DIRECTOR, "zhuren")
    with unit_of_work(admin) as s:
        mid = meeting(s)
        people(s, mid)
    select(page, mid)

    def other_window_saves(host: str) -> None:
        with unit_of_work(director) as s:
            m = entries.get_meeting(s, mid).meeting
            form = MeetingForm(m.kind, m.starts_at, ends_at=m.ends_at, room=m.room, host=host,
                               recorder=m.recorder)  # fmt: skip
            entries.update_meeting(s, mid, form, m.version)

    other_window_saves("张镇长")
    page.people.buttons["allNotified"].click()
    [box] = open_error_boxes()
    assert "zhuren" in box.text() and "重新载入" in box.text()
    with unit_of_work(admin) as s:
        assert {a.notice for a in attendance.attendees_of(s, mid)} == {"未通知"}
    qtbot.mouseClick(
        next(b for b in box.buttons() if b.text() == RELOAD), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: "主持：张镇长" in page.heading.text())
    page.people.buttons["allNotified"].click()  # the fresh copy: it goes through
    with unit_of_work(admin) as s:
        assert {a.notice for a in attendance.attendees_of(s, mid)} == {"已通知"}

    page.minutes.add_decision()
    dialog = opened(qtbot, DecisionDialog)
    other_window_saves("王书记")
    type_text(qtbot, dialog.matter, "修缮村道")
    type_text(qtbot, dialog.dept, "村建办")
    type_text(qtbot, dialog.deadline, "2026.12.20")
    press(qtbot, dialog.deadline, Qt.Key.Key_Return)
    assert dialog.isVisible() and "zhuren" in dialog.errors()[""]
    box = next(b for b in open_error_boxes() if "重新载入" in b.text())
    qtbot.mouseClick(
        next(b for b in box.buttons() if b.text() == RELOAD), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert "主持：王书记" in page.heading.text()
    with unit_of_work(admin) as s:
        assert decisions.decisions_of(s, mid, date(2026, 11, 30)) == []


def test_topics_move_up_keeping_their_records(qtbot, admin, page):
    with unit_of_work(admin) as s:
        mid = meeting(s)
        entries.set_topics(s, mid, [entries.TopicForm("研究防汛"), entries.TopicForm("研究防火")])
        entries.save_record(s, entries.topics_of(s, mid)[1].id, "同意防火方案。")
    select(page, mid)
    page.topics.table.selectRow(1)
    page.topics.buttons["upTopic"].click()
    with unit_of_work(admin) as s:
        order = [(t.position, t.title, t.record) for t in entries.topics_of(s, mid)]
    assert order == [(1, "研究防火", "同意防火方案。"), (2, "研究防汛", "")]
    assert page.topics.selected().title == "研究防火"  # the moved one stays selected

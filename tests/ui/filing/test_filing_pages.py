"""公文 windows driven as a clerk: keyboard 签收, 传阅/收回, 发文 登记 and 作废, import errors."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest
from PySide6.QtCore import Qt

from app import clock
from app.services import audit
from app.services.context import Role
from app.services.filing import handling, incoming, outgoing, queries, tasks
from app.services.filing.queries import FilingFilter
from app.services.session import unit_of_work
from app.ui.filing.incoming_page import IncomingPage
from app.ui.filing.outgoing_page import OutgoingPage
from app.ui.filing.tasks_page import TasksPage
from app.ui.kit import OVERDUE
from app.ui.messages import RELOAD, open_error_boxes
from tests.ui.typing_helpers import press, type_text


def _page(qtbot, cls, actor):
    page = cls(actor)
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    return page


def _incoming(actor):
    with unit_of_work(actor) as session:
        return queries.list_incoming(session, FilingFilter())


# The offscreen platform cannot grab the keyboard for the 来文机关 completion popup.
@pytest.mark.qt_log_ignore(
    "This plugin does not support grabbing the keyboard", "This plugin does not support raise"
)
def test_receive_by_keyboard_only(qtbot, admin):
    page = _page(qtbot, IncomingPage, admin)
    press(qtbot, page.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = page.receive_dialog
    assert dialog is not None and dialog.isVisible()
    type_text(qtbot, dialog.sender_edit, "县委办公室")
    type_text(qtbot, dialog.number, "县委办发[2026]08号")
    type_text(qtbot, dialog.title, "关于做好节日值班工作的通知")
    for _ in range(8):
        press(qtbot, dialog.doc_type, Qt.Key.Key_Down)
    press(qtbot, dialog.urgency, Qt.Key.Key_Down)
    type_text(qtbot, dialog.pages, "3")
    type_text(qtbot, dialog.issued_on, "2026.3.5")
    press(qtbot, dialog.issued_on, Qt.Key.Key_Return)
    rows = _incoming(admin)
    assert [(r.sender, r.sender_doc_number, r.doc_type, r.urgency) for r in rows] == [
        ("县委办公室", "县委办发〔2026〕8号", "通知", "特急")
    ]
    assert rows[0].receipt_no in dialog.status.text()
    assert dialog.sender_edit.text() == "" and dialog.title.text() == ""  # a blank form follows
    dialog.completer.reload()
    assert "县委办公室" in dialog.completer.words()
    type_text(qtbot, dialog.sender_edit, "县民政局")
    type_text(qtbot, dialog.title, "关于低保复核的通知")
    press(qtbot, dialog.title, Qt.Key.Key_Return)
    assert len(_incoming(admin)) == 2 and page.model.rowCount() == 2


@pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen popups: raise, grab
def test_enter_in_the_completion_picks_the_sender_without_saving(qtbot, admin):
    with unit_of_work(admin) as session:
        incoming.receive(session, incoming.ReceiveForm("县委办公室", "关于x的通知"))
    page = _page(qtbot, IncomingPage, admin)
    dialog = page.open_receive()
    dialog.completer.reload()
    type_text(qtbot, dialog.title, "关于春耕的通知")  # a save now would succeed
    type_text(qtbot, dialog.sender_edit, "县委")
    qtbot.waitUntil(dialog.completer.popup().isVisible)
    popup = dialog.completer.popup()
    popup.setCurrentIndex(dialog.completer.completionModel().index(0, 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert dialog.sender_edit.text() == "县委办公室"
    assert len(_incoming(admin)) == 1
    press(qtbot, dialog.sender_edit, Qt.Key.Key_Return)  # the next Enter saves
    assert len(_incoming(admin)) == 2


def test_receive_form_shows_rule_errors(qtbot, admin):
    page = _page(qtbot, IncomingPage, admin)
    dialog = page.open_receive()
    type_text(qtbot, dialog.sender_edit, "县委办公室")
    press(qtbot, dialog.sender_edit, Qt.Key.Key_Return)
    # issue 15: the refusal stands under its field and the cursor goes there
    assert dialog.helper.errors() == {"title": "请填写标题。"}
    assert dialog.focusWidget() is dialog.title
    assert _incoming(admin) == []
    type_text(qtbot, dialog.title, "关于春耕的通知")
    assert dialog.helper.errors() == {}  # typing in the field clears its line
    type_text(qtbot, dialog.pages, "三")
    press(qtbot, dialog.pages, Qt.Key.Key_Return)
    assert dialog.helper.errors() == {"pages": "页数应填数字。"}
    assert dialog.focusWidget() is dialog.pages and _incoming(admin) == []


def test_esc_on_a_half_typed_receipt_asks_and_a_saved_one_closes(qtbot, admin):
    """Issue 15: Esc threw a half-typed 收文 away without a word."""
    page = _page(qtbot, IncomingPage, admin)
    dialog = page.open_receive()
    qtbot.waitUntil(dialog.isVisible)
    type_text(qtbot, dialog.sender_edit, "县委办公室")
    press(qtbot, dialog.sender_edit, Qt.Key.Key_Escape)
    (box,) = [b for b in open_error_boxes() if b.objectName() == "askBox"]
    assert dialog.isVisible() and "还没有保存" in box.text()
    box.close()  # back to the form, the typing kept
    type_text(qtbot, dialog.title, "关于春耕的通知")
    press(qtbot, dialog.title, Qt.Key.Key_Return)  # saved; the form clears for the next
    assert len(_incoming(admin)) == 1 and dialog.sender_edit.text() == ""
    press(qtbot, dialog.sender_edit, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert [b for b in open_error_boxes() if b.isVisible()] == []


def _in_hand(actor) -> int:
    with unit_of_work(actor) as session:
        doc_id = incoming.receive(session, incoming.ReceiveForm("县政府办公室", "关于防汛的通知"))
        incoming.review(session, doc_id)
        incoming.mark_read_only(session, doc_id, incoming.AssignForm())
    return doc_id


def test_circulate_and_recall(qtbot, admin):
    doc_id = _in_hand(admin)
    page = _page(qtbot, IncomingPage, admin)
    page.select_id(doc_id)
    assert set(page.action_buttons) == {"办结", "传阅", "催办", "复文"}
    qtbot.mouseClick(page.action_buttons["传阅"], Qt.MouseButton.LeftButton)
    holder = page.dialog.inputs["holder"]
    type_text(qtbot, holder, "张书记")
    press(qtbot, holder, Qt.Key.Key_Return)
    assert _incoming(admin)[0].holder == "张书记"
    holder = [c.header for c in page.columns].index("纸质件现在")
    assert "张书记（今天）" in page.model.data(page.model.index(0, holder))
    assert set(page.action_buttons) == {"催办", "复文", "传阅归还", "收回", "取消传阅"}
    qtbot.mouseClick(page.action_buttons["收回"], Qt.MouseButton.LeftButton)
    note = page.dialog.inputs["note"]
    type_text(qtbot, note, "会议急用")
    press(qtbot, note, Qt.Key.Key_Return)
    with unit_of_work(admin) as session:
        trail = handling.circulations(session, doc_id)
    assert [(c.holder, c.outcome) for c in trail] == [("张书记", "收回")]
    assert "传阅 张书记" in page.trail.text() and "收回" in page.trail.text()
    assert _incoming(admin)[0].holder == ""


def _register_outgoing(qtbot, page, title):
    dialog = page.open_register()
    for key, text in (("title", title), ("checker", "王主任"), ("signer", "张镇长"),
                      ("reviewer", "赵文书")):  # fmt: skip
        type_text(qtbot, dialog.inputs[key], text)
    press(qtbot, dialog.inputs["reviewer"], Qt.Key.Key_Return)


def test_register_outgoing_shows_number_then_void(qtbot, admin):
    page = _page(qtbot, OutgoingPage, admin)
    year = clock.today().year
    assert page.notice.isHidden()  # nothing to say: no blank band above the list
    _register_outgoing(qtbot, page, "关于做好春耕生产的通知")
    assert page.notice.text() == f"已登记，发文字号：镇委〔{year}〕1号"
    assert page.notice.isVisible()
    _register_outgoing(qtbot, page, "关于开展安全检查的通知")
    assert page.notice.text() == f"已登记，发文字号：镇委〔{year}〕2号"
    page.select_id(page.loaded()[1].id)
    qtbot.mouseClick(page.action_buttons["作废"], Qt.MouseButton.LeftButton)
    reason = page.dialog.inputs["reason"]
    press(qtbot, reason, Qt.Key.Key_Return)
    assert page.dialog.error.text() == "请填写作废原因。"
    type_text(qtbot, reason, "内容有误，重新行文")
    press(qtbot, reason, Qt.Key.Key_Return)
    with unit_of_work(admin) as session:
        rows = {r.doc_number: r for r in queries.list_outgoing(session, FilingFilter())}
    voided = rows[f"镇委〔{year}〕1号"]
    assert (voided.state, voided.void_reason) == ("作废", "内容有误，重新行文")
    page.show_gaps()
    assert "作废 1" in page.notice.text() and "断号 无" in page.notice.text()


def test_a_move_refused_on_the_list_page_is_told_in_a_box(qtbot, admin):
    with unit_of_work(admin) as session:
        draft = outgoing.DraftForm("镇委", "关于秋收的通知", "通知", drafter="赵文书")
        doc_id = outgoing.draft(session, draft)
    page = _page(qtbot, OutgoingPage, admin)
    page.select_id(doc_id)
    assert not page.run_action("核发", lambda s: outgoing.dispatch(s, doc_id))
    box = open_error_boxes()[-1]
    assert box.windowTitle() == "无法核发" and "不能“核发”" in box.text()
    box.close()


def test_a_move_made_elsewhere_first_is_refused_with_who_and_reloaded(qtbot, admin, make_user):
    """Two windows on one 发文: the second 核发 says who moved it first, 重新载入 shows it."""
    director = make_user(Role.DIRECTOR, "zhuren")
    with unit_of_work(admin) as session:
        draft = outgoing.DraftForm("镇委", "关于秋收的通知", "通知", drafter="赵文书")
        signed = outgoing.SignedForm(draft, "王主任", "张镇长", clock.today(), "赵文书")
        doc = outgoing.enter_signed(session, signed)
        outgoing.print_doc(session, doc.id, 10, "镇委", clock.today())
    page = _page(qtbot, OutgoingPage, admin)
    page.select_id(doc.id)
    with unit_of_work(director) as session:  # the other window 核发 it meanwhile
        outgoing.dispatch(session, doc.id)
    qtbot.mouseClick(page.action_buttons["核发"], Qt.MouseButton.LeftButton)
    box = open_error_boxes()[-1]
    assert "已被zhuren于" in box.text() and "关于秋收的通知" in box.text()
    qtbot.mouseClick(
        next(b for b in box.buttons() if b.text() == RELOAD), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: page.current() is not None and page.current().state == "已核发")
    assert "核发" not in page.action_buttons  # the list shows where the record is now
    with unit_of_work(admin) as session:
        rows = audit.query(session, audit.AuditFilter(entity="发文", action="核发"))
        history = [r.action for r in rows if r.entity_id == str(doc.id)]
    assert history.count("核发") == 1  # the second 核发 did nothing


def test_a_form_move_on_an_old_copy_is_refused_and_reloaded(qtbot, admin, make_user):
    """A step's form filled in on an old copy: refused with who, the form offers 重新载入."""
    director = make_user(Role.DIRECTOR, "zhuren")
    with unit_of_work(admin) as session:
        doc_id = incoming.receive(session, incoming.ReceiveForm("县政府办", "关于防汛的通知"))
    page = _page(qtbot, IncomingPage, admin)
    page.select_id(doc_id)
    dialog = page.start_action("初审通过")
    with unit_of_work(director) as session:  # the other window 退回 it meanwhile
        incoming.return_doc(session, doc_id, "非本单位来文")
    press(qtbot, dialog.inputs["conclusion"], Qt.Key.Key_Return)
    assert "已被zhuren于" in dialog.error.text()
    box = open_error_boxes()[-1]
    qtbot.mouseClick(
        next(b for b in box.buttons() if b.text() == RELOAD), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: not dialog.isVisible())
    qtbot.waitUntil(lambda: page.current() is not None and page.current().state == "已退回")
    with unit_of_work(admin) as session:
        assert queries.get_incoming(session, doc_id).state == "已退回"


def test_import_with_errors_shows_rows_and_writes_nothing(qtbot, admin, tmp_path):
    path = tmp_path / "in.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["收文日期", "来文单位", "文号", "标题"])
    sheet.append(["2026.3.5", "县委办公室", "县委办发[2026]8号", "关于值班的通知"])
    sheet.append(["三月", "县委办公室", "县委办发〔2026〕8号", "关于值班的通知"])
    book.save(path)
    page = _page(qtbot, IncomingPage, admin)
    dialog = page.open_import()
    type_text(qtbot, dialog.path, str(path))
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.errors.count() > 0, timeout=15000)
    lines = [dialog.errors.item(i).text() for i in range(dialog.errors.count())]
    assert lines == ["第3行 签收日期: 无法识别的日期“三月”",
                     "第3行 来文字号: 与第2行重复（同一来文机关、同一来文字号）"]  # fmt: skip
    assert dialog.preview.rowCount() == 2
    assert not dialog.import_button.isEnabled()
    assert _incoming(admin) == []


def test_tasks_overdue_in_red_and_notes(qtbot, admin):
    with unit_of_work(admin) as session:
        tasks.add_task(session, tasks.TaskForm("清理河道", "水利站", date(2026, 1, 10),
                                               assigned_on=date(2026, 1, 1)))  # fmt: skip
    page = _page(qtbot, TasksPage, admin)
    assert page.model.data(page.model.index(0, 6)) == "逾期"
    brush = page.model.data(page.model.index(0, 0), Qt.ItemDataRole.BackgroundRole)
    assert brush.color() == OVERDUE
    page.select_id(page.loaded()[0].id)
    qtbot.mouseClick(page.action_buttons["添加进展"], Qt.MouseButton.LeftButton)
    type_text(qtbot, page.dialog.inputs["text"], "已清理一半")
    press(qtbot, page.dialog.inputs["on"], Qt.Key.Key_Return)
    assert "已清理一半" in page.notes.text()
    with unit_of_work(admin) as session:
        assert [n.text for n in tasks.notes(session, page.loaded()[0].id)] == ["已清理一半"]


def test_paged_model_passes_modeltester(qtbot, qtmodeltester, admin):
    with unit_of_work(admin) as session:
        for i in range(5):
            incoming.receive(session, incoming.ReceiveForm("县民政局", f"关于第{i}项工作的通知"))
    page = _page(qtbot, IncomingPage, admin)
    qtmodeltester.check(page.model)


def test_export_register_from_the_page(qtbot, admin, tmp_path):
    _in_hand(admin)
    page = _page(qtbot, IncomingPage, admin)
    out = tmp_path / "收文登记簿.xlsx"
    page.export_action.ask_path = lambda: str(out)
    with qtbot.waitSignal(page.export_action.exported, timeout=10000):
        qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    book = openpyxl.load_workbook(out, read_only=True)
    cells = [c for row in book.worksheets[0].iter_rows(values_only=True) for c in row]
    book.close()
    assert "关于防汛的通知" in cells


def test_task_from_leader_instruction(qtbot, admin):
    with unit_of_work(admin) as session:
        doc_id = incoming.receive(session, incoming.ReceiveForm("县农业农村局", "关于春播的通知"))
        incoming.review(session, doc_id)
        incoming.propose(session, doc_id, "拟请李镇长阅示")
        incoming.instruct(session, doc_id, "请农业办抓紧落实", "李镇长")
    page = _page(qtbot, IncomingPage, admin)
    page.select_id(doc_id)
    qtbot.mouseClick(page.action_buttons["立督办"], Qt.MouseButton.LeftButton)
    type_text(qtbot, page.dialog.inputs["deadline"], "2026.12.1")
    type_text(qtbot, page.dialog.inputs["dept"], "农业办")
    press(qtbot, page.dialog.inputs["dept"], Qt.Key.Key_Return)
    with unit_of_work(admin) as session:
        found = queries.list_tasks(session, FilingFilter())
    assert [(t.dept, t.deadline, t.incoming_id) for t in found] == [
        ("农业办", date(2026, 12, 1), doc_id)
    ]


def test_task_from_instruction_back_dated_in_the_window(qtbot, admin):
    """The clerk enters a 批示 given in October: 交办日期 is typed, the past deadline is taken."""
    with unit_of_work(admin) as session:
        doc_id = incoming.receive(session, incoming.ReceiveForm("县农业农村局", "关于秋收的通知"))
        incoming.review(session, doc_id)
        incoming.propose(session, doc_id, "拟请李镇长阅示")
        incoming.instruct(session, doc_id, "请农业办落实", "李镇长")
    page = _page(qtbot, IncomingPage, admin)
    page.select_id(doc_id)
    qtbot.mouseClick(page.action_buttons["立督办"], Qt.MouseButton.LeftButton)
    type_text(qtbot, page.dialog.inputs["deadline"], "2026.10.20")
    page.dialog.inputs["assigned_on"].clear()
    type_text(qtbot, page.dialog.inputs["assigned_on"], "2026.10.10")
    type_text(qtbot, page.dialog.inputs["dept"], "农业办")
    press(qtbot, page.dialog.inputs["dept"], Qt.Key.Key_Return)
    with unit_of_work(admin) as session:
        found = queries.list_tasks(session, FilingFilter())
    assert [(t.assigned_on, t.deadline) for t in found] == [
        (date(2026, 10, 10), date(2026, 10, 20))
    ]


def _choose(qtbot, box, text: str) -> None:
    """Pick a choice by keyboard, as a clerk runs down a closed list with the arrow keys."""
    box.setFocus()
    press(qtbot, box, Qt.Key.Key_Home)
    for _ in range(box.count()):
        if box.currentText() == text:
            return
        press(qtbot, box, Qt.Key.Key_Down)
    assert box.currentText() == text


def test_an_opinion_to_a_higher_organ_needs_its_signer_in_the_window(qtbot, admin):
    """主送机关级别 上级 makes an 意见 a 上行文: left without a 签发人 it is refused where
    the clerk can see it, and with one it is saved with its level."""
    page = _page(qtbot, OutgoingPage, admin)
    dialog = page.open_register()
    assert dialog.inputs["main_to_level"].currentText() == "下级"
    type_text(qtbot, dialog.inputs["title"], "关于调整农村道路建设计划的意见")
    _choose(qtbot, dialog.inputs["doc_type"], "意见")
    type_text(qtbot, dialog.inputs["main_to"], "县人民政府")
    _choose(qtbot, dialog.inputs["main_to_level"], "上级")
    for key, text in (("checker", "王主任"), ("reviewer", "赵文书")):
        type_text(qtbot, dialog.inputs[key], text)
    press(qtbot, dialog.inputs["reviewer"], Qt.Key.Key_Return)
    assert dialog.isVisible() and "签发人" in dialog.error.text() + "".join(
        dialog.helper.errors().values()
    )
    with unit_of_work(admin) as session:
        assert queries.list_outgoing(session, FilingFilter()) == []
    type_text(qtbot, dialog.inputs["signer"], "张镇长")
    press(qtbot, dialog.inputs["signer"], Qt.Key.Key_Return)
    assert not dialog.isVisible()
    with unit_of_work(admin) as session:
        (row,) = queries.list_outgoing(session, FilingFilter())
    assert (row.doc_type, row.main_to_level, row.signer) == ("意见", "上级", "张镇长")

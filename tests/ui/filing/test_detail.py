"""Every record opens: double-click or Enter on a 收文 row shows it whole, with its history and
its legal steps; the row's menu offers the same; a cut-off cell shows whole in a tooltip."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMenu

from app import clock
from app.services.errors import ValidationError
from app.services.filing import handling, incoming
from app.services.session import unit_of_work
from app.ui.filing.incoming_page import IncomingPage
from app.ui.filing.tasks_page import TasksPage
from tests.ui.typing_helpers import press

TITLE = "关于做好二〇二六年度秋冬季森林防火和安全生产大检查工作的紧急通知"


def _doc(actor) -> int:
    with unit_of_work(actor) as session:
        doc_id = incoming.receive(session, incoming.ReceiveForm(
            "县人民政府办公室", TITLE, sender_doc_number="县政办发〔2026〕118号"))  # fmt: skip
        incoming.review(session, doc_id)
        incoming.mark_read_only(session, doc_id, incoming.AssignForm())
        handling.circulate(session, doc_id, "张书记", at=datetime(2026, 11, 28, 2, tzinfo=UTC))
    return doc_id


def _page(qtbot, cls, actor):
    page = cls(actor)
    qtbot.addWidget(page)
    page.resize(1200, 600)
    page.show()
    return page


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_double_click_opens_the_record_whole(qtbot, admin):
    """Issue 15 (4): double-clicking a 收文 row did nothing."""
    _doc(admin)
    page = _page(qtbot, IncomingPage, admin)
    rect = page.view.visualRect(page.model.index(0, 4))
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.values["标题"].text() == TITLE
    assert dialog.values["来文字号"].text() == "县政办发〔2026〕118号"
    assert dialog.values["纸质件现在"].text() == "张书记"
    history = [dialog.history.item(r).text() for r in range(dialog.history.count())]
    assert any("新增" in h for h in history) and any("传阅 张书记，尚未归还" in h for h in history)
    sent = datetime(2026, 11, 28, 2, tzinfo=UTC).astimezone()
    assert any(h.startswith(f"{sent:%Y-%m-%d %H:%M}") and "传阅" in h for h in history)
    assert set(dialog.step_buttons) == {"修改", *page.action_buttons}  # 修改 while in hand
    assert dialog.files.isVisibleTo(dialog)  # 收文 keeps files: the box stays, even empty
    qtbot.mouseClick(dialog.step_buttons["收回"], Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and page.dialog.windowTitle().startswith("收回：")


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_enter_opens_and_the_row_menu_offers_the_steps(qtbot, admin):
    _doc(admin)
    page = _page(qtbot, IncomingPage, admin)
    page.view.setFocus()
    page.view.selectRow(0)
    press(qtbot, page.view, Qt.Key.Key_Return)
    assert page.dialog.values["标题"].text() == TITLE
    page.dialog.reject()
    menu = page.view.build_menu(page.view.visualRect(page.model.index(0, 1)).center())
    assert isinstance(menu, QMenu)
    texts = [a.text() for a in menu.actions() if a.text()]
    assert texts[0] == "打开（回车）" and set(texts[1:]) == {"修改", *page.action_buttons}


def test_a_cut_off_cell_has_its_whole_text_as_tooltip(qtbot, admin):
    _doc(admin)
    page = _page(qtbot, IncomingPage, admin)
    title = [c.header for c in page.columns].index("标题")
    page.view.setColumnWidth(title, 80)
    assert page.view.cut_off_text(page.model.index(0, title)) == TITLE
    state = [c.header for c in page.columns].index("状态")
    assert page.view.cut_off_text(page.model.index(0, state)) is None


def test_every_list_says_how_many(qtbot, admin):
    _doc(admin)
    assert _page(qtbot, IncomingPage, admin).count_label.text() == "共 1 件"
    assert _page(qtbot, TasksPage, admin).count_label.text() == "共 0 件"


def test_export_file_names_are_chinese(qtbot, admin):
    """收文登记簿-2026.xlsx, not incoming_20261130.xlsx."""
    page = _page(qtbot, IncomingPage, admin)
    assert page.export_action.suggested_name() == f"收文登记簿-{clock.today().year}"
    page.year.setCurrentIndex(2)
    assert page.export_action.suggested_name() == f"收文登记簿-{clock.today().year - 1}"


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_a_past_years_record_offers_no_workflow(qtbot, admin, tmp_path):
    """Issue 15: a 收文 typed from last year's paper register offered 分办, 办结, 传阅 …"""
    from app.services.transfer import import_file
    from tests.services.imports.sheets import write_sheet

    header = ["来文机关", "标题", "签收日期", "承办部门", "办理时限", "办结日期"]
    rows = [["县委办", "关于甲的通知", "2025-03-05", "农办", "2025-03-20", ""],
            ["县委办", "关于乙的通知", "2025-03-06", "农办", "", "2025-03-09"]]  # fmt: skip
    sheet = write_sheet(tmp_path / "收文.xlsx", header, rows)
    with unit_of_work(admin) as session:
        import_file(session, "incoming", sheet)
    page = _page(qtbot, IncomingPage, admin)
    page.year.setCurrentIndex(page.year.findText("2025"))
    by_title = {r.title: r for r in page.loaded()}
    page.select_id(by_title["关于甲的通知"].id)
    assert list(page.action_buttons) == []
    dialog = page.open_detail(by_title["关于甲的通知"].id)
    assert dialog.step_buttons == {}
    assert "历史补录" in dialog.findChild(QLabel, "readOnly").text()
    dialog.close()
    page.select_id(by_title["关于乙的通知"].id)
    assert list(page.action_buttons) == ["归档"]  # done then: it may still go to the archive
    with unit_of_work(admin) as session, pytest.raises(ValidationError, match="历史补录"):
        handling.finish(session, by_title["关于甲的通知"].id, "已落实", date(2025, 3, 9))


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_a_reply_without_its_number_is_refused_under_the_field(qtbot, admin):
    """Issue 15: 复文's refusal sat above the buttons, naming an empty number “”."""
    _doc(admin)
    page = _page(qtbot, IncomingPage, admin)
    page.view.selectRow(0)
    form = page.start_action("复文")
    form.accept()
    number = form.inputs["number"]
    assert form.isVisible() and form.error.text() == "请填写复文的发文字号。"
    qtbot.waitUntil(lambda: form.error.geometry().top() >= number.geometry().bottom())
    assert form.focusWidget() is number and "复文的发文字号 *" in [
        w.text() for w in form.findChildren(QLabel)
    ]
    dialog = page.open_detail(page.current().id)
    history = [dialog.history.item(r) for r in range(dialog.history.count())]
    assert history and all(item.toolTip() == item.text() for item in history)


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_a_typo_is_corrected_from_the_detail_with_the_version_check(qtbot, admin, make_user):
    """Issue 15 (4): a clerk could not fix a typo in a 收文; now 修改 in its detail view."""
    from app.services.context import Role
    from app.services.filing import corrections
    from app.ui.messages import open_error_boxes
    from tests.ui.typing_helpers import type_text

    doc_id = _doc(admin)
    page = _page(qtbot, IncomingPage, admin)
    page.view.selectRow(0)
    dialog = page.open_detail(doc_id)
    assert next(iter(dialog.step_buttons)) == "修改"
    qtbot.mouseClick(dialog.step_buttons["修改"], Qt.MouseButton.LeftButton)
    form = page.dialog
    assert form.inputs["title"].toPlainText() == TITLE
    form.inputs["title"].clear()
    type_text(qtbot, form.inputs["title"], "关于做好森林防火工作的紧急通知")
    form.accept()
    assert not form.isVisible(), form.error.text()
    with unit_of_work(admin) as s:
        assert corrections.current(s, "收文", doc_id).title == "关于做好森林防火工作的紧急通知"
    detail = page.open_detail(doc_id)
    assert any("修改" in detail.history.item(r).text() for r in range(detail.history.count()))
    detail.close()
    # a copy someone else saved first: refused with who, and 重新载入 offered
    form = page.start_action("修改")
    with unit_of_work(make_user(Role.DIRECTOR, "zhuren")) as s:
        corrections.correct(s, doc_id, corrections.CorrectionForm("县政府办", "另一个标题"))
    form.accept()
    assert form.isVisible() and "zhuren" in form.error.text()
    for box in open_error_boxes():
        box.close()
    form.done(0)
    # a closed 收文 is read-only: no 修改, and the service refuses it too
    with unit_of_work(admin) as s:
        handling.close_circulation(s, doc_id, "归还")
        handling.finish(s, doc_id, "已落实", clock.today())
    page.reload(keep=doc_id)
    assert "修改" not in page.open_detail(doc_id).step_buttons
    with unit_of_work(admin) as s, pytest.raises(ValidationError, match="只能查看"):
        corrections.correct(s, doc_id, corrections.CorrectionForm("县政府办", "又一个标题"))


def test_a_finish_dated_before_its_receipt_is_refused_under_the_date(qtbot, admin):
    """Issue 15: the service names done_on, the form called the field on: the refusal sat
    above the buttons instead of under 办结日期."""
    _doc(admin)
    page = _page(qtbot, IncomingPage, admin)
    page.view.selectRow(0)
    form = page.start_action("办结")
    form.inputs["result"].setPlainText("已按要求落实")
    day = form.inputs["done_on"]
    day.clear()
    qtbot.keyClicks(day, "2026.1.5")
    form.accept()
    assert form.isVisible() and form.error.text() == "办结日期不能早于签收日期。"
    qtbot.waitUntil(lambda: form.error.geometry().top() >= day.geometry().bottom())
    assert form.focusWidget() is day
    form.reject()


def _outgoing(actor) -> int:
    from app.services.filing import outgoing

    draft = outgoing.DraftForm("镇政", "关于春耕生产的通之", "通知")
    signed = outgoing.SignedForm(draft, "王主任", "张镇长", clock.today(), "赵文书")
    with unit_of_work(actor) as session:
        return outgoing.enter_signed(session, signed).id


def _task(actor) -> int:
    from app.services.filing import tasks

    form = tasks.TaskForm("清理河到", "水利站", clock.today() + timedelta(days=10))
    with unit_of_work(actor) as session:
        return tasks.add_task(session, form)


def _close_outgoing(session, doc_id):
    from app.services.filing import outgoing

    outgoing.void(session, doc_id, "重复登记")


def _close_task(session, task_id):
    from app.services.filing import tasks

    tasks.finish_task(session, task_id, clock.today(), "已清理")


CORRECTABLE = [  # page, make, the long field, typo, fixed, how it closes
    ("发文", _outgoing, "title", "关于春耕生产的通之", "关于春耕生产的通知", _close_outgoing),
    ("督办", _task, "matter", "清理河到", "清理河道", _close_task),
]


@pytest.mark.qt_log_ignore("This plugin does not support")
@pytest.mark.parametrize(("kind", "make", "key", "typo", "fixed", "close"), CORRECTABLE)
def test_outgoing_and_tasks_are_corrected_from_the_detail_as_incoming_is(
    qtbot, admin, make_user, kind, make, key, typo, fixed, close
):
    """Issue 15: only 收文 had 修改 in its detail view; 发文 and 督办 follow the same rules."""
    from app.services.context import Role
    from app.services.filing import corrections
    from app.services.filing.detail import record_detail
    from app.ui.filing.outgoing_page import OutgoingPage
    from app.ui.messages import open_error_boxes
    from tests.ui.typing_helpers import type_text

    record_id = make(admin)
    page = _page(qtbot, {"发文": OutgoingPage, "督办": TasksPage}[kind], admin)
    page.view.selectRow(0)
    dialog = page.open_detail(record_id)
    assert next(iter(dialog.step_buttons)) == "修改"
    qtbot.mouseClick(dialog.step_buttons["修改"], Qt.MouseButton.LeftButton)
    form = page.dialog
    assert form.inputs[key].toPlainText() == typo
    form.inputs[key].clear()
    type_text(qtbot, form.inputs[key], fixed)
    form.accept()
    assert not form.isVisible(), form.error.text()
    with unit_of_work(admin) as s:
        assert getattr(corrections.current(s, kind, record_id), key) == fixed
        history = [h.what for h in record_detail(s, kind, record_id).history]
    assert any(h.startswith("修改") for h in history), history
    # a copy someone else saved first: refused with who
    form = page.start_action("修改")
    with unit_of_work(make_user(Role.DIRECTOR, "zhuren")) as s:
        now = corrections.current(s, kind, record_id)
        corrections.correct(s, record_id, replace(now, **{key: "另一个"}))
    form.accept()
    assert form.isVisible() and "zhuren" in form.error.text()
    for box in open_error_boxes():
        box.close()
    form.done(0)
    # closed (作废, 办结): read-only in the detail and the row menu, and the service refuses
    with unit_of_work(admin) as s:
        close(s, record_id)
    page.reload(keep=record_id)
    assert "修改" not in page.open_detail(record_id).step_buttons
    assert "修改" not in page.detail_steps()
    with unit_of_work(admin) as s, pytest.raises(ValidationError, match="只能查看"):
        corrections.correct(s, record_id, replace(now, **{key: "又一个"}))

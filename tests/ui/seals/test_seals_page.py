"""The 用印 page driven as a clerk: keyboard 登记, 作废, 外借/归还, status change, 校验."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import openpyxl
import pytest
from PySide6.QtCore import Qt

from app import clock
from app.db import open_database
from app.db.bigrams import register_function
from app.db.session import dispose
from app.services.context import Role
from app.services.seals import catalog, ledger, loans
from app.services.seals.dto import Approval, SealForm, SealLoanForm, UseFilter
from app.ui.messages import RELOAD, open_error_boxes
from app.ui.seals.page import SealsPage
from app.ui.seals.use_dialog import UseDialog
from tests.services.seals.conftest import LEADERS, T0, put_on_staff, use_form
from tests.ui.typing_helpers import press, type_text


@pytest.fixture
def seal_ids(uow) -> tuple[int, int]:
    put_on_staff(uow, *LEADERS)
    with uow() as s:
        party = catalog.add_seal(s, SealForm("中共某某镇委员会", "党委章", "李红", ["党委书记"]))
        gov = catalog.add_seal(s, SealForm("某某镇人民政府", "政府章", "李红", ["镇长"]))
    return party, gov


@pytest.fixture
def page(qtbot, admin, seal_ids) -> SealsPage:
    widget = SealsPage(admin)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitUntil(lambda: _walked(widget))  # the walk on opening
    return widget


def _walked(page: SealsPage) -> bool:
    """The chain walk has started (after the list's first paint) and finished."""
    return page.uses.chain.task is not None and page.uses.chain.task.done


def _click_verify(qtbot, page) -> str:
    qtbot.mouseClick(page.uses.chain.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _walked(page), timeout=10000)
    return page.uses.chain.label.text()


def _now_text(minutes_ago: int) -> str:
    return (clock.now() - timedelta(minutes=minutes_ago)).strftime("%Y%m%d %H:%M")


def _tab_order(first, names: set[str]) -> list[str]:
    order, widget = [first.objectName()], first.nextInFocusChain()
    while widget is not first:
        if widget.objectName() in names and widget.objectName() not in order:
            order.append(widget.objectName())
        widget = widget.nextInFocusChain()
    return order


def test_register_a_use_by_keyboard_alone(qtbot, page, uow):
    qtbot.keyClick(page.uses, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    (dialog,) = [d for d in page.uses.findChildren(UseDialog) if d.isVisible()]
    f = dialog.inputs
    assert _tab_order(f["seal_id"], set(f)) == list(f)  # Tab walks the form top to bottom
    f["used_at"].clear()
    type_text(qtbot, f["used_at"], _now_text(5))
    for key, text in (("unit", "党政办"), ("applicant", "赵磊"), ("purpose", "报送县委"),
                      ("doc_title", "关于报送年度总结的报告"), ("doc_number", "镇委〔2026〕9号"),
                      ("approver", "王建国"), ("approved_at", _now_text(30)),
                      ("supervisor", "李红")):  # fmt: skip
        type_text(qtbot, f[key], text)
    f["copies"].selectAll()
    type_text(qtbot, f["copies"], "3")
    f["attested"].setFocus()
    press(qtbot, f["attested"], Qt.Key.Key_Space)
    press(qtbot, f["supervisor"], Qt.Key.Key_Return)  # Enter saves
    assert not dialog.isVisible()
    with uow() as s:
        rows = ledger.list_uses(s, UseFilter())
    assert [(r.number[5:], r.copies, r.approver_title, r.doc_title) for r in rows] == [
        ("0001", 3, "党委书记", "关于报送年度总结的报告")]  # fmt: skip
    assert page.uses.model.rowCount() == 1
    assert page.uses.chain.label.text() == (
        "登记簿为空，无需校验；其后新增的登记待复核（点“校验”）")  # fmt: skip
    assert _click_verify(qtbot, page).startswith("登记簿未被改动（校验至第 1 条")


def test_rule_broken_shows_inline_and_saves_nothing(qtbot, page, uow):
    dialog = page.uses.add_use()
    type_text(qtbot, dialog.inputs["approver"], "王建国")
    press(qtbot, dialog.inputs["approver"], Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.error.text() == "请填写申请人/经办人"
    assert dialog.focusWidget() is dialog.inputs["applicant"]
    with uow() as s:
        assert ledger.count_uses(s, UseFilter()) == 0


def test_void_a_use(qtbot, page, uow, seal_ids):
    with uow() as s:
        ledger.register_use(s, use_form(seal_ids[0]))
    page.uses.reload()
    page.uses.view.setCurrentIndex(page.uses.model.index(0, 0))
    dialog = page.uses.void_selected()
    assert dialog is not None
    press(qtbot, dialog.reason, Qt.Key.Key_Return)
    assert dialog.error.text() == "请填写作废原因"
    type_text(qtbot, dialog.reason, "份数登记错误")
    press(qtbot, dialog.reason, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    with uow() as s:
        rows = ledger.list_uses(s, UseFilter())
    assert [r.kind for r in rows] == ["用印", "作废"] and rows[1].void_reason == "份数登记错误"
    model = page.uses.model
    assert model.index(0, 13).data().startswith("【已作废】")
    assert model.index(1, 0).data() == "作废 2026-0001"
    page.uses.view.setCurrentIndex(page.uses.model.index(1, 0))
    assert page.uses.void_selected() is None
    box = open_error_boxes()[-1]  # a refused button on the list: the message box
    assert "不能再作废" in box.text() and box.windowTitle() == "作废"
    box.close()


def test_loan_and_its_return(qtbot, page, uow, seal_ids):
    page.tabs.setCurrentWidget(page.loans)
    dialog = page.loans.lend()
    f = dialog.inputs
    assert dialog.seal.currentData() == seal_ids[0]
    type_text(qtbot, f["borrower"], "赵磊")
    type_text(qtbot, f["purpose"], "赴县委办事")
    type_text(qtbot, f["approver0"], "王建国")
    type_text(qtbot, f["approved0"], _now_text(20))
    press(qtbot, f["approved0"], Qt.Key.Key_Return)
    assert dialog.error.text() == "印章外借须经镇长批准"
    type_text(qtbot, f["approver1"], "张明")
    type_text(qtbot, f["approved1"], _now_text(10))
    press(qtbot, f["approved1"], Qt.Key.Key_Return)
    assert not dialog.isVisible()
    with uow() as s:
        out = loans.list_loans(s, open_only=True)
    assert [(o.seal_id, o.borrower) for o in out] == [(seal_ids[0], "赵磊")]
    assert page.loans.table.item(0, 8).text() == "外借中"
    assert not page.loans.buttons["returnSeal"].isEnabled()  # no loan picked yet
    page.loans.table.selectRow(0)
    assert page.loans.buttons["returnSeal"].isEnabled()
    back = page.loans.give_back()
    type_text(qtbot, back.received_by, "李红")
    press(qtbot, back.received_by, Qt.Key.Key_Return)
    assert not back.isVisible()
    with uow() as s:
        assert loans.list_loans(s, open_only=True) == []
        assert loans.list_loans(s)[0].received_by == "李红"
    assert page.loans.table.item(0, 8).text() == "已归还"
    page.loans.table.selectRow(0)
    assert not page.loans.buttons["returnSeal"].isEnabled()  # back already


def test_status_change_dialog(qtbot, page, uow, seal_ids):
    page.tabs.setCurrentWidget(page.seals)
    assert not page.seals.buttons["changeStatus"].isEnabled()  # greyed until a seal is picked
    page.seals.table.selectRow(1)
    assert page.seals.buttons["changeStatus"].isEnabled()
    dialog = page.seals.change_status()
    dialog.status.setCurrentText("遗失")
    type_text(qtbot, dialog.inputs["reason"], "不慎遗失")
    press(qtbot, dialog.inputs["reason"], Qt.Key.Key_Return)
    assert dialog.error.text() == "印章遗失须登记声明作废的日期"
    assert dialog.focusWidget() is dialog.inputs["void_declared_on"]
    type_text(qtbot, dialog.inputs["void_declared_on"], "2099.1.1")
    press(qtbot, dialog.inputs["void_declared_on"], Qt.Key.Key_Return)
    assert not dialog.isVisible()
    with uow() as s:
        assert catalog.seal_row(s, seal_ids[1]).status == "遗失"
    assert page.seals.table.item(1, 4).text() == "遗失"


def test_chain_status_names_the_first_bad_entry(qtbot, page, uow, seal_ids, data_dir):
    with uow() as s:
        for day in range(3):
            ledger.register_use(s, use_form(seal_ids[0], at=T0 + timedelta(days=day)))
    page.uses.reload()
    assert _click_verify(qtbot, page).startswith("登记簿未被改动（校验至第 3 条，2026-03-")
    dispose()
    with sqlite3.connect(data_dir.database) as conn:
        register_function(conn)  # the bigram index's trigger tokenises the new title
        conn.execute("UPDATE seal_uses SET doc_title = '改过的标题' WHERE seq = 2")
    conn.close()
    open_database(data_dir)
    assert _click_verify(qtbot, page) == (
        "登记簿可能被改动：第 2 条（2026-0002）的内容与登记时不符（已被改动）")  # fmt: skip


def test_uses_model_passes_the_model_tester(qtmodeltester, page, uow, seal_ids):
    with uow() as s:
        first = ledger.register_use(s, use_form(seal_ids[0]))
        ledger.void_use(s, first, "重复")
    page.uses.reload()
    assert page.uses.model.rowCount() == 2
    qtmodeltester.check(page.uses.model)


def test_filter_and_export_the_list_as_shown(qtbot, page, uow, seal_ids, tmp_path):
    with uow() as s:
        ledger.register_use(s, use_form(seal_ids[0], doc_title="介绍信"))
        ledger.register_use(s, use_form(seal_ids[0], at=T0 + timedelta(days=1)))
    page.uses.reload()
    type_text(qtbot, page.uses.search, "介绍信")
    press(qtbot, page.uses.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.uses.model.rowCount() == 1)  # read off the GUI thread
    page.uses.search.clear()
    press(qtbot, page.uses.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.uses.model.rowCount() == 2)
    type_text(qtbot, page.uses.filters.widgets["date_from"], "2026.3.6")
    press(qtbot, page.uses.filters.widgets["date_from"], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.uses.model.rowCount() == 1)
    target = tmp_path / "用印登记簿.xlsx"
    page.uses.export.ask_path = lambda: str(target)
    with qtbot.waitSignal(page.uses.export.exported, timeout=30000):
        page.uses.export.trigger()
    values = [c for row in openpyxl.load_workbook(target).active.iter_rows(values_only=True)
              for c in row if c]  # fmt: skip
    assert "2026-0002" in values and "2026-0001" not in values
    assert any("2026-03-06 至 至今（共 1 条）" in str(v) for v in values)
    assert any(str(v).startswith("登记簿未被改动（校验至第 2 条") for v in values)


def test_picking_a_outgoing_doc_fills_title_and_number(qtbot, page, uow, seal_ids):
    from app.models.filing import OutgoingDoc

    with uow() as s:
        s.add(OutgoingDoc(issuer_code="镇委", year=2026, number=4, title="关于表彰先进的决定",
                          doc_number="镇委〔2026〕4号", doc_type="决定",
                          state="已登记"))  # fmt: skip
    dialog = page.uses.add_use()
    dialog.doc.setFocus()
    press(qtbot, dialog.doc, Qt.Key.Key_Down)
    assert dialog.inputs["doc_title"].text() == "关于表彰先进的决定"
    assert dialog.inputs["doc_number"].text() == "镇委〔2026〕4号"
    assert dialog.inputs["doc_title"].isReadOnly()


def test_add_a_seal(qtbot, page, uow):
    page.tabs.setCurrentWidget(page.seals)
    dialog = page.seals.add_seal()
    type_text(qtbot, dialog.inputs["name"], "某某镇人民政府财务专用章")
    dialog.kind.setCurrentText("专用章")
    type_text(qtbot, dialog.inputs["approvers"], "镇长、分管副镇长")
    press(qtbot, dialog.inputs["approvers"], Qt.Key.Key_Return)
    assert not dialog.isVisible()
    with uow() as s:
        added = catalog.list_seals(s)[-1]
    assert (added.name, added.kind, added.approvers) == (
        "某某镇人民政府财务专用章", "专用章", ("镇长", "分管副镇长"))  # fmt: skip
    assert page.seals.table.rowCount() == 3


def test_edit_approvers_of_a_seal(qtbot, page, uow, seal_ids, make_user):
    page.tabs.setCurrentWidget(page.seals)
    page.seals.table.selectRow(0)
    dialog = page.seals.edit_approvers()
    assert dialog.approvers.text() == "党委书记"
    dialog.approvers.clear()
    press(qtbot, dialog.approvers, Qt.Key.Key_Return)
    assert dialog.error.text() == "请填写可审批用印的人员或职务"
    type_text(qtbot, dialog.approvers, "党委书记、副书记")
    press(qtbot, dialog.approvers, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    with uow() as s:
        assert catalog.seal_row(s, seal_ids[0]).approvers == ("党委书记", "副书记")
    assert page.seals.table.item(0, 3).text() == "党委书记、副书记"


def test_an_approver_off_the_staff_list_is_refused_in_the_form(qtbot, page, uow):
    """门卫老张 typed as 镇长 is refused where the clerk typed it; 张明, on the staff list
    as 镇长, is offered and fills in his 职务."""
    dialog = page.uses.add_use()
    f = dialog.inputs
    dialog.seal.setFocus()
    press(qtbot, dialog.seal, Qt.Key.Key_Down)  # 某某镇人民政府
    f["used_at"].clear()
    type_text(qtbot, f["used_at"], _now_text(5))
    for key, text in (("applicant", "赵磊"), ("purpose", "出具证明"), ("doc_title", "证明"),
                      ("approver", "门卫老张"), ("approved_at", _now_text(30))):  # fmt: skip
        type_text(qtbot, f[key], text)
    assert dialog.title.currentText() == "镇长"
    f["attested"].setFocus()
    press(qtbot, f["attested"], Qt.Key.Key_Space)
    press(qtbot, f["approved_at"], Qt.Key.Key_Return)
    assert dialog.isVisible() and "审批人「门卫老张」不在人员名单中" in dialog.error.text()
    f["approver"].clear()
    dialog.title.setCurrentText("")
    type_text(qtbot, f["approver"], "张明")
    assert dialog.title.currentText() == "镇长"  # his 职务 on the staff list
    press(qtbot, f["approver"], Qt.Key.Key_Return)
    assert not dialog.isVisible(), dialog.error.text()
    with uow() as s:
        (row,) = ledger.list_uses(s, UseFilter())
    assert (row.seal_name, row.approver, row.approver_title) == ("某某镇人民政府", "张明", "镇长")


def _reload_from_box(qtbot) -> None:
    box = open_error_boxes()[-1]
    assert "重新载入" in box.text()
    qtbot.mouseClick(
        next(b for b in box.buttons() if b.text() == RELOAD), Qt.MouseButton.LeftButton
    )


def test_approvers_saved_elsewhere_first_are_refused_and_reloaded(qtbot, page, uow, seal_ids,
                                                                  make_user):  # fmt: skip
    director = make_user(Role.DIRECTOR, "zhuren")
    page.tabs.setCurrentWidget(page.seals)
    page.seals.table.selectRow(0)
    dialog = page.seals.edit_approvers()
    with uow(director) as s:  # the other window saves first
        catalog.set_approvers(s, seal_ids[0], ["镇长"])
    dialog.approvers.clear()
    type_text(qtbot, dialog.approvers, "副书记")
    press(qtbot, dialog.approvers, Qt.Key.Key_Return)
    assert dialog.isVisible() and "已被zhuren于" in dialog.error.text()
    _reload_from_box(qtbot)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert page.seals.table.item(0, 3).text() == "镇长"  # the latest, nothing overwritten


def test_a_loan_approver_off_the_staff_list_is_refused_in_the_form(qtbot, page, uow, seal_ids):
    page.tabs.setCurrentWidget(page.loans)
    dialog = page.loans.lend()
    f = dialog.inputs
    assert "王建国" in f["approver0"].placeholderText()  # who holds the 职务, offered
    type_text(qtbot, f["borrower"], "赵磊")
    type_text(qtbot, f["purpose"], "赴县委办事")
    type_text(qtbot, f["approver0"], "门卫老张")
    type_text(qtbot, f["approved0"], _now_text(20))
    type_text(qtbot, f["approver1"], "张明")
    type_text(qtbot, f["approved1"], _now_text(10))
    press(qtbot, f["approved1"], Qt.Key.Key_Return)
    assert dialog.isVisible() and "门卫老张」不在人员名单中" in dialog.error.text()
    with uow() as s:
        assert loans.list_loans(s) == []
    dialog.reject()


def test_a_return_recorded_elsewhere_first_is_refused_and_reloaded(qtbot, page, uow, seal_ids,
                                                                   make_user):  # fmt: skip
    director = make_user(Role.DIRECTOR, "zhuren")
    approvals = [Approval("张明", "镇长", clock.now() - timedelta(minutes=30)),
                 Approval("王建国", "党委书记", clock.now() - timedelta(minutes=30))]  # fmt: skip
    with uow() as s:
        loans.lend(s, SealLoanForm(seal_ids[1], "赵磊", "赴县委办事", approvals,
                                   clock.now() - timedelta(minutes=20)))  # fmt: skip
    page.tabs.setCurrentWidget(page.loans)
    page.loans.reload()
    page.loans.table.selectRow(0)
    back = page.loans.give_back()
    with uow(director) as s:  # the other window records the return first
        loans.return_seal(s, loans.list_loans(s)[0].id, "李红")
    type_text(qtbot, back.received_by, "刘芳")
    press(qtbot, back.received_by, Qt.Key.Key_Return)
    assert back.isVisible() and "已被zhuren于" in back.error.text()
    _reload_from_box(qtbot)
    qtbot.waitUntil(lambda: not back.isVisible())
    assert page.loans.table.item(0, 8).text() == "已归还"
    with uow() as s:
        assert loans.list_loans(s)[0].received_by == "李红"


def test_a_save_goes_through_while_the_chain_is_walked(qtbot, admin, seal_ids, monkeypatch):
    """校验 reads the whole chain (seconds at 200,000 entries): it must not hold the write
    lock all that time, or every save in the program waits for it and then fails."""
    import threading

    from app.services.seals import chain
    from app.ui import ops

    walking, release, walked = threading.Event(), threading.Event(), threading.Event()
    real_walk = chain.verify_chain

    def slow_walk(session, **kw):
        found = real_walk(session, **kw)
        walking.set()
        release.wait(30)  # a write lock held here would keep the save waiting till then
        walked.set()
        return found

    monkeypatch.setattr(chain, "verify_chain", slow_walk)
    widget = SealsPage(admin)
    qtbot.addWidget(widget)
    widget.show()  # the walk starts on opening, once the list has painted
    qtbot.waitUntil(walking.is_set, timeout=20000)
    try:
        form = SealForm("某某镇党政办公室", "党政办章", "李红", ["党委书记"])
        saved = ops.perform(admin, lambda s: catalog.add_seal(s, form), touches=("用印",))
        assert not walked.is_set()  # saved while the walk still ran
    finally:
        release.set()
    qtbot.waitUntil(lambda: _walked(widget), timeout=20000)
    assert saved and widget.uses.chain.status is not None and widget.uses.chain.status.ok


def test_the_list_paints_before_the_chain_walk_starts(qtbot, admin, seal_ids, uow, monkeypatch):
    """The walk holds the GIL for seconds at 200,000 entries: it must not delay the first
    page of the list, and its finding still shows once it has run."""
    from PySide6.QtCore import QEvent, QObject

    from app.services.seals import chain

    with uow() as s:
        ledger.register_use(s, use_form(seal_ids[0]))

    class Paints(QObject):
        count = 0

        def eventFilter(self, _watched, event):
            if event.type() == QEvent.Type.Paint:
                Paints.count += 1
            return False

    painted_at_walk: list[int] = []
    real_walk = chain.verify_chain

    def walk(session, **kw):
        painted_at_walk.append(Paints.count)
        return real_walk(session, **kw)

    monkeypatch.setattr(chain, "verify_chain", walk)
    widget = SealsPage(admin)
    qtbot.addWidget(widget)
    paints = Paints(widget)
    widget.uses.view.viewport().installEventFilter(paints)
    widget.show()
    assert widget.uses.chain.task is None  # not on show: after the paint
    qtbot.waitUntil(lambda: _walked(widget), timeout=10000)
    assert widget.uses.model.rowCount() == 1
    assert painted_at_walk and painted_at_walk[0] >= 1  # the list had painted first
    assert widget.uses.chain.label.text().startswith("登记簿未被改动（校验至第 1 条")


def test_opening_the_page_reads_the_register_alone_and_a_tab_reads_when_first_opened(page):
    """印章 and 外借 are read when the clerk first opens them, not with the page."""
    assert page.tabs.currentWidget() is page.uses
    assert page.seals.table.rowCount() == 0 and page.loans.table.rowCount() == 0
    page.tabs.setCurrentWidget(page.seals)
    assert page.seals.table.rowCount() == 2
    assert page.loans.table.rowCount() == 0  # still unopened
    page.tabs.setCurrentWidget(page.loans)
    assert page.loans.loaded


def test_the_walk_on_opening_shows_no_dialog_and_waits_while_the_clerk_reads(
    qtbot, admin, seal_ids, uow
):
    """The walk holds the GIL for seconds at 200,000 entries: it made a search 2-3 times
    slower, and its modal progress box kept the clerk from typing at all."""
    import threading

    from PySide6.QtWidgets import QApplication, QProgressDialog

    with uow() as s:
        ledger.register_use(s, use_form(seal_ids[0]))
    reading, release = threading.Event(), threading.Event()
    widget = SealsPage(admin)
    qtbot.addWidget(widget)

    def slow_read(_session):
        reading.set()
        release.wait(30)

    read = widget.uses.reads.run(slow_read, lambda _: None)  # the clerk's search, still out
    qtbot.waitUntil(reading.is_set)
    widget.show()
    qtbot.waitUntil(lambda: widget.uses.chain.task is not None)
    try:
        qtbot.wait(600)  # a walk of one entry takes a few ms when nothing holds it back
        assert not widget.uses.chain.task.done
        boxes = [w for w in QApplication.topLevelWidgets()
                 if isinstance(w, QProgressDialog) and w.isVisible()]  # fmt: skip
        assert boxes == []
        assert widget.uses.chain.label.text() == "正在校验用印台账链…"
    finally:
        release.set()
    qtbot.waitUntil(lambda: read.done and _walked(widget), timeout=10000)
    assert widget.uses.chain.label.text().startswith("登记簿未被改动（校验至第 1 条")


def test_reopening_walks_only_the_entries_added_since_and_still_finds_a_break(
    qtbot, admin, seal_ids, uow, data_dir, monkeypatch
):
    """A sound walk is remembered by the program: the register opened again walks only
    what was added since. A break there is still named, and 校验 walks everything."""
    from app.services.seals import chain
    from app.ui.seals import uses_tab

    with uow() as s:
        for day in range(3):
            ledger.register_use(s, use_form(seal_ids[0], at=T0 + timedelta(days=day)))

    def opened() -> SealsPage:
        widget = SealsPage(admin)
        qtbot.addWidget(widget)
        widget.show()
        qtbot.waitUntil(lambda: _walked(widget), timeout=10000)
        return widget

    monkeypatch.setattr(chain, "CHUNK", 1)  # give_way comes before each entry walked
    steps: list[None] = []
    monkeypatch.setattr(uses_tab, "give_way", lambda: steps.append(None))
    first = opened()
    assert len(steps) == 3 and first.uses.chain.status.ok
    with uow() as s:
        for day in (10, 11):
            ledger.register_use(s, use_form(seal_ids[0], at=T0 + timedelta(days=day)))
    steps.clear()
    again = opened()
    assert len(steps) == 2
    assert again.uses.chain.label.text().startswith("登记簿未被改动（校验至第 5 条")
    dispose()
    with sqlite3.connect(data_dir.database) as conn:
        register_function(conn)  # the bigram index's trigger tokenises the new title
        conn.execute("UPDATE seal_uses SET doc_title = '改过的标题' WHERE seq = 2")
    conn.close()
    open_database(data_dir)
    with uow() as s:
        ledger.register_use(s, use_form(seal_ids[0], at=T0 + timedelta(days=12)))
        used = ledger.list_uses(s, UseFilter())[-1].number
    dispose()
    with sqlite3.connect(data_dir.database) as conn:
        register_function(conn)
        conn.execute("UPDATE seal_uses SET copies = 9 WHERE seq = 6")
    conn.close()
    open_database(data_dir)
    steps.clear()
    third = opened()
    assert len(steps) == 1
    assert third.uses.chain.label.text() == (
        f"登记簿可能被改动：第 6 条（{used}）的内容与登记时不符（已被改动）")  # fmt: skip
    # a broken walk is not remembered, and 校验 walks everything: seq 2 is named first
    assert _click_verify(qtbot, third).startswith("登记簿可能被改动：第 2 条")
    assert len(steps) == 1 + 2  # from the first entry, up to the break

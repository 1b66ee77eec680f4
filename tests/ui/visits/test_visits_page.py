"""The 来访 window driven by keyboard: a walk-in, an extension, closing a case."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit

from app import clock
from app.services.context import Role
from app.services.errors import ValidationError
from app.services.visits import cases, queries
from app.ui.kit import OVERDUE, FormDialog
from app.ui.messages import RELOAD, open_error_boxes
from app.ui.visits.model import CLOCK_COLUMN, version_of
from app.ui.visits.page import VisitsPage
from app.ui.visits.register import RegisterDialog
from tests.services.visits.helpers import ID_A, walk_in
from tests.ui.typing_helpers import type_text


def _page(qtbot, actor, year: int | None = None) -> VisitsPage:
    page = VisitsPage(actor)
    page.year.setValue(year or clock.today().year)  # cases made "50 days ago" in January
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    return page


def _tab(qtbot, widget) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_Tab)


def test_walk_in_registered_by_keyboard_shows_earlier_cases(qtbot, uow, admin):
    with uow() as s:
        first = cases.register_case(s, walk_in(clock.today() - timedelta(days=40)))
    page = _page(qtbot, admin)
    qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialogs = page.findChildren(RegisterDialog)
    assert len(dialogs) == 1
    dlg = dialogs[0]
    qtbot.waitUntil(lambda: dlg.isVisible())
    assert dlg.focusWidget() is dlg.name
    type_text(qtbot, dlg.name, "王建国")
    _tab(qtbot, dlg.name)  # 性别
    qtbot.keyClick(dlg.focusWidget(), Qt.Key.Key_Down)
    _tab(qtbot, dlg.focusWidget())  # 证件号
    assert dlg.focusWidget() is dlg.id_number
    qtbot.keyClicks(dlg.id_number, ID_A)
    dlg.look_up.flush()  # the clerk pauses: the earlier case shows
    assert dlg.earlier.count() == 1
    assert first.reg_no in dlg.earlier.item(0).text()
    _tab(qtbot, dlg.id_number)
    qtbot.keyClicks(dlg.focusWidget(), "13812345678")
    _tab(qtbot, dlg.focusWidget())
    type_text(qtbot, dlg.focusWidget(), "某某镇东湖村3组12号")
    for _ in range(3):  # 代表, 人数, 村
        _tab(qtbot, dlg.focusWidget())
    assert dlg.focusWidget() is dlg.village
    type_text(qtbot, dlg.village, "东湖村")
    _tab(qtbot, dlg.village)
    type_text(qtbot, dlg.focusWidget(), "宅基地边界又起纠纷")
    qtbot.keyClick(dlg.focusWidget(), Qt.Key.Key_Return)
    assert not dlg.isVisible(), dlg.error.text()
    with uow() as s:
        rows = queries.list_cases(s, queries.CaseFilter())
    new = rows[0]
    assert new.issue == "宅基地边界又起纠纷" and new.form == "走访"
    assert new.repeat_of_id == first.id and new.phone == "13812345678"
    assert page.model.rowCount() == 2 and page.current_id() == new.id


def test_walk_in_refused_shows_the_rule(qtbot, admin):
    page = _page(qtbot, admin)
    dlg = page.new_case("走访")
    type_text(qtbot, dlg.name, "李秀英")
    dlg.headcount.setValue(12)
    type_text(qtbot, dlg.issue, "征地补偿")
    qtbot.keyClick(dlg.issue, Qt.Key.Key_Return)
    assert dlg.isVisible() and "代表人数不超过5人" in dlg.error.text()


def test_a_step_without_a_selected_case_asks_for_one(qtbot, admin):
    page = _page(qtbot, admin)
    assert page.act("extend") is None
    box = open_error_boxes()[-1]
    assert box.text() == "请先在列表中选中一件来访。" and box.windowTitle().startswith("延期")
    box.close()


def _select(page, case_id):
    page.select_id(case_id)
    assert page.current_id() == case_id


def _dialog_fill(qtbot, dlg, values):
    for key, text in values.items():
        edit = dlg.inputs[key]
        assert isinstance(edit, QLineEdit)
        edit.clear()
        type_text(qtbot, edit, text)


def test_extension_then_second_refused(qtbot, uow, admin):
    today = clock.today()
    with uow() as s:
        ref = cases.register_case(s, walk_in(today - timedelta(days=50)))
        cases.accept(s, ref.id, today - timedelta(days=50))
    page = _page(qtbot, admin, (today - timedelta(days=50)).year)
    _select(page, ref.id)
    qtbot.mouseClick(page.buttons["extend"], Qt.MouseButton.LeftButton)
    dlg = page.findChildren(FormDialog)[-1]
    _dialog_fill(qtbot, dlg, {"leader": "张镇长"})
    qtbot.keyClick(dlg.inputs["told_on"], Qt.Key.Key_Return)
    assert not dlg.isVisible(), dlg.error.text()
    with uow() as s:
        row = queries.list_cases(s, queries.CaseFilter())[0]
    assert row.conclude_due == today - timedelta(days=50) + timedelta(days=90)
    again = page.act("extend")
    _dialog_fill(qtbot, again, {"leader": "刘书记"})
    qtbot.keyClick(again.inputs["leader"], Qt.Key.Key_Return)
    assert again.isVisible() and "只能延长一次" in again.error.text()


def test_close_a_case_and_the_late_one_is_red(qtbot, uow, admin, tmp_path):
    today = clock.today()
    with uow() as s:
        late = cases.register_case(s, walk_in(today - timedelta(days=20)))
        ref = cases.register_case(s, walk_in(today - timedelta(days=3)))
        cases.accept(s, ref.id, today - timedelta(days=2))
    page = _page(qtbot, admin, (today - timedelta(days=20)).year)
    late_row = next(n for n in range(page.model.rowCount())
                    if page.model.row_id(page.model.index(n, 0)) == late.id)  # fmt: skip
    index = page.model.index(late_row, CLOCK_COLUMN)
    assert page.model.data(index, Qt.ItemDataRole.BackgroundRole).color() == OVERDUE
    assert "告知逾期5天" in page.model.data(index)
    _select(page, ref.id)
    dlg = page.act("conclude")
    dlg.inputs["outcome"].setCurrentText("予以支持")
    _dialog_fill(qtbot, dlg, {"facts": "情况属实", "national_no": "XF20260001"})
    dlg.inputs["in_national_system"].setChecked(True)
    qtbot.keyClick(dlg.inputs["national_no"], Qt.Key.Key_Return)
    assert not dlg.isVisible(), dlg.error.text()
    with uow() as s:
        row = next(r for r in queries.list_cases(s, queries.CaseFilter()) if r.id == ref.id)
    assert row.state == "已办结" and row.outcome == "予以支持" and row.in_national_system
    task = page.save_opinion(ref.id, tmp_path / "op.pdf")
    with qtbot.waitSignal(task.finished, timeout=20000):
        pass
    assert (tmp_path / "op.pdf").stat().st_size > 1000
    qtbot.waitUntil(lambda: sum(c.total for c in page.chart.counts) >= 1)  # read off the GUI


def test_case_model_passes_qtmodeltester(qtbot, qtmodeltester, uow, admin):
    with uow() as s:
        for n in range(3):
            cases.register_case(s, walk_in(clock.today() - timedelta(days=n * 9)))
    page = VisitsPage(admin)
    qtbot.addWidget(page)
    qtmodeltester.check(page.model)
    assert page.model.rowCount() == 3


def test_export_from_the_window_masks_unless_asked(qtbot, uow, admin, make_user, tmp_path):
    import openpyxl

    with uow() as s:
        cases.register_case(s, walk_in(clock.today()))
    clerk_page = _page(qtbot, make_user(Role.CLERK))
    assert not clerk_page.unmasked.isVisible()
    clerk_page.close()
    page = _page(qtbot, admin)
    for name, unmasked in (("m.xlsx", False), ("u.xlsx", True)):
        page.unmasked.setChecked(unmasked)
        page.export.ask_path = lambda n=name: str(tmp_path / n)
        before = page.export.task
        qtbot.mouseClick(page.buttons["export"], Qt.MouseButton.LeftButton)
        assert page.export.task is not before
        with qtbot.waitSignal(page.export.task.finished, timeout=30000):
            pass

    def ids(name):
        sheet = openpyxl.load_workbook(tmp_path / name)["来访登记簿"]
        at = [cell.value for cell in sheet[3]].index("证件号")  # after the printed columns
        return [row[at] for row in sheet.iter_rows(min_row=4, values_only=True) if row[at]]

    assert ids("m.xlsx") == [ID_A[:4] + "*" * 10 + ID_A[-4:]]
    assert ids("u.xlsx") == [ID_A]


def test_typing_an_id_asks_the_register_once_after_the_pause(qtbot, uow, admin, monkeypatch):
    from app.ui.visits import register

    with uow() as s:
        first = cases.register_case(s, walk_in(clock.today() - timedelta(days=40)))
    asked: list[str] = []
    real = register.look_up_earlier

    def counted(session, **typed):
        asked.append(typed["id_number"])
        return real(session, **typed)

    monkeypatch.setattr(register, "look_up_earlier", counted)
    dlg = RegisterDialog(admin)
    qtbot.addWidget(dlg)
    qtbot.keyClicks(dlg.id_number, ID_A)  # 18 keystrokes
    assert asked == []
    qtbot.waitUntil(lambda: asked == [ID_A])
    assert dlg.earlier.count() == 1 and first.reg_no in dlg.earlier.item(0).text()
    type_text(qtbot, dlg.name, "王建国")
    type_text(qtbot, dlg.issue, "宅基地边界又起纠纷")
    dlg.look_up.flush()  # the look-up is current; registering does not search again
    searched: list[object] = []
    monkeypatch.setattr(cases, "find_earlier_ids", lambda *a, **k: searched.append(a) or set())
    dlg.try_register()
    assert not dlg.isVisible(), dlg.error.text()
    assert searched == [] and dlg.registered.repeat_of_id == first.id


def test_the_clerk_links_the_accused_to_their_account_in_the_form(qtbot, uow, make_user):
    """The 被反映人 of a 检举控告 is linked to their account in the form: picked from the
    list, or picked for the clerk when the name typed is the account's own; the linked
    leader then never sees the case."""
    clerk, accused = make_user(Role.CLERK, "李文书"), make_user(Role.LEADER, "钱镇长")
    page = _page(qtbot, clerk)
    dlg = page.new_case("走访")
    type_text(qtbot, dlg.name, "李秀英")
    type_text(qtbot, dlg.issue, "反映优亲厚友")
    dlg.category.setFocus()
    while dlg.category.currentText() != "检举控告类":
        qtbot.keyClick(dlg.category, Qt.Key.Key_Up)
    assert not dlg.accused_account.currentData()
    type_text(qtbot, dlg.accused, "钱镇长")
    assert dlg.accused_account.currentData() == accused.user_id  # the account of that name
    dlg.accused.clear()
    type_text(qtbot, dlg.accused, "钱某")  # the letter's own words; the clerk knows who
    dlg.accused_account.setFocus()
    while dlg.accused_account.currentData() != accused.user_id:
        qtbot.keyClick(dlg.accused_account, Qt.Key.Key_Down)
    qtbot.keyClick(dlg.accused_account, Qt.Key.Key_Return)
    assert not dlg.isVisible(), dlg.error.text()
    with uow(clerk) as s:
        case_id = queries.list_cases(s, queries.CaseFilter())[0].id
    with uow() as s:
        assert queries.accused_of(s, case_id)[0] == "钱某"
    with uow(accused) as s:
        assert queries.list_cases(s, queries.CaseFilter()) == []


def test_a_step_on_a_case_changed_elsewhere_is_refused_and_reloaded(qtbot, uow, admin, make_user):
    """Two windows on one case: the second step says who saved first; 重新载入 lists it again."""
    director = make_user(Role.DIRECTOR, "zhuren")
    today = clock.today()
    with uow() as s:
        ref = cases.register_case(s, walk_in(today))
    page = _page(qtbot, admin)
    _select(page, ref.id)
    dlg = page.act("notify")
    with uow(director) as s:  # the other window 受理 it meanwhile
        cases.accept(s, ref.id, today)
    qtbot.keyClick(dlg.inputs["on"], Qt.Key.Key_Return)
    assert dlg.isVisible() and "已被zhuren于" in dlg.error.text()
    box = open_error_boxes()[-1]
    qtbot.mouseClick(
        next(b for b in box.buttons() if b.text() == RELOAD), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: not dlg.isVisible())
    assert page.current_id() == ref.id
    assert version_of(page.model.row_values(page.table.currentIndex().row())) == 2
    with uow() as s:
        case = queries.list_cases(s, queries.CaseFilter())[0]
    assert (case.accepted_on, case.version) == (today, 2)  # 告知 was not recorded on the old copy
    again = page.act("notify")
    qtbot.keyClick(again.inputs["on"], Qt.Key.Key_Return)  # on the fresh copy it goes through
    assert not again.isVisible(), again.error.text()


def test_esc_on_a_half_typed_case_asks_before_it_is_lost(qtbot, admin):
    """Issue 15: Esc on the 来访登记 form threw the typed case away."""
    dlg = RegisterDialog(admin)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    dlg.close()
    assert not dlg.isVisible()  # untouched: closes at once
    dlg.show()
    qtbot.waitExposed(dlg)
    type_text(qtbot, dlg.name, "王建国")
    qtbot.keyClick(dlg.name, Qt.Key.Key_Escape)
    asked = [b for b in open_error_boxes() if b.objectName() == "askBox"]
    assert len(asked) == 1 and dlg.isVisible() and dlg.name.text() == "王建国"


def test_enter_on_a_case_opens_it_whole_and_a_step_starts_from_there(qtbot, uow, admin):
    """Issue 15: a 来访 row opened nothing but the strip below the list."""
    today = clock.today()
    with uow() as s:
        ref = cases.register_case(s, walk_in(today - timedelta(days=5)))
        cases.accept(s, ref.id, today - timedelta(days=5))
    page = _page(qtbot, admin)
    _select(page, ref.id)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dlg = page.detail_dialog
    assert dlg.isVisible() and dlg.windowTitle() == f"来访：{ref.reg_no}"
    assert dlg.values["反映问题"].text() == "宅基地边界纠纷"
    assert dlg.values["信访人1"].text().startswith("王")
    assert dlg.values["受理日期"].text() == (today - timedelta(days=5)).isoformat()
    history = [dlg.history.item(r).text() for r in range(dlg.history.count())]
    assert [h.split("  ")[-1][:2] for h in history] == ["新增", "修改"]
    qtbot.mouseClick(dlg.step_buttons["办结"], Qt.MouseButton.LeftButton)
    assert not dlg.isVisible()
    step = page.findChildren(FormDialog)[-1]
    assert step.isVisible() and step.windowTitle() == "办结"


def test_the_detail_and_the_page_offer_only_the_steps_the_case_state_allows(qtbot, uow, admin):
    """Issue 15: the 来访 detail offered all six steps whatever the case's state."""
    today = clock.today()
    with uow() as s:
        fresh = cases.register_case(s, walk_in(today - timedelta(days=3)))
        done = cases.register_case(s, walk_in(today - timedelta(days=9)))
        cases.accept(s, done.id, today - timedelta(days=9))
        cases.conclude(s, done.id, cases.ConcludeForm("予以支持", today - timedelta(days=2)))
    page = _page(qtbot, admin)
    _select(page, fresh.id)
    assert [k for k, b in page.buttons.items() if b.isEnabled() and k not in _TOP] == [
        "accept", "notify", "conclude", "routing"]  # fmt: skip
    dlg = page.open_detail(fresh.id)
    assert list(dlg.step_buttons) == ["受理", "告知", "办结", "转交办异议"]
    dlg.close()
    dlg = page.open_detail(done.id)
    assert list(dlg.step_buttons) == [] and dlg.findChild(QLabel, "readOnly").isVisible()
    assert not page.buttons["conclude"].isEnabled()
    dlg.close()
    with uow() as s, pytest.raises(ValidationError, match="已办结"):  # the service refuses too
        cases.accept(s, done.id, today)


_TOP = ("walk_in", "other", "opinion", "export")


def test_the_list_counts_its_cases_and_a_rows_menu_offers_its_steps(qtbot, uow, admin):
    """Issue 15: the 来访 list had no 共 N 件 and no row menu."""
    from PySide6.QtWidgets import QMenu

    today = clock.today()
    with uow() as s:
        ref = cases.register_case(s, walk_in(today - timedelta(days=3)))
    page = _page(qtbot, admin)
    assert page.count_label.text() == "共 1 件"
    _select(page, ref.id)
    menu = page.table.build_menu(page.table.visualRect(page.model.index(0, 1)).center())
    assert isinstance(menu, QMenu)
    texts = [a.text() for a in menu.actions() if a.text()]
    assert texts == ["打开（回车）", "受理", "告知", "办结", "转交办异议"]


def _openings(uow) -> int:
    from app.services import audit

    with uow() as s:
        return sum(r.action == "查看" for r in audit.query(s, audit.AuditFilter()))


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_opening_an_accusation_is_audited_once(qtbot, uow, admin):
    """Issue 15: one opening of a 检举控告 case wrote two 查看 lines (the row selected for
    the detail read the case again for the side panel)."""
    with uow() as s:
        ref = cases.register_case(s, walk_in(clock.today(), category="检举控告类",
                                             accused_name="钱某"))  # fmt: skip
    page = _page(qtbot, admin)
    page.table.clearSelection()
    page.table.setCurrentIndex(page.model.index(-1, -1))
    before = _openings(uow)
    rect = page.table.visualRect(page.model.index(0, 4))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.detail_dialog.isVisible() and page.detail_dialog.detail.record_id == ref.id
    assert _openings(uow) - before == 1
    page.detail_dialog.reject()
    with clock.pinned(clock.now() + timedelta(minutes=11)):  # a later sitting: audited again
        page.open_detail(ref.id).reject()
    assert _openings(uow) - before == 2


def test_a_word_lists_its_first_page_of_cases_then_counts_them(qtbot, uow, admin):
    """A word's count looks up every hit's case (30-40 ms at 10,000 hits) and a list row
    runs the case's clocks: the list shows a page of 60 first, its count comes after."""
    from app.ui.visits.model import PAGE

    with uow() as s:
        for n in range(PAGE + 10):
            day = clock.today() - timedelta(days=n % 20)
            cases.register_case(s, walk_in(day, issue=f"工资被拖欠第{n}次"))
        cases.register_case(s, walk_in(clock.today(), issue="宅基地边界纠纷"))
    page = _page(qtbot, admin)
    assert page.model.cached_rows() == PAGE  # the first paint read one page too
    shown: list[tuple[int, bool, str]] = []
    page.model.modelReset.connect(lambda: shown.append(
        (page.model.rowCount(), page.model.counting, page.count_label.text())))  # fmt: skip
    page.search.setText("拖欠")
    page.reload_list(background=True)
    qtbot.waitUntil(lambda: page.count_label.text() == f"共 {PAGE + 10} 件", timeout=10000)
    assert shown == [(PAGE, True, f"共 {PAGE} 余件（正在计数…）")]
    assert page.model.rowCount() == PAGE + 10


def test_the_chart_read_steps_aside_while_the_clerk_reads(qtbot, uow, admin):
    """The chart runs the year's clocks (~0.5 s at 50,000) just after opening: it waits
    while the clerk's own read runs instead of slowing it through the GIL."""
    import threading

    from PySide6.QtWidgets import QWidget

    from app.ui import ops

    with uow() as s:
        cases.register_case(s, walk_in(clock.today()))  # open: its clocks run for the chart
    reading, release = threading.Event(), threading.Event()

    def slow_read(_session):
        reading.set()
        release.wait(30)

    other = QWidget()
    qtbot.addWidget(other)
    read = ops.Latest(other, admin).run(slow_read, lambda _: None)  # a search, still out
    qtbot.waitUntil(reading.is_set)
    try:
        page = _page(qtbot, admin)
        qtbot.wait(600)  # the chart of one case takes a few ms when nothing holds it back
        assert page.chart.counts == [] and page.chart_reads.busy
    finally:
        release.set()
    qtbot.waitUntil(lambda: read.done and sum(c.total for c in page.chart.counts) == 1)

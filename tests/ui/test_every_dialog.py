"""Every dialog of the program, found by looking, fits 1366×728 with nothing clipped.

The dialog classes are enumerated from app.ui (every QDialog subclass) and every place that
builds a plain FormDialog is found in the source, so a new dialog cannot be missed silently:
it fails here until a case below opens it. The cases open each one over demo data, the way
the page does, and close it with Esc and with the window's own button.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import random
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget

import app.ui
from app import clock
from app.services.session import unit_of_work
from app.ui.visits.actions import ACTIONS as VISIT_STEPS
from tests.ui.test_dialog_sizes import DIALOGS, assert_fits, styled  # noqa: F401  (fixture)

UI = Path(app.ui.__file__).parent
# Bases that are never opened themselves: each subclass is a case of its own.
BASES = {"FormDialog", "SealsDialog", "MeetingForm", "AttachmentsDialog"}


def dialog_classes() -> set[str]:
    """The name of every QDialog subclass defined in app.ui (its modules imported)."""
    for info in pkgutil.walk_packages(app.ui.__path__, "app.ui."):
        importlib.import_module(info.name)
    found: set[str] = set()
    todo = list(QDialog.__subclasses__())
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if cls.__module__.startswith("app.ui."):
            found.add(f"{cls.__module__}.{cls.__qualname__}")
    return found


def form_sites() -> set[str]:
    """module:function of every place in app.ui that builds a plain FormDialog(...)."""
    sites = set()
    for path in UI.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module = ".".join(path.relative_to(UI.parent.parent).with_suffix("").parts)
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef):
                continue
            for call in ast.walk(func):
                name = getattr(getattr(call, "func", None), "id", None)
                if isinstance(call, ast.Call) and name == "FormDialog":
                    sites.add(f"{module}:{func.name}")
    return sites


# ---- the demo office, once per test: every register has rows to open dialogs on ----------


def _demo(actor: Any) -> None:
    from app.services.modules import load_all
    from app.services.registry import DEMOS

    load_all()
    rng = random.Random(7)
    for _module, fill in DEMOS:
        with unit_of_work(actor) as session:
            fill(session, 30, rng)


def _read(actor: Any, fn: Callable[[Any], Any]) -> Any:
    with unit_of_work(actor) as session:
        return fn(session)


def _page(window: Any, title: str) -> QWidget:
    row = next(r for r in range(window.nav.count()) if window.nav.item(r).text() == title)
    window.nav.setCurrentRow(row)
    return window.stack.currentWidget()


# ---- the cases: each opens its dialog the way the program does ----------------------------

Case = Callable[[Any, Any], QWidget | None]  # (window, actor) -> the dialog


def _filing_steps(title: str) -> list[tuple[str, Case]]:
    """Every step form of a 收文/发文/督办 page, on a record of the demo."""
    from app.services.filing import flow

    moves = {"收文": ["修改", *flow.INCOMING_MOVES, *flow.INCOMING_ACTIVITIES,
                    *flow.PAPER_OUT_ACTIONS, "立督办"],
             "发文": ["修改", *flow.OUTGOING_MOVES, "作废"],
             "督办": ["修改", "添加进展", "办结"]}  # fmt: skip

    def step(action: str) -> Case:
        def open_(window: Any, actor: Any) -> QWidget | None:
            page = _page(window, title)
            page.view.selectRow(0)
            if title != "督办" and action != "修改":  # these always have a form
                fields, _work = page.action_spec(action, page.current().id)
                if not fields:
                    return None  # a move without a form would be made at once: nothing to size
            return page.start_action(action)  # the form as the button opens it

        return open_

    return [(f"{title}：{a}", step(a)) for a in moves[title]]


def _new_record(title: str, method: str) -> Case:
    def open_(window: Any, actor: Any) -> QWidget | None:
        page = _page(window, title)
        getattr(page, method)()
        return page.dialog

    return open_


def _visit_step(key: str) -> Case:
    def open_(window: Any, actor: Any) -> QWidget | None:
        page = _page(window, "来访")
        page.table.selectRow(0)
        return page.act(key)

    return open_


def _visit_detail(window: Any, actor: Any) -> QWidget | None:
    page = _page(window, "来访")
    page.table.selectRow(0)
    return page.open_detail(page.current_id())


def _incoming_detail(window: Any, actor: Any) -> QWidget | None:
    page = _page(window, "收文")
    page.view.selectRow(0)
    return page.open_detail(page.current().id)


def _import(window: Any, actor: Any) -> QWidget | None:
    return _page(window, "收文").open_import()


def _mapping(window: Any, actor: Any) -> QWidget | None:
    from app.services.modules import load_all
    from app.services.registry import IMPORTS
    from app.ui.kit.mapping_dialog import MappingDialog

    load_all()
    headers = ["日期", "单位", "题目", "字号", "备注说明"]
    grid = [headers, ["2026-11-02", "县政府办", "关于做好冬季安全生产工作的通知", "", ""]]
    return MappingDialog(window, IMPORTS["incoming"], headers, [grid])


def _crash(window: Any, actor: Any) -> QWidget | None:
    from app.ui.crash import CrashDialog

    trace = "Traceback (most recent call last):\n" + '  File "x.py", line 1\n' * 40
    return CrashDialog(trace + "TypeError: 演示", Path("logs") / "dzb.log", window)


def _roster(kind: str) -> Case:
    def open_(window: Any, actor: Any) -> QWidget | None:
        from app.services.duty import roster
        from app.services.duty.staff import people
        from app.ui.duty.dialogs import EditDayDialog, SwapDialog

        today = clock.today()
        days = _read(actor, lambda s: roster.roster(s, today, today + timedelta(days=30)))
        row = next(d for d in days if d.staff)
        everyone = _read(actor, people)
        return (EditDayDialog if kind == "edit" else SwapDialog)(actor, row, everyone)

    return open_


def _log_edit(window: Any, actor: Any) -> QWidget | None:
    from app.services.duty import log
    from app.ui.duty.log_detail import edit_entry

    today = clock.today()
    rows = _read(actor, lambda s: log.entries(s, today - timedelta(days=400), today))
    return edit_entry(window, actor, rows[0], lambda: None)


def _seal(kind: str) -> Case:
    def open_(window: Any, actor: Any) -> QWidget | None:
        from app.services.seals import catalog, loans
        from app.ui.seals.loans_tab import SealReturnDialog
        from app.ui.seals.seals_tab import ApproversDialog, StatusDialog
        from app.ui.seals.use_dialog import VoidDialog

        seal = _read(actor, catalog.list_seals)[0]
        if kind == "status":
            return StatusDialog(actor, seal, window)
        if kind == "approvers":
            return ApproversDialog(actor, seal, window)
        if kind == "void":
            return VoidDialog(actor, 1, "2026-0001", window)
        loan = _read(actor, lambda s: loans.list_loans(s))[0]
        return SealReturnDialog(actor, loan, window)

    return open_


def _settings(kind: str) -> Case:
    def open_(window: Any, actor: Any) -> QWidget | None:
        from app.services import users
        from app.ui.settings.notice_dialog import NoticeDialog
        from app.ui.settings.users_tab import PasswordDialog

        if kind == "notice":
            return NoticeDialog(actor, window)
        row = _read(actor, users.list_users)[0]
        return PasswordDialog(actor, row, window)

    return open_


def _archive_loan(kind: str) -> Case:
    def open_(window: Any, actor: Any) -> QWidget | None:
        from app.services.archives import loans
        from app.ui.archives.loans_tab import LoanDialog, ReturnDialog

        if kind == "loan":
            return LoanDialog(actor, window)
        with unit_of_work(actor) as s:  # the demo's small archive lends nothing yet
            from tests.services.archives.stock import add_items

            item = add_items(s, 2025, "Y", 1)[0]
            approver = loans.approvers(s)[0]
            form = loans.LoanForm(item, clock.today(), "赵磊", "镇财政所", "工作查考", "借出",
                                  approver, clock.today() + timedelta(days=7))  # fmt: skip
            loans.lend(s, form)
        loan = next(r for r in _read(actor, loans.list_loans) if r.returned_on is None)
        return ReturnDialog(actor, loan, window)

    return open_


def _archive_tab(tab_title: str, method: str) -> Case:
    """A 档案 tab's small form, on the first row(s) of the demo's archive."""

    def open_(window: Any, actor: Any) -> QWidget | None:
        page = _page(window, "档案")
        tab = page.tab(tab_title)
        if tab_title == "装盒":  # a box of this year's 件, for its 备考表
            from app.services.archives import boxes
            from tests.services.archives.stock import add_items

            with unit_of_work(actor) as s:
                boxes.create_box(s, add_items(s, clock.today().year, "Y", 2, start=900))
            tab.year.setValue(clock.today().year)
            tab.period.setCurrentIndex(0)
            tab.reload()
        view = getattr(tab, "view", None) or getattr(tab, "expired", None) or tab.boxes
        view.selectRow(0)
        return getattr(tab, method)()

    return open_


def _meeting(kind: str) -> Case:
    def open_(window: Any, actor: Any) -> QWidget | None:
        from app.services.meetings import entries
        from app.ui.meetings import minutes_tab, topics_tab

        mid = _read(actor, entries.list_meetings)[0].id  # one of the demo's meetings
        detail = _read(actor, lambda s: entries.get_meeting(s, mid))
        if kind == "topic":
            return topics_tab.TopicDialog(actor, detail, lambda form: [form], None, window)
        cls = minutes_tab.IssueDialog if kind == "issue" else minutes_tab.OutgoingDialog
        return cls(actor, detail, window)

    return open_


def _returns(window: Any, actor: Any) -> QWidget | None:
    from app.ui.returns.dialog import ReturnsDialog

    return ReturnsDialog(actor, window)


CASES: dict[str, Case] = {
    **dict(_filing_steps("收文")),
    **dict(_filing_steps("发文")),
    **dict(_filing_steps("督办")),
    "发文：新建": _new_record("发文", "open_register"),
    "督办：新建": _new_record("督办", "open_new"),
    **{f"来访：{key}": _visit_step(key) for key in VISIT_STEPS},
    "来访：详情": _visit_detail,
    "收文：详情": _incoming_detail,
    "导入": _import,
    "对应表头": _mapping,
    "程序错误": _crash,
    "调整值班": _roster("edit"),
    "换班": _roster("swap"),
    "修改值班日志": _log_edit,
    "印章状态": _seal("status"),
    "可审批人": _seal("approvers"),
    "作废用印": _seal("void"),
    "印章归还": _seal("return"),
    "节假日通知": _settings("notice"),
    "重置密码": _settings("password"),
    "档案借阅": _archive_loan("loan"),
    "档案归还": _archive_loan("return"),
    "调整件号": _archive_tab("目录", "move_item"),
    "撤出归档": _archive_tab("目录", "remove_item"),
    "鉴定续存": _archive_tab("鉴定与移交", "keep"),
    "鉴定销毁": _archive_tab("鉴定与移交", "mark_destroy"),
    "销毁": _archive_tab("鉴定与移交", "destroy_items"),
    "备考表": _archive_tab("装盒", "edit_notes"),
    "不归档": _archive_tab("年度归档", "skip"),
    "机构": _archive_tab("年度归档", "choose_org"),
    "印发纪要": _meeting("issue"),
    "纪要登记为发文": _meeting("outgoing"),
    "议题": _meeting("topic"),
    "县里的表格": _returns,
}

# Which case opens each dialog class and each FormDialog call site: checked both ways.
CLASSES = {
    "app.ui.kit.detail_dialog.DetailDialog": ("来访：详情", "收文：详情"),
    "app.ui.kit.import_dialog.ImportDialog": ("导入",),
    "app.ui.kit.mapping_dialog.MappingDialog": ("对应表头",),
    "app.ui.crash.CrashDialog": ("程序错误",),
    "app.ui.duty.dialogs.EditDayDialog": ("调整值班",),
    "app.ui.duty.dialogs.SwapDialog": ("换班",),
    "app.ui.seals.seals_tab.StatusDialog": ("印章状态",),
    "app.ui.seals.seals_tab.ApproversDialog": ("可审批人",),
    "app.ui.seals.use_dialog.VoidDialog": ("作废用印",),
    "app.ui.seals.loans_tab.SealReturnDialog": ("印章归还",),
    "app.ui.settings.notice_dialog.NoticeDialog": ("节假日通知",),
    "app.ui.settings.users_tab.PasswordDialog": ("重置密码",),
    "app.ui.archives.loans_tab.LoanDialog": ("档案借阅",),
    "app.ui.archives.loans_tab.ReturnDialog": ("档案归还",),
    "app.ui.meetings.minutes_tab.IssueDialog": ("印发纪要",),
    "app.ui.meetings.minutes_tab.OutgoingDialog": ("纪要登记为发文",),
    "app.ui.meetings.topics_tab.TopicDialog": ("议题",),
    "app.ui.returns.dialog.ReturnsDialog": ("县里的表格",),
}
SITES = {
    "app.ui.filing.list_page:open_form": (
        "收文：修改",
        "收文：办结",
        "发文：新建",
        "督办：新建",
    ),
    "app.ui.visits.page:act": ("来访：conclude",),
    "app.ui.duty.log_detail:edit_entry": ("修改值班日志",),
    "app.ui.archives.catalog_tab:_form": ("调整件号", "撤出归档"),
    "app.ui.archives.appraisal_tab:_decide": ("鉴定续存", "鉴定销毁"),
    "app.ui.archives.appraisal_tab:_batch": ("销毁",),
    "app.ui.archives.boxes_tab:edit_notes": ("备考表",),
    "app.ui.archives.year_tab:_open": ("不归档", "机构"),
}
# Opened by test_dialog_sizes.DIALOGS (its keys): the classes it covers.
SIZED_THERE = {
    "app.ui.visits.register.RegisterDialog": "来访登记",
    "app.ui.filing.receive_dialog.ReceiveDialog": "签收登记",
    "app.ui.seals.use_dialog.UseDialog": "用印登记",
    "app.ui.seals.loans_tab.SealLoanDialog": "印章外借",
    "app.ui.seals.seals_tab.SealDialog": "新增印章",
    "app.ui.settings.users_tab.UserDialog": "新增用户",
    "app.ui.settings.calendar_tab.DayDialog": "设置日历",
    "app.ui.duty.practice_dialog.PracticeDialog": "班次规则",
    "app.ui.kit.attachments_dialog.AttachmentsDialog": "附件",
    "app.ui.archives.item_dialog.ItemDialog": "修改档案",
    "app.ui.archives.files_dialog.ItemFilesDialog": "档案电子文件",
    "app.ui.login.LoginDialog": "登录",
    "app.ui.wizard.SetupWizard": "初始设置",
    "app.ui.meetings.meeting_dialog.MeetingDialog": "新建会议",
    "app.ui.meetings.people_tab.PeopleDialog": "参会名单",
    "app.ui.meetings.people_tab.AbsentDialog": "缺席",
    "app.ui.meetings.papers_tab.PaperDialog": "纸质材料发放",
    "app.ui.meetings.papers_tab.ReturnDialog": "清退",
    "app.ui.meetings.minutes_tab.NumberDialog": "纪要编号",
    "app.ui.meetings.minutes_tab.DecisionDialog": "议定事项",
}


def test_every_dialog_class_and_form_is_opened_by_a_size_case():
    """A dialog added without a case here fails by name (issue 15: the size test saw a few)."""
    bases = {c for c in dialog_classes() if c.rsplit(".", 1)[1] in BASES}
    missing = dialog_classes() - bases - set(CLASSES) - set(SIZED_THERE)
    assert missing == set(), "没有尺寸测试的对话框：" + "、".join(sorted(missing))
    assert form_sites() - set(SITES) == set(), "没有尺寸测试的表单"
    assert set(SIZED_THERE.values()) <= set(DIALOGS)
    named = {case for cases in (*CLASSES.values(), *SITES.values()) for case in cases}
    assert named <= set(CASES)


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_every_dialog_opened_over_demo_data_fits_and_closes(qtbot, admin):
    """Each case: opened as its page opens it, fits 1366×728 with nothing clipped, and goes
    away with Esc and with the window's own close button."""
    from app.ui.main_window import MainWindow

    _demo(admin)
    window = MainWindow(admin, "某某镇人民政府")
    qtbot.addWidget(window)
    window.resize(1366, 728)
    window.show()
    opened: dict[str, str] = {}
    problems: list[str] = []
    for name, case in CASES.items():
        try:
            dialog = case(window, admin)
        except Exception as exc:  # the case itself could not open: say which
            problems.append(f"{name}：打不开（{type(exc).__name__}: {exc}）")
            continue
        if dialog is None:
            continue  # a step without a form (登记, 核发 …): nothing to size
        opened[name] = f"{type(dialog).__module__}.{type(dialog).__qualname__}"
        problems += [f"{name}：{p}" for p in _fits_and_closes(qtbot, dialog)]
    assert problems == [], "\n".join(problems)
    for cls, cases in CLASSES.items():
        assert any(opened.get(c) == cls for c in cases), (cls, [opened.get(c) for c in cases])
    for site, cases in SITES.items():
        assert all(c in opened for c in cases), site  # each site's form really opened


def _fits_and_closes(qtbot, dialog: QWidget) -> list[str]:
    try:
        assert_fits(qtbot, dialog)
    except AssertionError as exc:
        return [f"放不下或被截断 {exc}"]
    found = []
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    if dialog.isVisible():
        found.append("Esc 关不掉")
        dialog.hide()
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.close()  # the window's own button sends this close event
    if dialog.isVisible():
        found.append("窗口的关闭按钮关不掉")
        dialog.hide()
    return found

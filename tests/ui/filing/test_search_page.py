"""公文检索: one box over 收文, 发文 and 督办; a hit opens alone in its own register."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from app.services.filing import incoming, outgoing, tasks
from app.services.session import unit_of_work
from app.ui.filing.search_page import SearchPage
from app.ui.main_window import MainWindow
from tests.services.filing.conftest import signed_form
from tests.ui.kit.helpers import show_active
from tests.ui.typing_helpers import type_text


def _three_registers(actor) -> dict[str, int]:
    with unit_of_work(actor) as session:
        ids = {
            "incoming": incoming.receive(session, incoming.ReceiveForm(
                "县农业农村局", "关于加强秸秆禁烧工作的紧急通知", doc_type="通知")),
            "outgoing": outgoing.enter_signed(
                session, signed_form(title="关于秸秆禁烧巡查的通知")).id,
            "tasks": tasks.add_task(session, tasks.TaskForm(
                "秸秆禁烧巡查", "农业办", date(2026, 6, 1), assigned_on=date(2026, 5, 1))),
        }  # fmt: skip
        for n in range(3):  # more 收文 the opened hit must be alone among
            incoming.receive(
                session, incoming.ReceiveForm("县委办公室", f"关于秸秆综合利用第{n}批")
            )
    return ids


def _search(qtbot, page: SearchPage, words: str) -> None:
    type_text(qtbot, page.box, words)
    qtbot.keyClick(page.box, Qt.Key.Key_Return)


def _rows(page: SearchPage) -> list[tuple[str, str]]:
    table = page.table
    return [(table.item(r, 0).text(), table.item(r, 2).text()) for r in range(table.rowCount())]


def test_one_box_finds_all_three_and_enter_opens_the_hit_alone(qtbot, admin):
    ids = _three_registers(admin)
    window = show_active(qtbot, MainWindow(admin, "某某镇人民政府"))
    qtbot.keyClick(window.nav, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    page = window.stack.currentWidget()
    assert isinstance(page, SearchPage)
    _search(qtbot, page, "秸秆禁烧")
    assert sorted(kind for kind, _ in _rows(page)) == ["发文", "收文", "督办"]
    assert "收文 1 件" in page.summary.text() and "督办 1 件" in page.summary.text()
    row = next(r for r, (kind, _) in enumerate(_rows(page)) if kind == "收文")
    qtbot.keyClick(page.box, Qt.Key.Key_Down)  # from the box into the hits, keyboard only
    assert page.table.hasFocus() and page.table.currentRow() == 0
    for _ in range(row):
        qtbot.keyClick(page.table, Qt.Key.Key_Down)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    register = window.stack.currentWidget()
    assert register.property("pageKey") == "incoming"
    assert [r.id for r in register.loaded()] == [ids["incoming"]]
    assert register.current().id == ids["incoming"]
    assert "秸秆禁烧工作的紧急通知" in register.search.text()
    register.search.clear()  # the clerk's own search lists every 收文 again
    qtbot.waitUntil(lambda: len(register.loaded()) == 4)


def test_scope_state_and_filters_narrow_the_hits(qtbot, admin):
    ids = _three_registers(admin)
    page = SearchPage(admin)
    qtbot.addWidget(page)
    page.show()
    _search(qtbot, page, "秸秆")  # two characters: compared row by row
    assert len(_rows(page)) == 6
    page.scope.setCurrentText("督办")
    assert not page.doc_type.isEnabled() and page.state.isEnabled()
    assert _rows(page) == [("督办", "秸秆禁烧巡查")]
    page.state.setCurrentText(tasks.DONE)
    assert _rows(page) == [] and "督办 0 件" in page.summary.text()
    page.scope.setCurrentText("全部登记簿")
    assert not page.state.isEnabled()
    page.doc_type.setCurrentText("通知")  # 督办 has no 文种: only 收文 and 发文 remain
    assert sorted(kind for kind, _ in _rows(page)) == ["发文", "收文"]
    opened: list[tuple[str, int, str]] = []
    page.open_record.connect(lambda *args: opened.append(args))
    page.open_hit(next(r for r, (k, _) in enumerate(_rows(page)) if k == "发文"))
    assert opened[0][:2] == ("outgoing", ids["outgoing"])
    assert opened[0][2].startswith("镇政〔2026〕")


def test_no_words_no_filters_lists_nothing_and_says_how_to_search(qtbot, admin):
    _three_registers(admin)
    page = SearchPage(admin)
    qtbot.addWidget(page)
    page.run_search()
    assert page.table.rowCount() == 0
    assert "三个字以上" in page.summary.text()

"""PagedTableModel: Qt's model checks, lazy pages with bounded memory, sort through source."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app import clock
from app.services import audit
from app.services.context import Actor
from app.services.errors import StorageError
from app.ui.kit.paged_model import OVERDUE, RIGHT, Col, PagedTableModel, ServiceSource
from app.ui.kit.table_view import ListView
from tests.ui.kit.helpers import FakeSource

DISPLAY = Qt.ItemDataRole.DisplayRole


def test_fake_source_passes_modeltester(qtmodeltester):
    model = PagedTableModel(FakeSource(1000), page_size=50, max_pages=4)
    qtmodeltester.check(model)
    model.sort(1, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)


def test_values_alignment_tooltip_background_and_id():
    model = PagedTableModel(
        FakeSource(10),
        tooltip=lambda r: f"第{r[0]}条",
        background=lambda r: OVERDUE if r[5] else None,
    )
    assert model.rowCount() == 10 and model.columnCount() == 4
    assert model.headerData(1, Qt.Orientation.Horizontal, DISPLAY) == "标题"
    first = model.index(0, 2)
    assert model.data(first) == "2026-01-01"
    assert model.data(model.index(1, 3)) == "7"
    assert model.data(model.index(1, 3), Qt.ItemDataRole.TextAlignmentRole) == int(RIGHT.value)
    assert model.data(first, Qt.ItemDataRole.ToolTipRole) == "第1条"
    assert model.data(first, Qt.ItemDataRole.BackgroundRole).color() == OVERDUE
    assert model.data(model.index(1, 0), Qt.ItemDataRole.BackgroundRole) is None
    assert model.row_id(model.index(4, 1)) == 5


def test_reading_to_the_end_keeps_memory_bounded():
    source = FakeSource(200_000)
    model = PagedTableModel(source, page_size=200, max_pages=6)
    assert model.rowCount() == 200_000
    assert source.fetch_calls == []  # opening reads no rows at all
    for row in range(0, 200_000, 150):
        assert model.data(model.index(row, 0)) == f"第{row + 1}号"
    last = model.index(199_999, 0)
    assert model.data(last) == "第200000号"
    assert model.row_id(last) == 200_000
    assert model.cached_rows() <= 6 * 200
    assert len(source.fetch_calls) == 1000  # each page read once, in order


def test_sort_goes_to_the_source_and_unsortable_columns_are_ignored():
    source = FakeSource(300)
    model = PagedTableModel(source, page_size=100)
    model.sort(3, Qt.SortOrder.DescendingOrder)
    assert model.data(model.index(0, 3)) == "12"
    assert source.fetch_calls[-1][2].key == "copies" and source.fetch_calls[-1][2].descending
    calls = len(source.fetch_calls)
    model.sort(2, Qt.SortOrder.AscendingOrder)  # 日期 has no sort key: nothing changes
    assert model.current_sort().key == "copies" and len(source.fetch_calls) == calls
    model.sort(-1)  # back to the source's own order
    assert model.current_sort() is None
    assert model.data(model.index(0, 0)) == "第1号"
    assert model.find_row(250) == 249 and model.find_row(9999) == -1


def _audit_source(actor: Actor, flt: audit.AuditFilter | None = None) -> ServiceSource:
    def rows(session, flt, **kw):
        return [
            (r.id, r.at, r.username, r.action, r.entity, r.summary)
            for r in audit.page(session, flt, **kw)
        ]

    return ServiceSource(
        columns=[Col("时间"), Col("用户"), Col("操作"), Col("对象"), Col("摘要")],
        list_fn=rows,
        count_fn=audit.count,
        flt=flt or audit.AuditFilter(),
        actor=actor,
        sort_keys=["at", "username", "action", "entity", None],
    )


def _add_entries(uow, n: int) -> None:
    with uow() as session:
        for i in range(n):
            audit.record(session, "修改" if i % 2 else "新增", "测试", i, summary=f"第{i}条")


def test_service_source_over_the_audit_trail(qtmodeltester, uow, admin):
    _add_entries(uow, 450)
    model = PagedTableModel(_audit_source(admin), page_size=100, max_pages=2)
    total = model.rowCount()
    assert total >= 451  # ours plus the login entries
    qtmodeltester.check(model)
    assert model.data(model.index(0, 4)) == "第449条"  # newest first
    assert model.data(model.index(0, 0)).startswith(str(clock.today().year))
    last = model.data(model.index(total - 1, 1))
    assert last  # the oldest entry is there, read through the last page
    assert model.cached_rows() <= 200
    model.sort(2, Qt.SortOrder.AscendingOrder)
    assert model.data(model.index(0, 2)) <= model.data(model.index(total - 1, 2))
    model.set_filter(audit.AuditFilter(action="新增", entity="测试"))
    assert model.rowCount() == 225
    assert {model.data(model.index(r, 2)) for r in range(225)} == {"新增"}


def test_list_view_remembers_widths_and_sort(qtbot, admin, uow):
    _add_entries(uow, 30)
    view = ListView("audit-test")
    qtbot.addWidget(view)
    first = PagedTableModel(_audit_source(admin))
    view.setModel(first)
    view.show()
    assert first.current_sort() is None  # nothing saved yet: the service's newest-first order
    assert view.columnWidth(4) > view.fontMetrics().horizontalAdvance("摘要")
    view.setColumnWidth(1, 177)
    view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    view.save_state()

    again = ListView("audit-test")
    qtbot.addWidget(again)
    model = PagedTableModel(_audit_source(admin))
    again.setModel(model)
    assert again.columnWidth(1) == 177
    assert model.current_sort() is not None and model.current_sort().key == "username"
    assert model.current_sort().descending
    again.sortByColumn(4, Qt.SortOrder.AscendingOrder)  # 摘要: the service cannot sort it
    assert again.horizontalHeader().sortIndicatorSection() == 1
    assert model.current_sort().key == "username"

    changed = _audit_source(admin)
    changed.columns = [*changed.columns[:4], Col("新列"), changed.columns[4]]
    third = ListView("audit-test")  # a module added a column: start from fitted widths
    qtbot.addWidget(third)
    third.setModel(PagedTableModel(changed))
    assert third.model().current_sort() is None and third.columnWidth(1) != 177


def test_list_view_enter_and_double_click_open_the_row(qtbot, data_dir):
    view = ListView("fake")
    qtbot.addWidget(view)
    view.setModel(PagedTableModel(FakeSource(20)))
    view.show()
    view.selectRow(3)
    with qtbot.waitSignal(view.opened) as opened:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert opened.args == [4]
    rect = view.visualRect(view.model().index(6, 1))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(view.opened) as opened:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [7]
    assert view.select_id(15) and view.current_id() == 15 and view.selected_ids() == [15]
    seen = []
    view.set_context_menu(lambda menu, ids: (seen.append(ids), menu.addAction("作废")))
    menu = view.build_menu(view.visualRect(view.model().index(2, 0)).center())
    assert seen == [[3]] and [a.text() for a in menu.actions()] == ["作废"]


@pytest.mark.logs_expected  # the test provokes it and checks what is told
def test_a_page_that_cannot_be_read_is_reported_once(qtbot, caplog, data_dir):
    class Locked(FakeSource):
        def fetch(self, offset, limit, sort):
            raise StorageError("数据库正被另一程序占用，请稍后重试。", "database is locked")

    model = PagedTableModel(Locked(500))
    failures = []
    model.loadFailed.connect(failures.append)
    view = ListView("locked")
    qtbot.addWidget(view)
    view.setModel(model)
    view.show()
    qtbot.waitExposed(view)
    view.viewport().repaint()
    assert model.data(model.index(0, 0)) is None
    assert len(failures) == 1 and failures[0].message.startswith("数据库正被另一程序占用")
    assert "读取列表失败" in caplog.text


def _searched(qtbot, admin, uow, page_size: int = 100):
    from PySide6.QtWidgets import QWidget

    from app.ui import ops

    _add_entries(uow, 450)
    page = QWidget()
    qtbot.addWidget(page)
    source = _audit_source(admin, audit.AuditFilter(entity="测试"))
    model = PagedTableModel(source, page_size=page_size)
    return model, ops.Latest(page, admin)


def test_a_slow_count_comes_after_the_first_page(qtbot, admin, uow):
    """count_later (a word no index can count): the first page is listed before the hits
    are counted; the count comes after."""
    model, reads = _searched(qtbot, admin, uow)
    with qtbot.waitSignal(model.modelReset, timeout=10000):
        flt = audit.AuditFilter(action="新增", entity="测试")
        model.set_filter_in(reads, flt, count_later=True)
    assert model.rowCount() == 100 and model.counting
    assert model.count_text() == "共 100 余件（正在计数…）"
    with qtbot.waitSignal(model.counted, timeout=10000):
        pass
    assert model.rowCount() == 225 and model.count_text() == "共 225 件"
    assert {model.data(model.index(r, 2)) for r in range(225)} == {"新增"}


def test_a_short_first_page_is_its_own_count(qtbot, admin, uow):
    model, reads = _searched(qtbot, admin, uow, page_size=300)
    with qtbot.waitSignal(model.modelReset, timeout=10000):
        model.set_filter_in(reads, audit.AuditFilter(action="新增", entity="测试"))
    assert model.rowCount() == 225 and not model.counting
    assert not reads.busy  # nothing more to read: the short page was the whole list


def test_a_late_count_for_rows_since_replaced_is_dropped(qtbot, admin, uow):
    model, reads = _searched(qtbot, admin, uow)
    with qtbot.waitSignal(model.modelReset, timeout=10000):
        model.set_filter_in(reads, audit.AuditFilter(entity="测试"), count_later=True)
    assert model.counting
    model.set_filter(audit.AuditFilter(action="新增", entity="测试"))  # listed again inline
    assert model.rowCount() == 225 and not model.counting
    qtbot.waitUntil(lambda: not reads.busy, timeout=10000)
    assert model.rowCount() == 225  # the first search's count (450) came late: dropped


def test_a_cheap_count_comes_with_the_first_page(qtbot, admin, uow):
    """Without count_later the count is read with the page: one reset, no second repaint."""
    model, reads = _searched(qtbot, admin, uow)
    with qtbot.waitSignal(model.modelReset, timeout=10000):
        model.set_filter_in(reads, audit.AuditFilter(action="新增", entity="测试"))
    assert model.rowCount() == 225 and not model.counting
    assert not reads.busy


def test_a_count_past_its_cap_shows_as_more_than_and_is_finished_after(qtbot, admin, uow):
    """count_upto (the office server's count of a common word reads every hit): counted up
    to the cap with the first page; past it the list shows 共 N 余件 and is counted after.
    The count_fn here stops as the server's does (app/db/dialect.py count_limit)."""
    model, reads = _searched(qtbot, admin, uow)
    source = model.source

    def upto(session, flt, at_most=None):
        found = audit.count(session, flt)
        return None if at_most is not None and found > at_most else found

    source.count_fn = upto  # type: ignore[attr-defined]
    flt = audit.AuditFilter(action="新增", entity="测试")
    with qtbot.waitSignal(model.modelReset, timeout=10000):
        model.set_filter_in(reads, flt, count_upto=150)
    assert model.rowCount() == 150 and model.count_text() == "共 150 余件（正在计数…）"
    with qtbot.waitSignal(model.counted, timeout=10000):
        pass
    assert model.rowCount() == 225 and model.count_text() == "共 225 件"
    with qtbot.waitSignal(model.modelReset, timeout=10000):
        model.set_filter_in(reads, flt, count_upto=300)  # within the cap: one read, exact
    assert model.count_text() == "共 225 件" and not model.counting and not reads.busy

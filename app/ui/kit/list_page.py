"""PagedListPage: the usual register page — buttons, filter bar, paged list, row count.

Usage (a page of 收文; 档案's 目录 tab is a real one, app/ui/archives/catalog_tab.py)::

    class IncomingRegisterTab(PagedListPage):
        def __init__(self, actor):
            rows = tuples(incoming_list.list_incoming, "receipt_no", "sender", "title")
            source = ServiceSource(COLUMNS, rows,
                                   incoming_list.count_incoming, FilingFilter(), actor)
            super().__init__("incoming", source, make_filter=lambda v: FilingFilter(**v))
            self.filters.add_search("text", "搜索标题、文号、来文机关（Ctrl+F）")
            self.filters.add_date_range("received", "收文日期")
            self.add_button("登记收文", self.new_record, "Ctrl+N")
            self.set_export(self.export_table, "收文登记簿")   # 导出 button and Ctrl+E
            self.view.opened.connect(self.open_record)        # Enter / double-click

        def export_table(self, flt) -> ReportTable:          # runs on a worker thread
            query = ExportQuery(year=flt.year)
            return ops.perform(self.actor, lambda s: exports.incoming_register(s, query))

After a save call ``self.reload(select=new_id)``. ``make_filter`` turns the bar's values
dict into the service's filter; the list and the export both use it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.reports.table import ReportTable
from app.services.errors import DomainError, StorageError
from app.ui.kit.empty_hint import empty_hint
from app.ui.kit.export_action import ExportAction
from app.ui.kit.filter_bar import FilterBar
from app.ui.kit.forms import shortcut
from app.ui.kit.paged_model import PagedTableModel, ServiceSource
from app.ui.kit.search_box import SearchBox
from app.ui.kit.table_view import ListView
from app.ui.messages import show_error


class PagedListPage(QWidget):
    unit = "条"  # what the list counts: 共 N 件 for a register of 件
    empty_text = ""  # what to do first, in the middle of the empty list ("": no line)

    def __init__(
        self,
        key: str,
        source: ServiceSource,
        *,
        make_filter: Callable[[dict[str, Any]], Any] | None = None,
        parent: QWidget | None = None,
        **model_options: Any,
    ) -> None:
        super().__init__(parent)
        self.setProperty("listKey", key)
        self.source = source
        self.make_filter = make_filter
        self.buttons = QHBoxLayout()
        self.buttons.addStretch(1)
        self.filters = FilterBar()
        self.filters.changed.connect(self._filters_changed)
        self.model = PagedTableModel(source, **model_options)
        self.model.loadFailed.connect(lambda exc: show_error(self, exc))
        self.view = ListView(key)
        self.view.setModel(self.model)
        self.count_label = QLabel()
        self.count_label.setObjectName("rowCount")
        self.export: ExportAction | None = None
        layout = QVBoxLayout(self)
        layout.addLayout(self.buttons)
        layout.addWidget(self.filters)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)
        shortcut(self, "Ctrl+F", self._focus_search)
        self._show_count()
        if self.empty_text:
            empty_hint(self.view, self.empty_text, filtered=self._searching)

    def _searching(self) -> bool:
        """A word in a search box: an empty list then means no match, not a new register."""
        boxes = [w for w in self.filters.widgets.values() if isinstance(w, SearchBox)]
        return any(box.text().strip() for box in boxes)

    def add_button(self, text: str, slot: Callable[[], Any], keys: str = "") -> QPushButton:
        """A button left of the stretch; keys (e.g. "Ctrl+N") work anywhere in the page."""
        button = QPushButton(f"{text}（{keys}）" if keys else text)
        button.clicked.connect(lambda: slot())
        self.buttons.insertWidget(self.buttons.count() - 1, button)
        if keys:
            shortcut(self, QKeySequence(keys).toString(), slot)
        return button

    def set_export(self, make_table: Callable[[Any], ReportTable], name: str) -> ExportAction:
        """导出 (Ctrl+E) of the list under the filter in force when the clerk asks."""
        capture = lambda: self.source.flt  # noqa: E731
        self.export = ExportAction(self, make_table, default_name=name, capture=capture)
        button = QPushButton("导出（Ctrl+E）")
        button.clicked.connect(self.export.trigger)
        self.buttons.addWidget(button)
        return self.export

    def reload(self, select: Any = None) -> None:
        """Read the list again (after a save); select the row of record ``select``."""
        try:
            self.model.refresh()
        except (DomainError, StorageError) as exc:
            show_error(self, exc)
            return
        self._show_count()
        if select is not None:
            self.view.select_id(select)

    def _filters_changed(self, values: dict[str, Any]) -> None:
        if self.make_filter is None:
            return
        try:
            self.model.set_filter(self.make_filter(values))
        except (DomainError, StorageError) as exc:
            show_error(self, exc)
        self._show_count()

    def _show_count(self) -> None:
        self.count_label.setText(f"共 {self.model.rowCount()} {self.unit}")

    def _focus_search(self) -> None:
        box = next((w for w in self.filters.widgets.values() if isinstance(w, SearchBox)), None)
        if box is not None:
            box.focus_and_select()

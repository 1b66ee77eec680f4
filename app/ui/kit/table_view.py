"""ListView: the table every register page shows, remembering widths and sort order.

Usage::

    view = ListView("incoming")                 # key: one per list, names its settings
    view.setModel(PagedTableModel(source))      # restores widths and sort for "incoming"
    view.opened.connect(self.open_record)       # Enter or double-click: the row's id
    view.set_context_menu(self.fill_menu)       # fill_menu(menu: QMenu, ids: list) -> None
    view.current_id(); view.selected_ids()

Widths follow the rows of the first page until the clerk drags a column; only the widths
the clerk set are remembered (a list first seen empty would otherwise keep header-wide
columns for ever). The header's menu offers 恢复默认列宽. Widths, order and the sort column
live in QSettings: ``ui-settings.ini`` in the data folder when one is open (so each office
PC keeps its own), else the per-user Qt settings.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QEvent,
    QModelIndex,
    QPoint,
    QSettings,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QHelpEvent, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QMenu, QTableView, QToolTip, QWidget

from app.ui import ops
from app.ui.kit.paged_model import PagedTableModel
from app.ui.kit.ui_settings import settings_in


def ui_settings() -> QSettings:
    """The QSettings the kit keeps view state in (see the module docstring)."""
    return settings_in(ops.data_folder())


AIR = 24  # the air a fitted column gets around its content (px)
WIDEST = 360  # no column is fitted wider (px)
SNUG = 6  # the least air a crowded list's columns get (px)
HEADER_AIR = 21  # a header section's margins around its text (px, as Qt's hint has them)
SORT_ARROW = 23  # the sort indicator's room in the sorted column's header (px)
NARROWEST = 200  # the widest column is narrowed this far at most to fit the view (px)
# Rows a column's width is fitted from: a screenful (each cell costs ~8 data() calls; 200
# rows took ~0.5 s of the 目录's first paint). Qt keeps it in the header's saved state, so
# it is set again after a restore.
FIT_ROWS = 60


class ListView(QTableView):
    opened = Signal(object)  # the record id of the row opened (Enter / double-click)

    def __init__(self, key: str, parent: QWidget | None = None, *, multi: bool = False,
                 fit_last: bool = False) -> None:  # fmt: skip
        super().__init__(parent)
        self.key = key
        # a ledger opens on its newest entries, at the foot: the widths follow those rows
        self.fit_last = fit_last
        self._menu_hook: Callable[[QMenu, list[Any]], None] | None = None
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        mode = QAbstractItemView.SelectionMode
        self.setSelectionMode(mode.ExtendedSelection if multi else mode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.verticalHeader().hide()
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setSectionsMovable(True)
        self.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)
        self.doubleClicked.connect(self._open)
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(400)
        self._save_timer.timeout.connect(self.save_state)
        header = self.horizontalHeader()
        header.setResizeContentsPrecision(FIT_ROWS)
        self._clerk_widths: dict[str, int] = {}  # header text -> width the clerk dragged to
        self._fitting = False
        self._fitted_rows = False  # fitted to rows, not only to the headers of an empty list
        self._fitted_hidden = False  # fitted before the view had a width to fit into
        # the view's own timer: it dies with the view (a bare singleShot outlived a page)
        self._refit = QTimer(self, singleShot=True, interval=0)
        self._refit.timeout.connect(self._fit_if_crowded)
        header.sectionResized.connect(self._resized)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        header.sectionMoved.connect(lambda *_a: self._save_timer.start())
        header.sortIndicatorChanged.connect(self._sort_clicked)

    # -- state ---------------------------------------------------------------------
    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if model is None:
            return
        header = self.horizontalHeader()
        self._fitting = True  # a restored header brings widths too: not the clerk's drag
        restored = self.restore_state()
        header.setResizeContentsPrecision(FIT_ROWS)  # a restored state brings its own
        self._fitting = False
        if not restored:
            # No saved sort: keep the service's own order (e.g. newest first).
            header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.fit_columns()
        model.modelReset.connect(self._fit_when_rows_come)
        self.setSortingEnabled(True)  # sorts by the restored indicator, if any

    def _fit_when_rows_come(self) -> None:
        """The first rows after an empty list: fit again, the headers alone said too little."""
        model = self.model()
        if not self._fitted_rows and model is not None and model.rowCount() > 0:
            self.fit_columns()

    def _header_text(self, column: int) -> str:
        model = self.model()
        return "" if model is None else str(model.headerData(column, Qt.Orientation.Horizontal))

    def _resized(self, column: int, _old: int, new: int) -> None:
        header = self.horizontalHeader()
        last = header.logicalIndex(header.count() - 1)
        if self._fitting or (column == last and header.stretchLastSection()):
            return  # the program's fit, or the last column filling the view: not the clerk
        self._clerk_widths[self._header_text(column)] = new
        self._save_timer.start()

    def reset_widths(self) -> None:
        """恢复默认列宽: forget the clerk's widths and fit to the rows again."""
        self._clerk_widths.clear()
        self.fit_columns()
        self.save_state()

    def _header_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        menu.addAction("恢复默认列宽", self.reset_widths)
        menu.popup(self.horizontalHeader().mapToGlobal(pos))

    def _sort_clicked(self, section: int, _order: Qt.SortOrder) -> None:
        model = self.model()
        source = getattr(model, "source", None)
        if source is not None and section >= 0 and source.sort_key(section) is None:
            # The service cannot sort this column: put the arrow back where it was.
            current = model.current_sort() if isinstance(model, PagedTableModel) else None
            header = self.horizontalHeader()
            header.blockSignals(True)
            if current is None:
                header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
            else:
                order = (
                    Qt.SortOrder.DescendingOrder
                    if current.descending
                    else Qt.SortOrder.AscendingOrder
                )
                header.setSortIndicator(current.column, order)
            header.blockSignals(False)
            header.viewport().update()
            return
        self._save_timer.start()

    def fit_columns(self) -> None:
        """Widths from the rows on screen (only the first page is read), with air; a column
        the clerk has dragged keeps the clerk's width."""
        model = self.model()
        self._set_widths(self._fitted_widths())
        self._fitted_rows = model is not None and model.rowCount() > 0
        self._fitted_hidden = not self.isVisible()

    def _fit_if_crowded(self) -> None:
        """Once shown: fit again if the columns fitted while hidden overflow the view, taking
        the new widths only if they are narrower (a list too wide for any fit stays)."""
        before = sum(self.columnWidth(c) for c in range(self.horizontalHeader().count()))
        if not self.isVisible() or before <= self.viewport().width():
            return
        widths = self._fitted_widths()
        if sum(widths.values()) < before:
            self._set_widths(widths)

    def _set_widths(self, widths: dict[int, int]) -> None:
        self._fitting = True  # the program's widths, not the clerk's drag
        try:
            for col, width in widths.items():
                self.setColumnWidth(col, width)
        finally:
            self._fitting = False

    def _fitted_widths(self) -> dict[int, int]:
        """Each column's content (capped at WIDEST) with air around it, made to fit the shown
        view when it can (_fitting_the_view); the clerk's dragged widths kept."""
        contents = self._content_widths()
        columns = range(self.horizontalHeader().count())
        natural = {c: min(contents.get(c, self.columnWidth(c)), WIDEST) for c in columns}
        natural, padding = self._fitting_the_view(natural)
        return {c: self._clerk_widths.get(self._header_text(c)) or min(natural[c] + padding, WIDEST)
                for c in columns}  # fmt: skip

    def _fitting_the_view(self, natural: dict[int, int]) -> tuple[dict[int, int], int]:
        """(widths, air around each): the full AIR when the shown view has room for it; less
        (down to SNUG) when a list of many short columns would scroll sideways for the air
        alone, with the widest column narrowed (not below NARROWEST) when that is still too
        wide. A list that cannot fit even so keeps its air and scrolls, its columns whole."""
        if not self.isVisible() or not natural:
            return natural, AIR  # not laid out yet: the view's width says nothing
        room = self.viewport().width() - sum(natural.values())
        if room >= AIR * len(natural):
            return natural, AIR
        excess = SNUG * len(natural) - room
        widest = max(natural, key=lambda col: natural[col])
        if excess <= 0:
            return natural, room // len(natural)
        if natural[widest] - excess < NARROWEST:
            return natural, AIR
        return {**natural, widest: natural[widest] - excess}, SNUG  # its text whole in the tip

    def _header_width(self, col: int) -> int:
        """The header's text with its margins, and the sort arrow's room only on the sorted
        column: Qt's size hint counts an arrow on every column once sorting is on, 23 px
        more on each of a dozen short columns, and a fit after that overflowed."""
        header = self.horizontalHeader()
        arrow = header.isSortIndicatorShown() and header.sortIndicatorSection() == col
        text = header.fontMetrics().horizontalAdvance(self._header_text(col))
        return text + HEADER_AIR + (SORT_ARROW if arrow else 0)

    def _content_widths(self) -> dict[int, int]:
        """What resizeColumnsToContents gives, measured from the first FIT_ROWS rows' text
        (the last ones with fit_last) alone: the delegate's size hint asks ~8 roles per cell
        (60 % of the 目录's first paint); the cell margins are taken once from the delegate."""
        model = self.model()
        if model is None:
            return {}
        count = model.rowCount()
        rows = (
            range(max(0, count - FIT_ROWS), count) if self.fit_last else range(min(count, FIT_ROWS))
        )
        metrics = self.fontMetrics()
        margin: int | None = None
        found: dict[int, int] = {}
        for col in range(model.columnCount()):
            widest = 0
            for row in rows:
                text = model.data(model.index(row, col))
                if not text:
                    continue
                width = metrics.horizontalAdvance(str(text))
                if margin is None:  # the delegate's own padding, once
                    margin = self.sizeHintForIndex(model.index(row, col)).width() - width
                widest = max(widest, width)
            content = widest + (margin or 0) if widest else 0
            found[col] = max(content, self._header_width(col))
        return found

    def _columns_signature(self) -> str:
        model = self.model()
        if model is None:
            return ""
        heads = (model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount()))
        return "|".join(str(h) for h in heads)

    def restore_state(self) -> bool:
        """Widths and sort as the clerk left them, unless the columns have changed since."""
        settings = ui_settings()
        if settings.value(f"lists/{self.key}/columns") != self._columns_signature():
            return False
        self._clerk_widths = _widths(settings.value(f"lists/{self.key}/widths"))
        state = settings.value(f"lists/{self.key}/header")
        if isinstance(state, QByteArray) and not state.isEmpty():
            return bool(self.horizontalHeader().restoreState(state))
        return False

    def save_state(self) -> None:
        self._save_timer.stop()
        settings = ui_settings()
        settings.setValue(f"lists/{self.key}/header", self.horizontalHeader().saveState())
        settings.setValue(f"lists/{self.key}/columns", self._columns_signature())
        widths = json.dumps(self._clerk_widths, ensure_ascii=False)
        settings.setValue(f"lists/{self.key}/widths", widths)
        settings.sync()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._fitted_hidden:
            self._fitted_hidden = False
            self._refit.start()  # after the layout has given the view its width

    def hideEvent(self, event: Any) -> None:
        if self._save_timer.isActive():
            self.save_state()
        super().hideEvent(event)

    # -- rows ----------------------------------------------------------------------
    def _id_of(self, index: QModelIndex) -> Any:
        model = self.model()
        row_id = getattr(model, "row_id", None)
        return row_id(index) if callable(row_id) and index.isValid() else None

    def select_id(self, row_id: Any) -> bool:
        """Select and show the row of record row_id (e.g. the one just saved)."""
        find = getattr(self.model(), "find_row", None)
        row = find(row_id) if callable(find) else -1
        if row < 0:
            return False
        self.selectRow(row)
        self.scrollTo(self.model().index(row, 0))
        return True

    def current_id(self) -> Any:
        return self._id_of(self.currentIndex())

    def selected_ids(self) -> list[Any]:
        rows = self.selectionModel().selectedRows() if self.selectionModel() else []
        return [self._id_of(i) for i in sorted(rows, key=lambda i: i.row())]

    def _open(self, index: QModelIndex) -> None:
        row_id = self._id_of(index)
        if row_id is not None:
            self.opened.emit(row_id)

    def cut_off_text(self, index: QModelIndex) -> str | None:
        """The cell's whole text when the column is too narrow to show it, else None."""
        text = index.data() if index.isValid() else None
        if not text:
            return None
        room = self.visualRect(index).width() - 12  # the cell's own margins
        return str(text) if self.fontMetrics().horizontalAdvance(str(text)) > room else None

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.indexAt(event.pos())
            own = index.data(Qt.ItemDataRole.ToolTipRole) if index.isValid() else None
            text = own or self.cut_off_text(index)
            if text:
                QToolTip.showText(event.globalPos(), str(text), self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._open(self.currentIndex())
            return
        super().keyPressEvent(event)

    def set_context_menu(self, hook: Callable[[QMenu, list[Any]], None]) -> None:
        """hook(menu, selected ids) adds actions; an empty menu is not shown."""
        self._menu_hook = hook

    def build_menu(self, pos: QPoint) -> QMenu | None:
        if self._menu_hook is None:
            return None
        index = self.indexAt(pos)
        if index.isValid() and not self.selectionModel().isRowSelected(index.row(), QModelIndex()):
            self.selectRow(index.row())
        menu = QMenu(self)
        self._menu_hook(menu, self.selected_ids())
        return menu if menu.actions() else None

    def _context_menu(self, pos: QPoint) -> None:
        menu = self.build_menu(pos)
        if menu is not None:
            menu.popup(self.viewport().mapToGlobal(pos))


def _widths(saved: object) -> dict[str, int]:
    """The clerk's widths as saved; anything unreadable counts as none set."""
    try:
        found = json.loads(str(saved)) if saved else {}
    except ValueError:
        return {}
    if not isinstance(found, dict):
        return {}
    return {str(k): int(v) for k, v in found.items() if isinstance(v, int) and v > 0}

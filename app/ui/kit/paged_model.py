"""PagedTableModel: a table over a service query that reads rows page by page, lazily.

Usage (the 用印登记簿; app.services.seals.ledger, UseFilter from seals.dto)::

    source = ServiceSource(
        columns=[Col("用印编号"), Col("日期时间"), Col("印章"), Col("份数", align=RIGHT)],
        list_fn=tuples(ledger.list_uses, "number", "used_at", "seal_name", "copies",
                       "voided_by_id"),   # -> (u.id, u.number, …); "voided_by_id" stays hidden
        count_fn=ledger.count_uses,
        flt=UseFilter(), actor=actor,
        sort_keys=[],   # a service that takes sort=(key, descending) names its keys here
    )
    model = PagedTableModel(source, background=lambda row: GREY if row[5] else None)
    view.setModel(model)
    model.set_filter(new_filter)  # ServiceSource only; or model.refresh() after a save
    model.row_id(view.currentIndex())

Each row is a tuple: the record id first (hidden), then one value per column, then any
extra values the tooltip/background callbacks need (also hidden). rowCount() is the
source's count(), and rows are read in pages of ``page_size`` kept in a small LRU, so
200,000 rows open as fast as 200 and scrolling to the end keeps memory flat. (Not
canFetchMore/fetchMore: that keeps every row read so far, and the scroll bar would not
show the true length; Ctrl+End here reads one page.) Sorting a column asks the service:
``list_fn`` gets ``sort=(key, descending)`` for columns with a key in ``sort_keys``.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from app.common.display import display_text
from app.ui import ops

log = logging.getLogger(__name__)
Index = QModelIndex | QPersistentModelIndex
Row = tuple[Any, ...]
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignCenter
OVERDUE = QColor("#f8d7da")  # the pale red of an overdue row
DUE_SOON = QColor("#fff3cd")  # pale amber: due within a few days
_ROLE = Qt.ItemDataRole
_DISPLAY, _EDIT, _ALIGN = (
    _ROLE.DisplayRole.value,
    _ROLE.EditRole.value,
    _ROLE.TextAlignmentRole.value,
)
_TOOLTIP, _BACKGROUND = _ROLE.ToolTipRole.value, _ROLE.BackgroundRole.value
_ANSWERED = frozenset({_DISPLAY, _EDIT, _ALIGN, _TOOLTIP, _BACKGROUND})
# Asked for every visible cell on every paint: built once, not OR-ed each time.
_ROW_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)


@dataclass(frozen=True)
class Col:
    """One visible column: header text, alignment, and how to show a value."""

    header: str
    align: Qt.AlignmentFlag | None = None  # None: numbers right, everything else left
    fmt: Callable[[Any], str] | None = None


@dataclass(frozen=True)
class Sort:
    column: int  # visible column index
    key: str  # the service's sort key for that column
    descending: bool = False


class PagedSource(Protocol):
    """What the model reads from; every call opens its own unit of work."""

    @property
    def columns(self) -> Sequence[Col]: ...

    def count(self) -> int: ...

    def fetch(self, offset: int, limit: int, sort: Sort | None) -> list[Row]: ...

    def sort_key(self, column: int) -> str | None: ...


@dataclass
class ServiceSource:
    """A PagedSource over two service functions and a filter.

    ``list_fn(session, flt, offset=, limit=[, sort=(key, descending)]) -> list[tuple]`` and
    ``count_fn(session, flt) -> int``. ``sort`` is passed only when a column is sorted.
    """

    columns: Sequence[Col]
    list_fn: Callable[..., Sequence[Row]]
    count_fn: Callable[[Any, Any], int]
    flt: Any = None
    actor: Any = None
    sort_keys: Sequence[str | None] = field(default_factory=list)

    def count(self) -> int:
        return int(ops.perform(self.actor, lambda s: self.count_fn(s, self.flt), read_only=True))

    def fetch(self, offset: int, limit: int, sort: Sort | None) -> list[Row]:
        extra: dict[str, Any] = {}
        if sort is not None:
            extra["sort"] = (sort.key, sort.descending)
        rows = ops.perform(self.actor, lambda s: self.list_fn(s, self.flt, offset=offset,
                           limit=limit, **extra), read_only=True)  # fmt: skip
        return [tuple(r) for r in rows]

    def sort_key(self, column: int) -> str | None:
        return self.sort_keys[column] if column < len(self.sort_keys) else None

    def first(self, session: Any, flt: Any, limit: int, sort: Sort | None) -> list[Row]:
        """The first page under flt, in the caller's unit of work (a pool thread)."""
        extra = {} if sort is None else {"sort": (sort.key, sort.descending)}
        return [tuple(r) for r in self.list_fn(session, flt, offset=0, limit=limit, **extra)]

    def count_in(self, session: Any, flt: Any, at_most: int | None = None) -> int | None:
        """The count under flt, in the caller's unit of work (a pool thread). at_most: for a
        count_fn that takes it, None when the engine stopped counting past at_most."""
        if at_most is None:
            return int(self.count_fn(session, flt))
        found = self.count_fn(session, flt, at_most=at_most)  # type: ignore[call-arg]
        return None if found is None else int(found)


def tuples(
    list_fn: Callable[..., Sequence[Any]], *attrs: str, id_attr: str = "id"
) -> Callable[..., list[Row]]:
    """Adapt a service returning dataclass rows into a ServiceSource ``list_fn``.

    ``tuples(ledger.list_uses, "used_at", "seal_name", "purpose", "voided_by_id")`` gives
    (row.id, row.used_at, …) tuples; attrs after the visible columns stay hidden.
    """

    def list_rows(session: Any, flt: Any, **kw: Any) -> list[Row]:
        return [
            (getattr(r, id_attr), *(getattr(r, a) for a in attrs))
            for r in list_fn(session, flt, **kw)
        ]

    return list_rows


class PagedTableModel(QAbstractTableModel):
    """Read-only table over a PagedSource (see the module docstring).

    ``loadFailed(exc)`` fires once (until the next refresh) when a page cannot be read
    while the view paints; the page shows it (``model.loadFailed.connect(...)``).
    """

    loadFailed = Signal(object)
    counted = Signal()  # a count read after its rows (set_filter_in) has arrived

    def __init__(
        self,
        source: PagedSource,
        *,
        page_size: int = 200,
        max_pages: int = 8,
        tooltip: Callable[[Row], str | None] | None = None,
        background: Callable[[Row], QColor | None] | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._source = source
        self._page_size = page_size
        self._max_pages = max(2, max_pages)
        self._tooltip = tooltip
        self._background = background
        self._sort: Sort | None = None
        self._pages: OrderedDict[int, list[Row]] = OrderedDict()
        self._failed = False
        self._count = source.count()
        self.counting = False  # rows shown, their count still being read (set_filter_in)
        self._shown = 0  # bumped by every reset: a count read for older rows is dropped
        self.fetches = 0  # how many pages were read: tests and the bench look at it

    # -- what pages build on -------------------------------------------------------
    @property
    def source(self) -> PagedSource:
        return self._source

    def set_source(self, source: PagedSource) -> None:
        """Show another source (e.g. a new filter), keeping the sort order."""
        self._source = source
        self.refresh()

    def set_filter(self, flt: Any) -> None:
        """For a ServiceSource: read again under a new filter."""
        self._source.flt = flt  # type: ignore[attr-defined]
        self.refresh()

    def set_filter_in(self, reads: Any, flt: Any, then: Callable[[], None] | None = None,
                      count_later: bool = False,
                      count_upto: int | None = None) -> None:  # fmt: skip
        """set_filter with the first page and the count read off the GUI thread.

        ``reads`` is the page's ops.Latest: the list changes when they come back, and only
        for the newest filter (an older search that ends later is dropped). A short first
        page is the whole count. count_later (a count that can take long: a word no index
        can count, a register whose count joins much): a full first page is shown at once
        and counted after (``counting`` until then; ``counted`` fires when the count
        arrives). Not for every search: the count's own repaint costs more than a cheap
        count read with the page. count_upto (a count_fn taking at_most): the count is read
        with the page, and when the engine stops past count_upto (the office server's count
        of a common word) the list shows count_upto 余件 and is counted after, as above.
        """
        source, size, sort = self._source, self._page_size, self._sort

        def read(session: Any) -> tuple[list[Row], int, bool]:
            first = source.first(session, flt, size, sort)  # type: ignore[attr-defined]
            if len(first) < size:
                return first, len(first), False
            if count_later:
                return first, len(first), True
            total = source.count_in(session, flt, count_upto)  # type: ignore[attr-defined]
            if total is None:
                return first, max(len(first), count_upto or 0), True
            return first, total, False

        def show(found: tuple[list[Row], int, bool]) -> None:
            first, total, later = found
            source.flt = flt  # type: ignore[attr-defined]
            self._reset(total, first)
            if later:
                self.counting = True
                shown = self._shown
                reads.run(lambda s: source.count_in(s, flt),  # type: ignore[attr-defined]
                          lambda total: self._counted(shown, total))  # fmt: skip
            if then is not None:
                then()

        reads.run(read, show)

    def _reset(self, count: int, first: list[Row] | None = None) -> None:
        self.beginResetModel()
        self._shown += 1
        self.counting = False
        self._pages.clear()
        self._failed = False
        self._count = count
        if first:
            self._pages[0] = first
        self.endResetModel()

    def _counted(self, shown: int, total: int) -> None:
        """The count of the rows shown arrives: the list grows to it (no reset, so the
        clerk's place and selection stay). A count for rows since replaced is dropped."""
        if shown != self._shown:
            return
        self.counting = False
        if total > self._count:
            self.beginInsertRows(QModelIndex(), self._count, total - 1)
            self._count = total
            self.endInsertRows()
        self.counted.emit()

    def refresh(self) -> None:
        """Forget every cached page and count again (after a save or a new filter)."""
        self.beginResetModel()
        self._shown += 1
        self.counting = False
        self._pages.clear()
        self._failed = False
        try:
            self._count = self._source.count()
        except Exception:
            self._count = 0  # an empty list rather than stale rows under a new filter
            raise
        finally:
            self.endResetModel()

    def count_text(self, what: str = "件") -> str:
        """共 N 件 under the list; while its count is read, how many are listed so far."""
        if self.counting:
            return f"共 {self._count} 余{what}（正在计数…）"
        return f"共 {self._count} {what}"

    def row_id(self, index: Index) -> Any:
        """The record id of the row under index (None when invalid)."""
        row = self.row_values(index.row()) if index.isValid() else None
        return None if row is None else row[0]

    def row_values(self, row: int) -> Row | None:
        """The whole tuple of a row (id first), reading its page when needed."""
        if not 0 <= row < self._count:
            return None
        page_no, offset = divmod(row, self._page_size)
        page = self._page(page_no)
        return page[offset] if offset < len(page) else None

    def cached_rows(self) -> int:
        return sum(len(p) for p in self._pages.values())

    def current_sort(self) -> Sort | None:
        return self._sort

    # -- QAbstractTableModel ----------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._source.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role != _DISPLAY:
            return None
        if orientation == Qt.Orientation.Horizontal:
            cols = self._source.columns
            return cols[section].header if 0 <= section < len(cols) else None
        return str(section + 1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Plain ints: a view asks ~10 roles per cell per paint, enum compares add up.
        role = int(role)
        if role not in _ANSWERED or not index.isValid():
            return None
        row = self._cell_row(index.row())
        if row is None:
            return None
        col = index.column()
        if role in (_DISPLAY, _EDIT):
            value = row[col + 1] if col + 1 < len(row) else None
            fmt = self._source.columns[col].fmt
            return fmt(value) if fmt else display_text(value)
        if role == _ALIGN:
            return self._alignment(col, row)
        if role == _TOOLTIP:
            return self._tooltip(row) if self._tooltip else None
        color = self._background(row) if self._background else None
        return QBrush(color) if color is not None else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort through the source: the service orders the rows, not the view.

        A column without a sort key is ignored (the order stays); column -1 goes back to
        the service's own order.
        """
        if 0 <= column < self.columnCount():
            key = self._source.sort_key(column)
            if key is None:
                return
            new: Sort | None = Sort(column, key, order == Qt.SortOrder.DescendingOrder)
        else:
            new = None
        if new == self._sort:
            return
        # A reset, not layoutChanged: rows we never read cannot be mapped to new places.
        self.beginResetModel()
        self._sort = new
        self._pages.clear()
        self.endResetModel()

    def find_row(self, row_id: Any, max_rows: int = 2000) -> int:
        """The row showing record row_id among the first max_rows rows, else -1."""
        for page_no, page in list(self._pages.items()):  # pages already read first
            for offset, values in enumerate(page):
                if values[0] == row_id:
                    return page_no * self._page_size + offset
        for row in range(min(self._count, max_rows)):
            found = self.row_values(row)
            if found is not None and found[0] == row_id:
                return row
        return -1

    # -- pages ---------------------------------------------------------------------
    def _cell_row(self, row: int) -> Row | None:
        """row_values for data(): asked ~5 times per visible cell on every paint, so the
        newest page read is looked at first, without reordering the LRU."""
        page_no, offset = divmod(row, self._page_size)
        if self._pages and next(reversed(self._pages)) == page_no:
            page = self._pages[page_no]
            return page[offset] if offset < len(page) and row < self._count else None
        return self.row_values(row)

    def _alignment(self, col: int, row: Row) -> int:
        align = self._source.columns[col].align
        if align is None:
            value = row[col + 1] if col + 1 < len(row) else None
            numeric = isinstance(value, int | float | Decimal) and not isinstance(value, bool)
            align = RIGHT if numeric else LEFT
        return int(align.value)

    def _page(self, page_no: int) -> list[Row]:
        page = self._pages.get(page_no)
        if page is not None:
            self._pages.move_to_end(page_no)
            return page
        try:
            page = self._source.fetch(page_no * self._page_size, self._page_size, self._sort)
        except Exception as exc:  # raised inside a paint: tell the page once, show blanks
            log.warning("读取列表失败", exc_info=exc)
            if not self._failed:
                self._failed = True
                self.loadFailed.emit(exc)
            return []
        self.fetches += 1
        self._pages[page_no] = page
        while len(self._pages) > self._max_pages:
            self._pages.popitem(last=False)  # the least recently read page
        return page

"""公文检索: one search box over 收文, 发文 and 督办; a hit opens in its own register."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.services.context import Actor
from app.services.filing import flow, queries, tasks, vocab
from app.services.filing.queries import FilingFilter, SearchHit, SearchResult
from app.ui import ops
from app.ui.filing.common import ALL, filter_combo, picked
from app.ui.kit import SearchBox, empty_hint
from app.ui.messages import EXPECTED, error_text

LIMIT = 100  # newest hits shown per register; the counts say how many there are
PAGE_NAMES = {"incoming": "收文", "outgoing": "发文", "tasks": "督办"}
STATES = {"incoming": flow.INCOMING_STATES, "outgoing": flow.OUT_STATES,
          "tasks": tasks.TASK_STATES}  # fmt: skip
HEADERS = ("类别", "编号", "标题", "来文机关／主送／责任单位", "日期", "状态")


def hit_label(hit: SearchHit) -> str:
    """How the register's search box names an opened hit: its number and title."""
    return f"{hit.number} {hit.title}".strip()


def summary(result: SearchResult, limit: int = LIMIT) -> str:
    if not result.counts:
        return "没有可检索的登记簿：督办没有文种、密级和紧急程度，请放宽条件。"
    parts = [f"{PAGE_NAMES[p]} {n} 件" for p, n in result.counts.items()]
    more = any(n > limit for n in result.counts.values())
    tail = f"；每类列出最新 {limit} 件，请加词缩小范围" if more else ""
    return "共找到 " + "，".join(parts) + tail + "。双击一行（或按回车）打开。"


class SearchPage(QWidget):
    """Words and filters in the top rows; the hits of the three registers below."""

    open_record = Signal(str, int, str)  # page key, record id, label for its search box

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.hits: list[SearchHit] = []
        self.box = SearchBox(placeholder="输入标题、文号、来文机关或人名的片段（Ctrl+F）")
        self.box.setObjectName("search")
        self.box.search.connect(lambda _t: self.run_search())
        self.box.install_shortcut(self)
        self.box.installEventFilter(self)  # ↓ from the box goes down into the hits
        self.scope = filter_combo("scope", "登记簿", list(PAGE_NAMES.values()))
        self.year = filter_combo(
            "year", "年度", [str(y) for y in range(clock.today().year, 2000, -1)]
        )
        self.state = filter_combo("state", "状态", ())
        self.doc_type = filter_combo("doc_type", "文种", vocab.DOC_TYPES)
        self.secrecy = filter_combo("secrecy", "密级", [*vocab.SECRECY_LIMITS, "非密"])
        self.urgency = filter_combo("urgency", "紧急程度", [*vocab.URGENCIES, "不紧急"])
        self.scope.currentIndexChanged.connect(lambda _i: self._scope_changed())
        self.summary = QLabel("输入三个字以上按全文检索，一两个字逐条比对。")
        self.summary.setObjectName("hint")
        self.table = self._table()
        self.empty = empty_hint(
            self.table,
            "在上面输入标题、文号或机关中的词语，回车搜索收文、发文和督办。",
            filtered=lambda: bool(self.box.text().strip()),
        )
        self._layout()
        self._scope_changed()

    def _boxes(self) -> list[QComboBox]:
        return [self.scope, self.year, self.state, self.doc_type, self.secrecy, self.urgency]

    def _table(self) -> QTableWidget:
        table = QTableWidget(0, len(HEADERS))
        table.setObjectName("hits")
        table.setHorizontalHeaderLabels(HEADERS)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 56), (1, 150), (3, 220), (4, 96), (5, 80)):
            table.setColumnWidth(column, width)
        table.doubleClicked.connect(lambda index: self.open_hit(index.row()))
        table.activated.connect(lambda index: self.open_hit(index.row()))
        return table

    def _layout(self) -> None:
        title = QLabel("公文检索")
        title.setObjectName("pageTitle")
        filters = QHBoxLayout()
        for box in self._boxes():
            box.currentIndexChanged.connect(lambda _i: self.run_search())
            filters.addWidget(box)
        filters.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(self.box)
        layout.addLayout(filters)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

    def _scope_changed(self) -> None:
        """状态 lists the chosen register's states; 督办 has no 文种, 密级, 紧急程度."""
        page = self.scope_page()
        self.state.blockSignals(True)
        self.state.clear()
        self.state.addItems([f"{ALL}状态", *(STATES[page] if page else ())])
        self.state.setEnabled(page is not None)
        self.state.blockSignals(False)
        for box in (self.doc_type, self.secrecy, self.urgency):
            box.setEnabled(page != "tasks")

    def scope_page(self) -> str | None:
        index = self.scope.currentIndex()
        return None if index <= 0 else list(PAGE_NAMES)[index - 1]

    def filter(self) -> FilingFilter:
        year = picked(self.year)
        return FilingFilter(
            text=self.box.text().strip(), year=int(year) if year else None,
            state=picked(self.state), doc_type=picked(self.doc_type),
            secrecy=picked(self.secrecy), urgency=picked(self.urgency),
        )  # fmt: skip

    def _searching(self, flt: FilingFilter) -> bool:
        return bool(flt.text or flt.year or flt.state or flt.doc_type or flt.secrecy
                    or flt.urgency)  # fmt: skip

    def run_search(self) -> None:
        flt = self.filter()
        if not self._searching(flt):
            self.show_hits([], "输入三个字以上按全文检索，一两个字逐条比对。")
            return
        page = self.scope_page()
        pages = (page,) if page else queries.SEARCH_PAGES
        try:
            result = ops.perform(
                self.actor, lambda s: queries.search_all(s, flt, pages=pages, limit=LIMIT)
            )
        except EXPECTED as exc:
            self.show_hits([], f"检索失败：{error_text(exc)}")
            return
        self.show_hits(result.hits, summary(result))

    def show_hits(self, hits: list[SearchHit], note: str) -> None:
        self.hits = hits
        self.summary.setText(note)
        self.table.setRowCount(len(hits))
        self.empty.refresh()  # empty before and after: the line still says what happened
        for row, hit in enumerate(hits):
            day = hit.day.isoformat() if hit.day else ""
            cells = (PAGE_NAMES[hit.page], hit.number, hit.title, hit.party, day, hit.state)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        if hits:
            self.table.selectRow(0)

    def open_hit(self, row: int) -> None:
        if 0 <= row < len(self.hits):
            hit = self.hits[row]
            self.open_record.emit(hit.page, hit.id, hit_label(hit))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        down = isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Down
        if watched is self.box and down and event.type() == QEvent.Type.KeyPress and self.hits:
            self.table.setFocus()
            self.table.selectRow(0)
            return True
        return super().eventFilter(watched, event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.box.setFocus(Qt.FocusReason.OtherFocusReason)

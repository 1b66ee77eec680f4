"""The 用印登记簿 tab: a paged list, 登记 (Ctrl+N), 作废, 导出 (Ctrl+E), chain status + 校验."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QColor, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.reports.table import ReportTable
from app.services.context import Actor
from app.services.registry import ExportQuery, file_stem
from app.services.seals import catalog, chain, exchange, ledger
from app.services.seals.detail import use_detail
from app.services.seals.dto import ChainStatus, UseFilter, UseRow
from app.services.search_words import slow_to_count
from app.ui import ops
from app.ui.kit import (
    Col,
    ExportAction,
    FilterBar,
    ListView,
    PagedTableModel,
    ServiceSource,
    empty_hint,
)
from app.ui.kit.detail_dialog import DetailDialog
from app.ui.kit.first_paint import after_painted
from app.ui.messages import show_error
from app.ui.seals.common import SEALS, open_dialog
from app.ui.seals.use_dialog import UseDialog, VoidDialog
from app.ui.tasks import Task, give_way

HEADERS = ("用印编号", "日期时间", "印章", "用印单位/科室", "申请人/经办人", "事由", "文件名称",
           "文号", "份数", "审批人", "审批时间", "监印人", "留存复印件", "备注")  # fmt: skip
GREY = QColor("#eeeeee")  # a voided entry and its 作废 line stay, greyed
# The newest sound walk of each data folder in this program: reopening the register walks
# only the entries added since (a walk is seconds at 200,000). 校验 and `check` walk all.
_SOUND: dict[Path | None, ChainStatus] = {}


def cells(u: UseRow) -> tuple[Any, ...]:
    """The row as the model holds it: id, the visible columns, then kind and voided."""
    if u.kind == "作废":
        shown: tuple[Any, ...] = (u.note or "作废", u.used_at, u.seal_name, "", u.recorded_by,
                                  f"作废原因：{u.void_reason}", "", "", "", "", None, "", "",
                                  u.note + u.void_mark)  # fmt: skip
    else:
        approver = u.approver + (f"（{u.approver_title}）" if u.approver_title else "")
        note = ("【已作废】" if u.voided_by_id else "") + u.marked_note
        shown = (u.number, u.used_at, u.seal_name, u.unit, u.applicant, u.purpose, u.doc_title,
                 u.doc_number, u.copies, approver, u.approved_at, u.supervisor,
                 "是" if u.copy_kept else "否", note)  # fmt: skip
    return (u.id, *shown, u.kind, bool(u.voided_by_id))


def _rows(session: Any, flt: UseFilter, offset: int = 0, limit: int | None = None) -> list[Any]:
    return [cells(u) for u in ledger.list_uses(session, flt, offset, limit)]


def _voidable(row: tuple[Any, ...]) -> bool:
    """A 用印 line not yet voided (a 作废 line is never voided again)."""
    return row[-2] == "用印" and not row[-1]


def _grey(row: tuple[Any, ...]) -> QColor | None:
    return GREY if row[-2] == "作废" or row[-1] else None


def _label(flt: UseFilter) -> str:
    """The export's subtitle: the period shown, and the search if any."""
    start = flt.date_from.isoformat() if flt.date_from else "最早"
    end = flt.date_to.isoformat() if flt.date_to else "至今"
    period = "全部" if not (flt.date_from or flt.date_to) else f"{start} 至 {end}"
    return period + (f"，查找“{flt.text}”" if flt.text else "")


class ChainBar(QWidget):
    """The ledger's integrity at a glance; 校验 walks the whole chain off the GUI thread."""

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.label = QLabel()
        self.label.setObjectName("chainStatus")
        self.button = QPushButton("校验")
        self.button.setObjectName("verifyChain")
        self.button.clicked.connect(self.verify)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self.status: ChainStatus | None = None
        self.task: Task | None = None

    def verify(self) -> Task:
        """校验: the whole chain, behind a progress dialog (the clerk asked for it)."""
        return self._walk(None, unseen=False)

    def verify_on_opening(self) -> Task:
        """The walk on opening: no dialog, stepping aside while the clerk searches, and
        after a sound walk in this program only the entries added since (see _SOUND)."""
        return self._walk(_SOUND.get(ops.data_folder()), unseen=True)

    def _walk(self, since: ChainStatus | None, unseen: bool) -> Task:
        self.label.setText("正在校验用印台账链…")
        self.label.setStyleSheet("")
        self.task = ops.in_background(
            self, self.actor, "正在校验用印台账链…",
            lambda s, _token: chain.verify_chain(s, give_way=give_way, since=since),
            on_done=self.show_status, read_only=True, unseen=unseen,
        )  # fmt: skip
        return self.task

    def show_status(self, status: ChainStatus) -> None:
        self.status = status
        if status.ok:
            _SOUND[ops.data_folder()] = status
        else:
            _SOUND.pop(ops.data_folder(), None)
        self.label.setText(status.message())
        colour = "#1b5e20" if status.ok else "#b00020"
        self.label.setStyleSheet(f"color: {colour}; font-weight: bold;")

    def note_append(self) -> None:
        """After a save: a full walk per entry would stall a long ledger, so say so."""
        if self.status is not None and self.task is not None and self.task.done:
            self.label.setText(self.status.message() + "；其后新增的登记待复核（点“校验”）")


class UsesTab(QWidget):
    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        columns = [Col(h) for h in HEADERS]
        self.source = ServiceSource(columns, _rows, ledger.count_uses, UseFilter(), actor)
        self.model = PagedTableModel(self.source, background=_grey)
        self.view = ListView("seals/uses", fit_last=True)  # it opens on the newest entries
        self.view.setObjectName("usesTable")
        self.view.setModel(self.model)
        self.empty = empty_hint(
            self.view,
            "还没有用印登记：点“登记用印”（Ctrl+N）登记第一次用印。"
            "（还没有印章时，请先在“印章”页登记。）",
            filtered=lambda: bool(self.source.flt != UseFilter()),
        )
        self.view.opened.connect(self.open_detail)  # double-click or Enter: the entry whole
        self.detail: QWidget | None = None
        self.filters = FilterBar()
        self.search = self.filters.add_search("text", "文件名称、文号、申请人、编号（Ctrl+F）")
        self.search.setObjectName("useSearch")
        self.search.install_shortcut(self)
        seals = [(s.name, s.id) for s in ops.perform(actor, catalog.list_seals)]
        self.filters.add_combo("seal_id", "印章", [("全部", None), *seals])
        self.filters.add_date_range("date", "用印日期")  # a month or a year: 起 and 止
        # Off the GUI thread: a search scans 200,000 entries when no index can answer it.
        self.reads = ops.Latest(self, actor)
        self.filters.changed.connect(lambda values: self.search_for(UseFilter(**values)))
        self.export = ExportAction(self, self.export_table, default_name="用印登记簿",
                                   stem=self._export_stem)  # fmt: skip
        self.chain = ChainBar(actor)
        self._walk_planned = False
        self._build()
        self.view.scrollToBottom()
        ops.watch(self, SEALS, self.reload)  # uses imported or undone elsewhere

    def _build(self) -> None:
        add, void, export = QPushButton("登记用印（Ctrl+N）"), QPushButton("作废…"), QPushButton()
        add.setObjectName("addUse")
        void.setObjectName("voidUse")
        export.setText("导出（Ctrl+E）")
        add.clicked.connect(self.add_use)
        void.clicked.connect(self.void_selected)
        export.clicked.connect(self.export.trigger)
        QShortcut(QKeySequence("Ctrl+N"), self, self.add_use)
        bar = QHBoxLayout()
        for widget in (add, void, export):
            bar.addWidget(widget)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.chain)
        layout.addLayout(bar)
        layout.addWidget(self.filters)
        layout.addWidget(self.view, 1)
        self.count_label = QLabel()
        self.count_label.setObjectName("rowCount")
        layout.addWidget(self.count_label)
        self.model.modelReset.connect(self._show_count)
        self.model.counted.connect(self._show_count)  # a search's count, after its rows
        self._show_count()
        self.view.set_context_menu(self._row_menu)

    def search_for(self, flt: UseFilter) -> None:
        """The filter bar's words and choices, read off the GUI thread (the newest wins)."""
        later = slow_to_count(flt.text)  # one character: the first page, then the count
        self.model.set_filter_in(self.reads, flt, count_later=later)

    def _show_count(self) -> None:
        self.count_label.setText(self.model.count_text())

    def _row_menu(self, menu: Any, ids: list[Any]) -> None:
        """A row's menu: open it; 作废 while the entry may be voided (the ledger is kept)."""
        if len(ids) != 1:
            return
        menu.addAction("打开（回车）", lambda: self.open_detail(ids[0]))
        row = self.selected()
        if row is not None and _voidable(row):
            menu.addAction("作废…", self.void_selected)

    def showEvent(self, event: QShowEvent) -> None:
        """Walk the chain when the clerk first opens the register, not at start-up, and
        only once the list has painted: the walk holds the GIL for seconds at 200,000."""
        super().showEvent(event)
        if not self._walk_planned:
            self._walk_planned = True
            after_painted(self.view.viewport(), self._walk_if_unwalked)

    def _walk_if_unwalked(self) -> None:
        if self.chain.task is None:  # 校验 may have been clicked first
            self.chain.verify_on_opening()

    def reload(self) -> None:
        """After a save: newest entries are at the bottom of a ledger, show them."""
        self.model.refresh()
        self.view.scrollToBottom()
        self.chain.note_append()

    def _export_stem(self) -> str:
        """用印登记簿-20260101至20261231 for the dates filtered; the whole ledger: its title."""
        flt = UseFilter(**self.filters.values())  # as typed: the list may still be reading
        return file_stem("用印登记簿", ExportQuery(date_from=flt.date_from, date_to=flt.date_to))

    def export_table(self) -> ReportTable:
        """Runs on a worker thread: the list as filtered on screen."""
        flt: UseFilter = self.source.flt
        return ops.perform(self.actor, lambda s: exchange.register_table(s, flt, _label(flt)))

    def add_use(self) -> UseDialog:
        return open_dialog(UseDialog(self.actor, self), self.reload)

    def selected(self) -> tuple[Any, ...] | None:
        index = self.view.currentIndex()
        return self.model.row_values(index.row()) if index.isValid() else None

    def open_detail(self, use_id: int) -> QWidget | None:
        """The entry whole, read-only (a ledger); 作废 is offered while it may be voided."""
        found = ops.query(self, self.actor, lambda s: use_detail(s, use_id))
        if found is None:
            return None
        row = self.selected()
        steps = ["作废"] if row is not None and row[0] == use_id and _voidable(row) else []
        self.detail = DetailDialog(self, found, steps, lambda _step: self.void_selected())
        self.detail.open()
        return self.detail

    def void_selected(self) -> VoidDialog | None:
        row = self.selected()
        if row is None or row[-2] != "用印":
            show_error(self, "请先选中要作废的用印登记（作废登记本身不能再作废）", "作废")
            return None
        return open_dialog(VoidDialog(self.actor, row[0], row[1], self), self.reload)

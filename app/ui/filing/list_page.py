"""A register page: search box, filters, a paged list, the legal moves, import and export."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.services import attachments, registry
from app.services.context import Actor
from app.services.errors import ConflictError
from app.services.filing import corrections, vocab
from app.services.filing.queries import FilingFilter
from app.services.filing.titles import EXPORT_TITLES
from app.services.registry import ExportQuery
from app.services.search_words import slow_to_count
from app.services.versions import Seen
from app.ui import ops
from app.ui.filing.common import FILING, ListCol, filter_combo, picked
from app.ui.filing.correct_form import EDIT, correction_spec
from app.ui.kit import (
    Col,
    ExportAction,
    Field,
    FormDialog,
    ListView,
    PagedTableModel,
    ServiceSource,
    empty_hint,
)
from app.ui.kit.attachments_dialog import AttachmentsDialog
from app.ui.messages import EXPECTED, offer_reload, show_error


class ListPage(QWidget):
    kind = ""
    empty_text = "还没有记录。"  # what to do first, shown in the middle of the empty list
    owner = ""  # the attachments service's name for these records (收文, 发文, 督办)
    states: Sequence[str] = ()
    vocab_filters = True
    # a count_fn taking at_most: a count past it (a common word, on the office server) shows
    # as 余件 with the list and is finished after it
    count_upto: int | None = None

    def __init__(self, actor: Actor, columns: Sequence[ListCol], list_fn: Callable[..., list[Any]],
                 count_fn: Callable[..., int], color: Callable[[Any], QColor | None] | None = None,
                 ) -> None:  # fmt: skip
        super().__init__()
        self.actor, self._list, self._count = actor, list_fn, count_fn
        self.dialog: QWidget | None = None
        self.pinned: int | None = None  # a search hit opened here: only that record listed
        self.only_late = False  # 首页's folded 逾期 line opened here: only the overdue listed
        self._build_tools()
        self.columns = list(columns)
        self.source = ServiceSource(columns=[Col(c.header) for c in columns],
                                    list_fn=self._rows, count_fn=count_fn, flt=self.filter(),
                                    actor=actor)  # fmt: skip
        # Each row: the id, the shown values, then the service's row itself (hidden).
        background = (lambda row: color(row[-1])) if color else None
        self.model = PagedTableModel(self.source, background=background)
        self.reads = ops.Latest(self, actor)
        self.view = ListView(f"filing/{self.kind}")
        # Fit columns to the first screenful only: the default 1,000 rows reads five pages.
        self.view.verticalHeader().setResizeContentsPrecision(60)
        self.view.horizontalHeader().setResizeContentsPrecision(60)
        self.view.setModel(self.model)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._row_changed())
        self.view.opened.connect(self.open_detail)  # double-click or Enter: the record whole
        self.view.set_context_menu(self._row_menu)
        self.empty = empty_hint(self.view, self.empty_text, filtered=self._narrowed)
        self.actions_bar = QHBoxLayout()
        self.action_buttons: dict[str, QPushButton] = {}
        self.body = QVBoxLayout(self)
        self.body.addLayout(self.tools)
        self.body.addLayout(self.filters_bar)
        self.body.addWidget(self.view, 1)
        self.count_label = QLabel()
        self.count_label.setObjectName("rowCount")
        self.body.addWidget(self.count_label)
        self.model.modelReset.connect(self._show_count)  # every reload, whoever asks for it
        self.model.counted.connect(self._show_count)  # a search's count, after its rows
        self._show_count()
        self.body.addLayout(self._bottom_bar())
        QShortcut(QKeySequence("Ctrl+F"), self).activated.connect(self.search.setFocus)
        # a change made elsewhere (another page, a dialog, 首页) lists again, keeping the row
        ops.watch(self, FILING, lambda: self.reload(keep=getattr(self.current(), "id", None)))

    def _narrowed(self) -> bool:
        """A search or a 首页 link narrows the list: then an empty one says to widen it."""
        return bool(self.search.text().strip()) or self.only_late or self.pinned is not None

    def _bottom_bar(self) -> QHBoxLayout:
        """附件 first, where it never moves; then the moves legal for the selected record."""
        self.attach_button = QPushButton("附件…")
        self.attach_button.setObjectName("attachments")
        self.attach_button.setEnabled(False)
        self.attach_button.clicked.connect(self.open_attachments)
        bar = QHBoxLayout()
        bar.addWidget(self.attach_button)
        bar.addSpacing(16)
        bar.addLayout(self.actions_bar)
        bar.addStretch(1)
        return bar

    def _build_tools(self) -> None:
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText("搜索标题、文号、机关、人名（Ctrl+F）")
        self.search.setClearButtonEnabled(True)
        self._timer = QTimer(self, singleShot=True, interval=300)
        self._timer.timeout.connect(self._search)
        self.search.textChanged.connect(lambda _t: self._typed())
        self.search.returnPressed.connect(self._search)
        this_year = clock.today().year
        years = [str(y) for y in range(this_year, this_year - 10, -1)]
        self.year = filter_combo("year", "年度", years)
        self.state = filter_combo("state", "状态", self.states)
        boxes = [self.year, self.state]
        if self.vocab_filters:
            self.doc_type = filter_combo("doc_type", "文种", vocab.DOC_TYPES)
            self.secrecy = filter_combo("secrecy", "密级", [*vocab.SECRECY_LIMITS, "非密"])
            self.urgency = filter_combo("urgency", "紧急程度", [*vocab.URGENCIES, "不紧急"])
            boxes += [self.doc_type, self.secrecy, self.urgency]
        # Filters get a row of their own: beside the buttons every label was cut short.
        self.filters_bar = QHBoxLayout()
        self.filters_bar.addWidget(self.search, 1)
        self.filter_boxes = boxes
        for box in boxes:
            box.currentIndexChanged.connect(lambda _i: self._unpin_and_reload())
            self.filters_bar.addWidget(box)
        self.tools = QHBoxLayout()  # pages put their own buttons first
        self.tools.addStretch(1)
        self.import_button = QPushButton("导入…")
        self.import_button.clicked.connect(self.open_import)
        title = EXPORT_TITLES[self.kind]  # registry.EXPORTS would load every export module
        self.export_action = ExportAction(self, self._export_tables, default_name=title)
        self.export_button = QPushButton("导出…（Ctrl+E）")
        self.export_button.clicked.connect(self.export_action.trigger)
        self.tools.addWidget(self.import_button)
        self.tools.addWidget(self.export_button)

    def filter(self) -> FilingFilter:
        year = picked(self.year)
        return FilingFilter(
            text="" if self.pinned else self.search.text().strip(),
            record_id=self.pinned,
            year=int(year) if year else None,
            state=picked(self.state),
            doc_type=picked(getattr(self, "doc_type", None)),
            secrecy=picked(getattr(self, "secrecy", None)),
            urgency=picked(getattr(self, "urgency", None)),
            overdue_on=clock.today() if self.only_late else None,
        )

    def _rows(self, session: Any, flt: FilingFilter, offset: int, limit: int) -> list[tuple]:
        found = self._list(session, flt, offset=offset, limit=limit)
        return [(r.id, *(c.value(r) for c in self.columns), r) for r in found]

    def reload(self, keep: int | None = None) -> None:
        self.model.set_filter(self.filter())
        if keep is not None:
            self.select_id(keep)
        self._row_changed()
        self._name_export()

    def _name_export(self) -> None:
        """收文登记簿-2026: the register's Chinese title and the year the filter shows."""
        year = self.filter().year or clock.today().year
        self.export_action.default_name = f"{EXPORT_TITLES[self.kind]}-{year}"

    def _show_count(self) -> None:
        late = "逾期未办结的" if self.only_late else ""
        self.count_label.setText(self.model.count_text(f"件{late}"))

    def _search(self) -> None:
        """Typed words: count and first page off the GUI thread; the newest search wins."""
        self._timer.stop()
        flt = self.filter()
        self.model.set_filter_in(self.reads, flt, then=self._row_changed,
                                 count_later=slow_to_count(flt.text),
                                 count_upto=self.count_upto)  # fmt: skip

    def _typed(self) -> None:
        self.pinned = None  # the clerk searches again: the list is theirs
        self.only_late = False
        self._timer.start()

    def _unpin_and_reload(self) -> None:
        self.pinned = None
        self.only_late = False
        self.reload()

    def show_filtered(self, what: str) -> None:
        """首页 opened its folded 逾期 line: only the overdue records, every filter cleared."""
        self.pinned = None
        self.only_late = what == "逾期"
        for widget in (self.search, *self.filter_boxes):
            widget.blockSignals(True)
        self.search.clear()
        for box in self.filter_boxes:
            box.setCurrentIndex(0)
        for widget in (self.search, *self.filter_boxes):
            widget.blockSignals(False)
        self.reload()
        self.view.setFocus()

    def show_record(self, record_id: int, label: str) -> None:
        """A search hit opened here: filters cleared, only that record listed and selected.

        The search box shows what it is; typing there or changing a filter lists again.
        """
        self.pinned = record_id
        for widget in (self.search, *self.filter_boxes):
            widget.blockSignals(True)
        self.search.setText(label)
        for box in self.filter_boxes:
            box.setCurrentIndex(0)
        for widget in (self.search, *self.filter_boxes):
            widget.blockSignals(False)
        self.reload(keep=record_id)
        self.view.setFocus()

    def _row_changed(self) -> None:
        self.selected_changed()
        self.count_attachments()

    def loaded(self) -> list[Any]:
        """The service rows of the first page (what the clerk sees first)."""
        rows = (self.model.row_values(i) for i in range(min(self.model.rowCount(), 200)))
        return [row[-1] for row in rows if row is not None]

    def current(self) -> Any:
        index = self.view.currentIndex()
        row = self.model.row_values(index.row()) if index.isValid() else None
        return None if row is None else row[-1]

    def select_id(self, record_id: int) -> None:
        ids = [r.id for r in self.loaded()]
        if record_id in ids:
            self.view.selectRow(ids.index(record_id))

    def set_actions(self, actions: Sequence[str]) -> None:
        for button in self.action_buttons.values():
            self.actions_bar.removeWidget(button)
            button.hide()  # not left floating until the deferred delete runs
            button.deleteLater()
        self.action_buttons = {}
        for action in actions:
            button = QPushButton(action)
            button.setObjectName(f"action-{action}")
            button.clicked.connect(lambda _c=False, a=action: self.start_action(a))
            self.actions_bar.addWidget(button)
            self.action_buttons[action] = button

    def run_action(self, action: str, work: Callable[[Any], Any], seen: Seen | None = None) -> bool:
        """A move without a form: done, or refused in a message box named after the move
        (one saved elsewhere first offers 重新载入)."""
        try:
            ops.perform(self.actor, work, touches=FILING, seen=seen)
        except ConflictError as exc:
            offer_reload(self, exc, lambda: self.reload(keep=getattr(seen, "key", None)))
            return False
        except EXPECTED as exc:
            show_error(self, exc, f"无法{action}")
            return False
        return True

    def open_form(self, title: str, fields: Sequence[Field],
                  on_save: Callable[[dict[str, Any]], Any]) -> FormDialog:  # fmt: skip
        """A move's (or a new record's) small form; it stays open while the service refuses."""
        dialog = FormDialog(self, title, fields, on_save)
        self.dialog = dialog
        dialog.open()
        return dialog

    def apply(self, work: Callable[[Any], Any], keep: int | None = None,
              seen: Seen | None = None) -> Any:  # fmt: skip
        """Run a form's unit of work (a refusal raises into the form), then list again."""
        result = ops.perform(self.actor, work, touches=FILING, seen=seen)
        self.reload(keep=keep)
        return result

    def selected_changed(self) -> None:
        """Subclasses show the moves of the selected record."""

    def action_spec(self, action: str, record_id: int) -> tuple[Sequence[Field], Any]:
        """The fields a move asks for, and values -> the unit of work it runs."""
        raise NotImplementedError

    def start_action(self, action: str) -> FormDialog | None:
        """A move on the selected record: its form, or done at once if it asks for nothing."""
        row = self.current()
        if row is None:
            return None
        fields: Sequence[Field]
        if action == EDIT:
            fields, work = correction_spec(self.actor, self.owner, row.id)
        else:
            fields, work = self.action_spec(action, row.id)
        seen = Seen(self.owner, row.id, row.version)  # the copy the clerk sees
        if fields:
            save = lambda v: self.apply(work(v), keep=row.id, seen=seen)  # noqa: E731
            dialog = self.open_form(f"{action}：{self.record_label(row)}", fields, save)
            dialog.reload = lambda: self.reload(keep=row.id)
            return dialog
        if self.run_action(action, work({}), seen):
            self.moved(action, row.id)
        self.reload(keep=row.id)
        return None

    def moved(self, action: str, record_id: int) -> None:
        """A move without a form went through (发文 tells the number 登记 gave)."""

    def record_label(self, row: Any) -> str:
        """How the 附件 dialog names the record: its number and title."""
        raise NotImplementedError

    def count_attachments(self) -> None:
        row = self.current()
        self.attach_button.setEnabled(row is not None)
        found = (
            ops.perform(self.actor, lambda s: attachments.list_for(s, self.owner, row.id))
            if row
            else []
        )
        self.attach_button.setText(f"附件（{len(found)}）…" if found else "附件…")

    def open_attachments(self) -> AttachmentsDialog | None:
        row = self.current()
        if row is None:
            return None
        dialog = AttachmentsDialog(self, self.actor, self.owner, row.id, self.record_label(row))
        dialog.changed.connect(self.count_attachments)
        self.dialog = dialog
        dialog.open()
        return dialog

    def open_detail(self, record_id: int) -> QWidget | None:
        """The record whole: every field, its history and attachments, its legal steps."""
        from app.services.filing.detail import record_detail
        from app.ui.kit.detail_dialog import DetailDialog

        found = ops.query(self, self.actor, lambda s: record_detail(s, self.owner, record_id))
        if found is None:
            return None
        self.select_id(record_id)
        dialog = DetailDialog(self, found, self.detail_steps(), self.start_action)
        self.dialog = dialog
        dialog.open()
        return dialog

    def detail_steps(self) -> list[str]:
        """The steps the selected record's detail view and row menu offer: 修改 first while
        the record is open (a typo in the title, the wrong 字号), then its moves."""
        row = self.current()
        may = row is not None and not corrections.read_only(self.owner, row)
        return [EDIT, *self.action_buttons] if may else list(self.action_buttons)

    def _row_menu(self, menu: QMenu, ids: list[Any]) -> None:
        """A row's menu: open it, then the same steps as the buttons below the list."""
        if len(ids) != 1:
            return
        menu.addAction("打开（回车）", lambda: self.open_detail(ids[0]))
        menu.addSeparator()
        for action in self.detail_steps():
            menu.addAction(action, partial(self.start_action, action))

    def open_import(self) -> QWidget:
        from app.ui.kit.import_dialog import ImportDialog

        dialog = ImportDialog(self, self.actor, self.kind, lambda: self.reload())
        self.dialog = dialog
        dialog.open()
        return dialog

    def _export_tables(self) -> Any:
        """On the export worker thread: the register for the year chosen in the filter."""
        query = ExportQuery(year=self.filter().year)

        def build(session: Any) -> list[Any]:
            built = registry.EXPORTS[self.kind].build(session, query)
            tables = built if isinstance(built, list) else [built]
            return [replace(t, rows=list(t.rows)) for t in tables]

        return ops.perform(self.actor, build)

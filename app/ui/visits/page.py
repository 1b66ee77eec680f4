"""The 来访 page: register, case list with clocks, the actions, month chart, 处理意见书."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.services.context import Actor, Perm
from app.services.registry import ExportQuery, file_stem
from app.services.versions import Seen
from app.services.visits import rules
from app.services.visits.cases import steps_of
from app.services.visits.detail import case_detail
from app.services.visits.opinion import write_opinion_pdf
from app.services.visits.queries import (
    CaseFilter,
    MonthCount,
    accused_of,
    clock_rows,
    monthly_counts,
    people_of,
    repeat_of_no,
)
from app.ui import ops
from app.ui.calendar_ready import calendar_ready
from app.ui.kit import ExportAction, FormDialog, ListView, SearchBox, empty_hint, shortcut
from app.ui.kit.detail_dialog import DetailDialog
from app.ui.messages import show_error, show_info
from app.ui.tasks import Task, give_way
from app.ui.visits.actions import ACTIONS
from app.ui.visits.chart import MonthChart
from app.ui.visits.model import case_model, version_of
from app.ui.visits.register import RegisterDialog


class VisitsPage(QWidget):
    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.filter = CaseFilter(year=clock.today().year)
        self.model = case_model(actor, self.filter)
        self.reads = ops.Latest(self, actor)
        # The chart's read runs the year's clocks (~0.5 s at 50,000) just after opening:
        # it steps aside while the clerk searches.
        self.chart_reads = ops.Latest(self, actor, unseen=True)
        self.table = ListView("visits")
        self.table.setModel(self.model)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.chart = MonthChart()
        self.task: Task | None = None
        self._build()
        self.show_detail()  # the list was read with the model, under this same filter
        self._show_count()  # that first read came before modelReset was connected
        self.refresh_chart()
        ops.watch(self, ("来访",), self.refresh)  # a case saved from 首页 or an import

    def _build(self) -> None:
        self.search = SearchBox(placeholder="搜索 编号/姓名/问题/村（Ctrl+F）")
        self.search.setMinimumWidth(200)
        self.year = QSpinBox(minimum=2000, maximum=2100, value=clock.today().year)
        self.category = QComboBox()
        self.category.addItems(["全部类别", *rules.CATEGORIES])
        self.unmasked = QCheckBox("导出含完整个人信息")
        self.unmasked.setVisible(self.actor.can(Perm.VIEW_PERSONAL))  # masked by default
        # The chart counts the whole year: words and 类别 narrow the list only.
        self.search.search.connect(lambda _t: self.reload_list(background=True))
        self.year.valueChanged.connect(self.refresh)
        self.category.currentIndexChanged.connect(self.reload_list)
        self.export = ExportAction(self, self._export_query, default_name="来访登记簿",
                                   writer=self._write_export, stem=self._export_stem)  # fmt: skip
        layout = QVBoxLayout(self)
        layout.addLayout(self._toolbar())
        layout.addLayout(self._filters())
        layout.addWidget(self._body())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.show_detail())
        self.table.opened.connect(self.open_detail)
        self.table.set_context_menu(self._row_menu)
        self.model.modelReset.connect(self._show_count)
        self.model.counted.connect(self._show_count)  # a search's count, after its rows
        self.empty = empty_hint(
            self.table,
            "本年还没有来访：群众来访时点“走访登记”（Ctrl+N），来信、来电点“来信/来电等登记”。",
            filtered=lambda: bool(self.search.text().strip()) or self.category.currentIndex() > 0,
        )  # double-click or Enter: the case whole
        shortcut(self, "Ctrl+N", self.new_walk_in)
        self.search.install_shortcut(self)

    def _toolbar(self) -> QVBoxLayout:
        """New cases, PDF and export above; the selected case's steps on a row of their own
        (on one row at 1366 px the buttons were cut short)."""
        self.buttons: dict[str, QPushButton] = {}
        top = [("walk_in", "走访登记（Ctrl+N）", self.new_walk_in),
               ("other", "来信/来电等登记", lambda: self.new_case("书信")),
               ("opinion", "处理意见书PDF", self.opinion_pdf),
               ("export", "导出（Ctrl+E）", self.export.trigger)]  # fmt: skip
        steps = [(key, ACTIONS[key].button, lambda _c=False, k=key: self.act(k)) for key in ACTIONS]
        bars = QVBoxLayout()
        for row in (top, steps):
            bar = QHBoxLayout()
            for key, text, slot in row:
                button = QPushButton(text)
                button.setObjectName(key)
                button.clicked.connect(slot)
                bar.addWidget(button)
                self.buttons[key] = button
            bar.addStretch(1)
            bars.addLayout(bar)
        return bars

    def _filters(self) -> QHBoxLayout:
        """A row of its own: on one line with ten buttons every label was cut short."""
        bar = QHBoxLayout()
        for w in (QLabel("年度"), self.year, self.category):
            bar.addWidget(w)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.unmasked)
        return bar

    def _body(self) -> QSplitter:
        split = QSplitter(Qt.Orientation.Vertical)
        listed = QWidget()
        column = QVBoxLayout(listed)
        column.setContentsMargins(0, 0, 0, 0)
        self.count_label = QLabel()
        self.count_label.setObjectName("rowCount")
        column.addWidget(self.table, 1)
        column.addWidget(self.count_label)
        split.addWidget(listed)
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.detail)
        lower.addWidget(self.chart)
        split.addWidget(lower)
        lower.setSizes([420, 860])
        split.setSizes([520, 220])
        return split

    def refresh(self) -> None:
        """The list and the year's chart (after the year changes or a case is saved)."""
        self.reload_list()
        self.refresh_chart()

    def refresh_chart(self) -> None:
        """The year's monthly counts, read off the GUI thread (the newest read wins)."""
        year = self.year.value()

        def show(counts: list[MonthCount]) -> None:
            total = sum(c.total for c in counts)
            self.chart.set_counts(f"{year}年各月来访 {total} 件（红色为逾期）", counts)

        # Off the GUI thread: the year's open cases run their clocks (seconds at 50,000).
        calendar_ready(self.actor, year)  # two threads seeding it at once lock each other
        self.chart_reads.run(lambda s: monthly_counts(s, year, give_way=give_way), show)

    def reload_list(self, background: bool = False) -> None:
        """The list again; a typed search reads off the GUI thread (the newest one wins)."""
        category = self.category.currentText()
        self.filter = CaseFilter(year=self.year.value(), text=self.search.text(),
                                 category="" if category == "全部类别" else category)  # fmt: skip
        if background:
            # A word's count looks up each hit's case (year, 检举控告 kept from roles not
            # allowed): 30-40 ms at 10,000 hits, so a full first page shows before it.
            self.model.set_filter_in(self.reads, self.filter, then=self.show_detail,
                                     count_later=bool(self.filter.text.strip()))  # fmt: skip
            return
        self.model.set_filter(self.filter)
        self.show_detail()

    def current_id(self) -> int | None:
        found = self.table.current_id()
        return int(found) if found is not None else None

    def select_id(self, case_id: int) -> None:
        for n in range(self.model.rowCount()):
            if self.model.row_id(self.model.index(n, 0)) == case_id:
                self.table.selectRow(n)
                return

    def show_detail(self) -> None:
        case_id = self.current_id()
        if case_id is None:
            self.detail.setText("选中一件来访，查看信访人与各项期限。")
            self._offer(())
            return
        may = self.actor.can(Perm.VIEW_ACCUSATIONS)

        def read(s: Any) -> tuple[Any, ...]:
            accused = accused_of(s, case_id) if may else None
            return (clock_rows(s, case_id), people_of(s, case_id), accused,
                    repeat_of_no(s, case_id), steps_of(s, case_id))  # fmt: skip

        found, people, accused, earlier, steps = ops.perform(self.actor, read)
        self._offer(steps)
        lines = [f"{'【代表】' if p.representative else ''}{p.name} {p.gender} {p.id_number} "
                 f"{p.phone} {p.address}" for p in people]  # fmt: skip
        if accused:
            lines.append(f"被反映人：{accused[0]} {accused[1]}")
        if earlier:
            lines.append(f"重复访：前次来访 {earlier}")
        lines += [f"{c.name}：起算 {c.start}，期限 {c.due}，{c.status}"
                  + (f"（{c.note}）" if c.note else "") for c in found]  # fmt: skip
        self.detail.setText("\n".join(lines))

    def _show_count(self) -> None:
        self.count_label.setText(self.model.count_text())

    def _row_menu(self, menu: Any, ids: list[Any]) -> None:
        """A row's menu: open it, then the steps its state allows (as the buttons)."""
        if len(ids) != 1:
            return
        menu.addAction("打开（回车）", lambda: self.open_detail(int(ids[0])))
        menu.addSeparator()
        for key, action in ACTIONS.items():
            if self.buttons[key].isEnabled():
                menu.addAction(action.button, lambda k=key: self.act(k))

    def _offer(self, steps: tuple[str, ...]) -> None:
        """Only the steps the selected case's state allows are enabled (the service says)."""
        for key, action in ACTIONS.items():
            self.buttons[key].setEnabled(action.button in steps)

    def open_detail(self, case_id: int) -> QWidget | None:
        """The case whole: every field, 信访人, clocks, history; the steps its state allows
        start from there."""
        accused = self.actor.can(Perm.VIEW_ACCUSATIONS)
        read = lambda s: (case_detail(s, case_id, accused=accused), steps_of(s, case_id))  # noqa: E731
        found = ops.query(self, self.actor, read)
        if found is None:
            return None
        detail, steps = found
        self.select_id(case_id)
        keys = {ACTIONS[key].button: key for key in ACTIONS if ACTIONS[key].button in steps}
        self.detail_dialog = DetailDialog(self, detail, list(keys), lambda b: self.act(keys[b]))
        self.detail_dialog.open()
        return self.detail_dialog

    def new_walk_in(self) -> None:
        self.new_case("走访")

    def new_case(self, form: str) -> RegisterDialog:
        dialog = RegisterDialog(self.actor, form, self)
        dialog.finished.connect(lambda _: self._after_register(dialog))
        dialog.open()
        return dialog

    def _after_register(self, dialog: RegisterDialog) -> None:
        if dialog.registered:
            self.refresh()
            self.select_id(dialog.registered.id)

    def act(self, key: str) -> FormDialog | None:
        """Open the form of one step (受理, 告知, 延期, 办结 …) for the selected case."""
        action, case_id = ACTIONS[key], self.current_id()
        if case_id is None:
            show_error(self, "请先在列表中选中一件来访。", action.title)
            return None

        row = self.model.row_values(self.table.currentIndex().row())
        seen = Seen("来访", case_id, version_of(row))  # the copy the clerk sees

        def submit(values: dict[str, Any]) -> None:
            said = ops.perform(self.actor, lambda s: action.run(s, case_id, values),
                               touches=("来访",), seen=seen)  # fmt: skip
            if isinstance(said, str) and said:  # saved, with a warning (a late 复查 request)
                show_info(self, said, action.title)

        dialog = FormDialog(self, action.title, action.fields(), submit)
        dialog.accepted.connect(lambda: (self.refresh(), self.select_id(case_id)))
        dialog.reload = lambda: (self.refresh(), self.select_id(case_id))
        dialog.open()
        return dialog

    def _export_stem(self) -> str:
        return file_stem("来访登记簿", self._export_query())  # 来访登记簿-2026: the year shown

    def _export_query(self) -> ExportQuery:
        # the export is two sheets written by the service, so the kit's "table" is the query
        flt = self.filter
        options = {"unmasked": self.unmasked.isVisible() and self.unmasked.isChecked()}
        return ExportQuery(year=flt.year, options=options)

    def _write_export(self, query: ExportQuery, path: Path) -> int:
        from app.services.transfer import export_file  # the report kit loads on first export

        return ops.perform(self.actor, lambda s: export_file(s, "visits", path, query))

    def opinion_pdf(self) -> None:
        case_id = self.current_id()
        if case_id is None:
            show_error(self, "请先在列表中选中一件已办结的来访。", "处理意见书")
            return
        row = self.model.row_values(self.table.currentIndex().row()) or (None, "")
        name, _ = QFileDialog.getSaveFileName(self, "保存处理意见书", opinion_name(str(row[1])),
                                              "PDF 文件 (*.pdf)")  # fmt: skip
        if name:
            self.save_opinion(case_id, Path(name))

    def save_opinion(self, case_id: int, path: Path) -> Task:
        """Write the 处理意见书 off the GUI thread; a refusal shows as a message."""

        title = f"正在生成 {path.name} …"
        self.task = ops.in_background(
            self, self.actor, title, lambda s, _token: write_opinion_pdf(s, case_id, path)
        )
        return self.task


def opinion_name(reg_no: str) -> str:
    """信访事项处理意见书-信2026-0012.pdf: whose 意见书 the file holds."""
    return f"信访事项处理意见书-{reg_no}.pdf" if reg_no else "信访事项处理意见书.pdf"

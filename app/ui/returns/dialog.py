"""县里的表格: pick a template, a register and a period; check the mapping, preview, save."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter
from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.common.display import display_text
from app.reports.template import sample_template
from app.services.context import Actor
from app.services.registry import ExportQuery
from app.services.returns import filling, library, memory
from app.services.returns.labels import IGNORE
from app.services.returns.sources import KINDS
from app.ui import messages, ops
from app.ui.kit import DateEdit
from app.ui.returns.chart import BarChart
from app.ui.widgets import error_label

SAMPLES = ("收文情况登记表", "督办事项落实情况表", "信访情况统计表", "用印情况月度统计表")
DATA = Qt.ItemDataRole.UserRole
TARGET_COLUMN = 2


class TargetDelegate(QStyledItemDelegate):
    """The 对应到 column edits with a drop-down of what the label may stand for."""

    def __init__(self, dialog: ReturnsDialog) -> None:
        super().__init__(dialog)
        self.dialog = dialog

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        box = QComboBox(parent)
        box.addItems([IGNORE, *self.dialog.options])
        return box

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentText(str(index.data() or IGNORE))

    def setModelData(
        self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentText())


class ReturnsDialog(QDialog):
    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("县里的表格")
        self.actor = actor
        self.folder = Path(tempfile.mkdtemp(prefix="dzb-returns-"))
        self.chosen: dict[str, str] = {}
        self.options: list[str] = []
        self.filled: filling.Filled | None = None
        self._quiet = False
        self._keep_row: int | None = None
        self._widgets()
        self.reads = ops.Latest(self, actor, self.message)
        self._layout()
        self.reload_templates()
        self._contact()
        self.refresh()

    # ---- building ------------------------------------------------------------------

    def _widgets(self) -> None:
        self.template = QComboBox()
        self.template.setMinimumContentsLength(18)
        self.kind = QComboBox()
        for kind, (title, _field) in KINDS.items():
            self.kind.addItem(title, kind)
        self.by_year, self.by_range = QRadioButton("年度"), QRadioButton("时间段")
        self.by_year.setChecked(True)
        self.year = QSpinBox(minimum=2000, maximum=2100, value=clock.today().year)
        self.date_from, self.date_to = DateEdit(), DateEdit()
        for field in (self.date_from, self.date_to, self.year):
            field.setMaximumWidth(170)
        self.mapping = QTableWidget(0, 3)
        self.mapping.setHorizontalHeaderLabels(["位置", "模板上的文字", "对应到"])
        self.mapping.setItemDelegateForColumn(TARGET_COLUMN, TargetDelegate(self))
        self.mapping.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        triggers = QAbstractItemView.EditTrigger
        # not AnyKeyPressed: Alt+M and Alt+S must reach their buttons from the table
        self.mapping.setEditTriggers(triggers.EditKeyPressed | triggers.DoubleClicked
                                     | triggers.SelectedClicked)  # fmt: skip
        self.mapping.horizontalHeader().setStretchLastSection(True)
        self.mapping.verticalHeader().hide()
        self.preview = QTableWidget()
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.monthly, self.by_kind = BarChart(), BarChart()
        self.reporter, self.phone = QLineEdit(), QLineEdit()
        self.chart = QCheckBox("附统计图（Excel 原生图表）")
        self.chart.setChecked(True)
        self.message = error_label()  # refusals, in red
        self.status = QLabel()  # what was found and done
        self.status.setWordWrap(True)
        self._connect()

    def _connect(self) -> None:
        self.template.currentIndexChanged.connect(self._template_changed)
        self.kind.currentIndexChanged.connect(lambda _i: self.refresh())
        self.year.valueChanged.connect(lambda _v: self._period_changed(self.by_year))
        for field in (self.date_from, self.date_to):
            field.dateChanged.connect(lambda _d: self._period_changed(self.by_range))
        self.by_year.toggled.connect(lambda _on: self.refresh())
        self.mapping.itemChanged.connect(self._mapped_by_hand)

    def _buttons(self, *specs: tuple[str, Any]) -> QHBoxLayout:
        row = QHBoxLayout()
        for text, slot in specs:
            button = QPushButton(text)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, s=slot: s())
            row.addWidget(button)
        return row

    def _layout(self) -> None:
        top = QGridLayout()
        top.addWidget(QLabel("模板："), 0, 0)
        top.addWidget(self.template, 0, 1, 1, 3)
        library_row = self._buttons(
            ("打开文件(&O)…", self.open_file),
            ("存入模板库", self.keep),
            ("改名", self.rename),
            ("从模板库删除", self.remove),
        )
        top.addLayout(library_row, 0, 4, 1, 3)
        top.addWidget(QLabel("台账："), 1, 0)
        top.addWidget(self.kind, 1, 1)
        top.addWidget(self.by_year, 1, 2)
        top.addWidget(self.year, 1, 3)
        top.addWidget(self.by_range, 1, 4)
        top.addWidget(self.date_from, 1, 5)
        top.addWidget(self.date_to, 1, 6)
        tabs = QTabWidget()
        tabs.addTab(self.preview, "预览")
        charts = QWidget()
        stack = QVBoxLayout(charts)
        stack.addWidget(self.monthly)
        stack.addWidget(self.by_kind)
        tabs.addTab(charts, "图表")
        split = QSplitter()
        split.addWidget(self.mapping)
        split.addWidget(tabs)
        split.setSizes([380, 620])
        contact = QHBoxLayout()
        for text, field in (("填报人：", self.reporter), ("联系电话：", self.phone)):
            contact.addWidget(QLabel(text))
            contact.addWidget(field)
        contact.addWidget(self.chart)
        actions = self._buttons(
            ("重新识别(&R)", self.refresh),
            ("记住对应(&M)", self.remember),
            ("填写并保存(&S)…", self.save),
            ("关闭", self.reject),
        )
        actions.insertStretch(0, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(QLabel("对应关系（选中“对应到”一格，按 F2 或双击可手工选择）："))
        layout.addWidget(split, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.message)
        layout.addLayout(contact)
        layout.addLayout(actions)
        self.resize(1120, 660)

    # ---- the template list ---------------------------------------------------------

    def reload_templates(self, select: Any = None) -> None:
        rows = ops.query(self.message, self.actor, library.list_templates) or []
        self._quiet = True
        self.template.clear()
        for row in rows:
            self.template.addItem(f"模板库：{row.name}", ("lib", row.id, row.kind))
        for name in SAMPLES:
            self.template.addItem(
                f"示例：{name}", ("file", str(sample_template(f"{name}.xlsx")), "")
            )
        found = self.template.findData(select) if select is not None else 0
        self.template.setCurrentIndex(max(found, 0))
        self._quiet = False

    def add_file(self, path: Path) -> None:
        """A template opened from disk, not kept in the library (yet)."""
        entry = ("file", str(path), "")
        if self.template.findData(entry) < 0:
            self.template.insertItem(0, f"文件：{path.name}", entry)
        self.template.setCurrentIndex(self.template.findData(entry))

    @staticmethod
    def _path(session: Any, entry: tuple, folder: Path) -> Path:
        """The template's file: as opened, or a 模板库 copy written to the dialog's folder."""
        if entry[0] == "file":
            return Path(entry[1])
        return library.copy_out(session, entry[1], folder)

    def _template_changed(self, _index: int) -> None:
        if self._quiet:
            return
        self.chosen = {}
        entry = self.template.currentData()
        if entry and entry[2]:
            self.kind.setCurrentIndex(max(self.kind.findData(entry[2]), 0))
        self.refresh()

    def open_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "打开县里发来的模板", "", "Excel 文件 (*.xlsx)")
        if name:
            self.add_file(Path(name))

    def keep(self) -> None:
        entry = self.template.currentData()
        if not entry or entry[0] != "file":
            self.message.setText("这个模板已在模板库中")
            return
        path = Path(entry[1])
        name, ok = QInputDialog.getText(self, "存入模板库", "模板名称：", text=path.stem)
        kind = self.kind.currentData()
        if ok and (
            new := ops.change(
                self.message, self.actor, lambda s: library.add(s, path, name, kind), touches=()
            )
        ):
            self.reload_templates(("lib", new, kind))
            self.refresh()
            self.status.setText(f"已存入模板库：{name}")

    def rename(self) -> None:
        entry = self.template.currentData()
        if not entry or entry[0] != "lib":
            self.message.setText("请先选择模板库中的模板")
            return
        old = self.template.currentText().removeprefix("模板库：")
        name, ok = QInputDialog.getText(self, "模板改名", "新名称：", text=old)
        if ok and ops.change(
            self.message,
            self.actor,
            lambda s: library.rename(s, entry[1], name) or True,
            touches=(),
        ):
            self.reload_templates(entry)
            self.refresh()

    def remove(self) -> None:
        entry = self.template.currentData()
        if not entry or entry[0] != "lib":
            self.message.setText("请先选择模板库中的模板")
            return
        if not messages.confirm(self, f"从模板库删除“{self.template.currentText()}”？"):
            return
        if ops.change(
            self.message, self.actor, lambda s: library.remove(s, entry[1]) or True, touches=()
        ):
            self.reload_templates()
            self.refresh()

    # ---- mapping and preview -------------------------------------------------------

    def query(self) -> ExportQuery | None:
        if self.by_year.isChecked():
            return ExportQuery(year=self.year.value())
        first, last = self.date_from.date(), self.date_to.date()
        if first is None or last is None or first > last:
            self.message.setText("请填写起止日期（开始不晚于结束），如 2026-01-01 至 2026.6.30")
            return None
        return ExportQuery(date_from=first, date_to=last)

    def _period_changed(self, which: QRadioButton) -> None:
        if which.isChecked():
            self.refresh()
        else:
            which.setChecked(True)  # toggling refreshes

    def refresh(self) -> None:
        """Recognise and fill in the background (a large register takes a while); only the
        newest request is shown."""
        entry, query, kind = self.template.currentData(), self.query(), self.kind.currentData()
        if not entry or query is None:
            return
        self.message.clear()
        self.status.setText("正在识别和预览…")
        self.filled = None
        chosen, folder = dict(self.chosen), self.folder

        def work(session: Any) -> filling.Filled:
            path = self._path(session, entry, folder)
            return filling.fill(session, path, kind, query, None, chosen)

        self.reads.run(work, self._shown)

    def _shown(self, done: filling.Filled) -> None:
        self.filled, self.options = done, list(done.options)
        self._show_mapping(done)
        self._show_preview(done)
        self._show_charts(done)
        self._say(done)
        if self._keep_row is not None:
            self.mapping.setCurrentCell(self._keep_row, TARGET_COLUMN)
            self._keep_row = None

    def _say(self, done: filling.Filled) -> None:
        shape = "统计表" if done.plan.shape == "cross" else "清单"
        count = f"{done.cells} 格" if done.plan.shape == "cross" else f"{done.rows} 行"
        text = f"已识别为{shape}（工作表“{done.plan.sheet}”），将填写 {count}。"
        if done.unmatched:
            text += f" 对应不上（不填）：{'；'.join(done.unmatched)}"
        if done.caveat:
            text += f" 注意：{done.caveat}"
        self.status.setText(text)

    def _show_mapping(self, done: filling.Filled) -> None:
        self._quiet = True
        slots = done.plan.slots
        self.mapping.setRowCount(len(slots))
        for row, slot in enumerate(slots):
            for column, text in enumerate((slot.where, slot.text, slot.target)):
                item = QTableWidgetItem(text or "")
                if column < TARGET_COLUMN:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                else:
                    item.setData(DATA, slot.text)
                    item.setToolTip(slot.note or "按 F2 选择")
                    if not slot.target:
                        item.setText("")
                        item.setBackground(Qt.GlobalColor.yellow)
                self.mapping.setItem(row, column, item)
        self.mapping.resizeColumnsToContents()
        self._quiet = False

    def _show_preview(self, done: filling.Filled) -> None:
        grid = done.grid
        width = max((len(row) for row in grid), default=0)
        self.preview.setRowCount(len(grid))
        self.preview.setColumnCount(width)
        self.preview.setHorizontalHeaderLabels([get_column_letter(c + 1) for c in range(width)])
        for r, row in enumerate(grid):
            for c, value in enumerate(row):
                self.preview.setItem(r, c, QTableWidgetItem(display_text(value)))
        self.preview.resizeColumnsToContents()

    def _show_charts(self, done: filling.Filled) -> None:
        for widget, chart in zip((self.monthly, self.by_kind), done.charts, strict=False):
            widget.set_data(chart.title, chart.categories, chart.counts)

    def _mapped_by_hand(self, item: QTableWidgetItem) -> None:
        if self._quiet or item.column() != TARGET_COLUMN:
            return
        self.chosen[str(item.data(DATA))] = item.text() or IGNORE
        self._keep_row = item.row()  # the clerk stays where the choice was made
        # after the editor has closed: the refresh rebuilds the table under it
        QTimer.singleShot(0, self, self.refresh)  # with self as context: never after it is gone

    # ---- keeping and saving --------------------------------------------------------

    def _contact(self) -> None:
        found = ops.query(self.message, self.actor, filling.contact)
        if found is not None:
            self.reporter.setText(found.reporter)
            self.phone.setText(found.phone)

    def remember(self) -> bool:
        if self.filled is None:
            return False
        plan = self.filled.plan
        if ops.change(
            self.message, self.actor, lambda s: memory.remember(s, plan) or True, touches=()
        ):
            self.status.setText("已记住对应关系：同样表头的表格下次自动对应")
            return True
        return False

    def save(self) -> None:
        if self.filled is None:
            return
        suggested = f"{self.filled.plan.template.removesuffix('.xlsx')}（已填）.xlsx"
        name, _ = QFileDialog.getSaveFileName(
            self, "保存填好的表格", suggested, "Excel 文件 (*.xlsx)"
        )
        if name:
            self.save_to(Path(name))

    def save_to(self, out: Path) -> filling.Filled | None:
        """Fill and save; the contact and the confirmed mapping are kept for next time."""
        entry, query, kind = self.template.currentData(), self.query(), self.kind.currentData()
        if not entry or query is None or self.filled is None:
            return None
        out = out if out.suffix.lower() == ".xlsx" else out.with_suffix(".xlsx")
        chosen, chart, plan = dict(self.chosen), self.chart.isChecked(), self.filled.plan
        who, folder = (self.reporter.text(), self.phone.text()), self.folder

        def work(session: Any) -> filling.Filled:
            path = self._path(session, entry, folder)
            filling.save_contact(session, *who)
            memory.remember(session, plan)
            if entry[0] == "lib":
                library.set_kind(session, entry[1], kind)
            return filling.fill(session, path, kind, query, out, chosen, chart=chart)

        done = ops.change(self.message, self.actor, work, touches=())
        if done is not None:
            self.status.setText(f"已保存到 {out}")
        return done

    # ---- closing -------------------------------------------------------------------

    def _finish(self) -> None:
        """A read still running is dropped (its result would land on a closed window)."""
        self.reads.started += 1
        if self.reads.task is not None:
            self.reads.task.token.cancel()
        shutil.rmtree(self.folder, ignore_errors=True)

    def done(self, result: int) -> None:
        self._finish()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._finish()
        super().closeEvent(event)

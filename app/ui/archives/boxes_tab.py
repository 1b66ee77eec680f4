"""The 装盒 tab: the year's loose 件 on the left, its boxes on the right, the 备考表 per box."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.services.archives import boxes
from app.services.archives.vocab import PERIOD_NAMES, period_name
from app.services.context import Actor
from app.services.errors import DomainError
from app.ui import ops
from app.ui.kit import Field, FormDialog, shortcut
from app.ui.messages import show_error
from app.ui.seals.common import open_dialog

REGISTER = "档案"  # what the changes here touch: the 目录 and the other 档案 tabs reload


def call(actor: Actor, fn: Callable[..., T], *args: Any) -> T:
    """A read through the window's one way to the services; errors propagate."""
    return ops.perform(actor, lambda session: fn(session, *args))


def act(actor: Actor, fn: Callable[..., T], *args: Any) -> T:
    """A change: one unit of work, then the pages showing 档案 reload."""
    return ops.perform(actor, lambda session: fn(session, *args), touches=(REGISTER,))


T = TypeVar("T")
LOOSE = ("档号", "题名", "页数")
BOXED = ("年度", "保管期限", "机构", "盒号", "起止件号", "件数", "页数", "盒厚", "整理人", "检查人")


def table(name: str, headers: tuple[str, ...], multi: bool) -> QTableWidget:
    """A read-only list that selects whole rows (several with Shift/Ctrl when multi)."""
    view = QTableWidget(0, len(headers))
    view.setObjectName(name)
    view.setHorizontalHeaderLabels(list(headers))
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    mode = QAbstractItemView.SelectionMode
    view.setSelectionMode(mode.ExtendedSelection if multi else mode.SingleSelection)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    return view


def fill(view: QTableWidget, rows: list[tuple[object, ...]]) -> None:
    view.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            view.setItem(r, c, QTableWidgetItem("" if value is None else str(value)))
    view.resizeColumnsToContents()


def selected_rows(view: QTableWidget) -> list[int]:
    return sorted({index.row() for index in view.selectionModel().selectedRows()})


def year_box(value: int | None = None) -> QSpinBox:
    spin = QSpinBox()
    spin.setObjectName("year")
    spin.setRange(1949, 2100)
    spin.setValue(value or clock.today().year - 1)  # filing is for last year's documents
    spin.setSuffix(" 年度")
    return spin


class BoxesTab(QWidget):
    """装盒: pick 件 of one category, put them in a new or the selected box."""

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.year = year_box()
        self.period = QComboBox(objectName="period")
        self.period.addItem("全部保管期限", "")
        for code, name in PERIOD_NAMES.items():
            self.period.addItem(name, code)
        self.thickness = QComboBox(objectName="thickness")
        for cm in boxes.THICKNESSES:
            self.thickness.addItem(f"{cm} 厘米", cm)
        self.loose = table("looseTable", LOOSE, multi=True)
        self.boxes = table("boxesTable", BOXED, multi=False)
        self.loose_rows: list[boxes.LooseItem] = []
        self.box_rows: list[boxes.BoxRow] = []
        self._lay_out()
        self.year.valueChanged.connect(self.reload)
        self.period.currentIndexChanged.connect(self.reload)
        shortcut(self, "Ctrl+B", self.new_box)
        ops.watch(self, (REGISTER,), self.reload)  # a change on another 档案 tab
        self.reload()

    def _lay_out(self) -> None:
        bar = QHBoxLayout()
        for widget in (self.year, self.period, QLabel("盒厚"), self.thickness):
            bar.addWidget(widget)
        for text, name, slot in (
            ("装入新盒 (Ctrl+B)", "newBox", self.new_box),
            ("装入所选盒", "addToBox", self.add_to_box),
            ("取出盒内文件", "takeOut", self.take_out),
            ("备考表…", "notes", self.edit_notes),
        ):
            button = QPushButton(text, objectName=name)
            button.clicked.connect(slot)
            bar.addWidget(button)
        bar.addStretch(1)
        split = QSplitter()
        for title, view in (("未装盒的文件", self.loose), ("档案盒", self.boxes)):
            side = QWidget()
            column = QVBoxLayout(side)
            column.addWidget(QLabel(title))
            column.addWidget(view)
            split.addWidget(side)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)

    def reload(self) -> None:
        period = self.period.currentData() or None
        self.loose_rows = call(self.actor, boxes.loose_items, self.year.value(), period)
        self.box_rows = call(self.actor, boxes.list_boxes, self.year.value(), period)
        fill(self.loose, [(i.archive_code, i.title, i.pages) for i in self.loose_rows])
        fill(self.boxes, [_box_cells(b) for b in self.box_rows])

    def _picked(self) -> list[int]:
        return [self.loose_rows[r].id for r in selected_rows(self.loose)]

    def _run(self, action: object, *args: object) -> None:
        try:
            act(self.actor, action, *args)  # type: ignore[arg-type]
        except DomainError as exc:
            show_error(self, exc)
        self.reload()

    def new_box(self) -> None:
        self._run(boxes.create_box, self._picked(), self.thickness.currentData())

    def add_to_box(self) -> None:
        box = self._box()
        if box is not None:
            self._run(boxes.add_to_box, box.id, self._picked())

    def take_out(self) -> None:
        box = self._box()
        if box is not None:
            ids = [i.id for i in call(self.actor, boxes.box_items, box.id)]
            self._run(boxes.take_out, ids)

    def _box(self) -> boxes.BoxRow | None:
        rows = selected_rows(self.boxes)
        if not rows:
            show_error(self, DomainError("请先在右侧选择一个档案盒"))
            return None
        return self.box_rows[rows[0]]

    def edit_notes(self) -> FormDialog | None:
        box = self._box()
        if box is None:
            return None
        fields = [
            Field("remarks", "盒内文件情况说明", "long", default=box.remarks),
            Field("arranged_by", "整理人", default=box.arranged_by),
            Field("arranged_on", "整理日期", "date", default=box.arranged_on or clock.today()),
            Field("checked_by", "检查人", default=box.checked_by),
            Field("checked_on", "检查日期", "date", default=box.checked_on),
        ]

        def save(values: dict[str, object]) -> None:
            act(self.actor, boxes.save_notes, box.id, boxes.BoxNotes(**values))  # type: ignore[arg-type]

        title = f"备考表：{box.year}年度 {period_name(box.period)} 第{box.box_no}盒"
        return open_dialog(FormDialog(self, title, fields, save), self.reload)


def _box_cells(b: boxes.BoxRow) -> tuple[object, ...]:
    span = f"{b.first_no:04d}—{b.last_no:04d}" if b.count else "（空盒）"
    return (
        b.year,
        period_name(b.period),
        b.org_code,
        b.box_no,
        span,
        b.count,
        b.pages,
        f"{b.thickness_cm} 厘米",
        b.arranged_by,
        b.checked_by,
    )

"""The 装盒 tab: the year's loose 件 on the left, its boxes on the right, the 备考表 per box."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.services.archives import boxes
from app.services.archives.vocab import PERIOD_NAMES, period_name
from app.services.context import Actor
from app.services.errors import DomainError
from app.services.registry import ExportQuery
from app.ui import ops
from app.ui.archives.common import (
    REGISTER,
    Prints,
    conflict_aware,
    fill,
    named,
    read,
    selected_rows,
    table,
    year_box,
)
from app.ui.kit import Field, FormDialog, shortcut
from app.ui.messages import show_error
from app.ui.seals.common import open_dialog

LOOSE = ("档号", "题名", "页数")
BOXED = ("年度", "保管期限", "机构", "盒号", "起止件号", "件数", "页数", "盒厚", "整理人", "检查人")
PRINTS = [("盒脊（PDF）…", "archive-spines"), ("盒面（PDF）…", "archive-faces"),
          ("备考表（PDF）…", "archive-notes")]  # fmt: skip


class BoxesTab(QWidget):
    """装盒: pick 件 of one category, put them in a new or the selected box."""

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.year = year_box()
        self.period = named(QComboBox(), "period")
        self.period.addItem("全部保管期限", "")
        for code, name in PERIOD_NAMES.items():
            self.period.addItem(name, code)
        self.thickness = named(QComboBox(), "thickness")
        for cm in boxes.THICKNESSES:
            self.thickness.addItem(f"{cm} 厘米", cm)
        self.loose = table("looseTable", LOOSE, multi=True)
        self.boxes = table("boxesTable", BOXED, multi=False)
        self.prints = Prints(self, actor, PRINTS, self.print_query)
        self.dialog: FormDialog | None = None
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
            button = named(QPushButton(text), name)
            button.clicked.connect(slot)
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.prints.button)
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
        year, period = self.year.value(), self.period.currentData() or None
        self.loose_rows = read(self, self.actor, boxes.loose_items, year, period, empty=[])
        self.box_rows = read(self, self.actor, boxes.list_boxes, year, period, empty=[])
        fill(self.loose, [(i.archive_code, i.title, i.pages) for i in self.loose_rows])
        fill(self.boxes, [_box_cells(b) for b in self.box_rows])

    def print_query(self) -> ExportQuery:
        period = self.period.currentData() or None
        return ExportQuery(year=self.year.value(), options={"period": period} if period else {})

    def _picked(self) -> list[int]:
        return [self.loose_rows[r].id for r in selected_rows(self.loose)]

    def _run(self, action: Any, *args: Any) -> None:
        ops.change(self, self.actor, lambda s: action(s, *args) or True, touches=(REGISTER,))
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
            self._run(lambda s, box_id: boxes.take_out(s, [i.id for i in
                      boxes.box_items(s, box_id)]), box.id)  # fmt: skip

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
            notes = boxes.BoxNotes(**values)  # type: ignore[arg-type]
            work = lambda s: boxes.save_notes(s, box.id, notes, box.version)  # noqa: E731
            ops.perform(self.actor, work, touches=(REGISTER,))

        title = f"备考表：{box.year}年度 {period_name(box.period)} 第{box.box_no}盒"
        self.dialog = conflict_aware(FormDialog(self, title, fields, save), self._notes_again)
        return open_dialog(self.dialog, self.reload)

    def _notes_again(self) -> None:
        """重新载入 after a stale 备考表: the list and the form again, with what was saved."""
        box = self._box()
        if self.dialog is not None:
            self.dialog.reject()
        self.reload()
        ids = [b.id for b in self.box_rows]
        if box is not None and box.id in ids:
            self.boxes.selectRow(ids.index(box.id))
            self.edit_notes()


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

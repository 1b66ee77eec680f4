"""排班 tab: pick a range, generate, see each person's tally; change a day; 换班; export."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.services.context import Actor
from app.services.duty import changes, config, roster
from app.services.duty.staff import people
from app.services.registry import ExportQuery, file_stem
from app.services.transfer import export_file
from app.ui import ops
from app.ui.duty.common import (
    DUTY,
    Message,
    date_of,
    fill,
    kept_selection,
    open_import,
    selected_key,
    table,
)
from app.ui.duty.dialogs import EditDayDialog, SwapDialog
from app.ui.duty.practice_dialog import PracticeDialog
from app.ui.kit import DateEdit, FormDialog, empty_hint

DAY_HEADERS = ("日期", "星期", "类型", "节日", "班次", "带班领导", "值班人员", "备注")
TALLY_HEADERS = ("姓名", "身份", "工作日", "周末", "节假日", "加权", "本年节假日")


class RosterTab(QWidget):
    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.dialog: FormDialog | None = None  # the open 调整/换班/班次规则 dialog
        self.message = Message()
        self.notice = Message()
        start = clock.today()
        self.start, self.end = DateEdit(required=True), DateEdit(required=True)
        self.start.setDate(start)
        self.end.setDate(start + timedelta(30))
        self.generate_button = QPushButton("生成排班")
        self.show_button = QPushButton("查看")
        self.edit_button, self.swap_button = QPushButton("调整当日…"), QPushButton("换班…")
        self.export_button = QPushButton("导出值班表…")
        self.import_button = QPushButton("导入排班…")
        self.import_button.clicked.connect(lambda: self.import_from(None))
        self.practice_button = QPushButton("班次规则…")
        self.practice_button.clicked.connect(self.edit_practice)
        QShortcut(QKeySequence("Ctrl+E"), self).activated.connect(self.choose_export)
        self.generate_button.clicked.connect(self.generate)
        self.show_button.clicked.connect(self.reload)
        self.end.returnPressed.connect(self.reload)
        self.edit_button.clicked.connect(self.edit_day)
        self.swap_button.clicked.connect(self.swap)
        self.export_button.clicked.connect(self.choose_export)
        for edit in (self.start, self.end):
            edit.setFixedWidth(120)
        self.days = table(DAY_HEADERS)
        self.tally = table(TALLY_HEADERS)
        self.empty = empty_hint(
            self.days, "这段日子还没有排班：先在“人员”页登记值班人员，再选好起止日期点“生成排班”。"
        )
        self.history = QLabel("")
        self.history.setWordWrap(True)
        self._layout()
        self.reload()
        # a person or a leave saved on 人员, a day corrected in the calendar: read again
        ops.watch(self, (*DUTY, "日历"), kept_selection(self.days, self.reload))

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.setSpacing(6)
        for w in (
            QLabel("从"),
            self.start,
            QLabel("到"),
            self.end,
            self.show_button,
            self.generate_button,
            self.edit_button,
            self.swap_button,
            self.export_button,
            self.import_button,
            self.practice_button,
        ):
            top.addWidget(w)
        top.addStretch(1)
        split = QSplitter()
        split.addWidget(self.days)
        right = QWidget()
        column = QVBoxLayout(right)
        column.addWidget(QLabel("每人班次统计"))
        column.addWidget(self.tally, 1)
        column.addWidget(self.history)
        split.addWidget(right)
        split.setSizes([760, 480])
        outer = QVBoxLayout(self)
        outer.addLayout(top)
        outer.addWidget(self.notice)
        outer.addWidget(split, 1)
        outer.addWidget(self.message)

    def import_from(self, path: Path | None) -> QWidget:
        """A roster drawn up in Excel (日期, 带班领导, 值班人员): checked and imported in the
        background; a day already planned is replaced, and undone in 设置 → 导入记录."""
        self.import_dialog = open_import(self, self.actor, "roster", self.reload, path)
        return self.import_dialog

    def _range(self) -> tuple[date, date] | None:
        start = date_of(self.start.text(), self.message, "开始日期")
        end = date_of(self.end.text(), self.message, "结束日期") if start else None
        return (start, end) if start and end else None

    def generate(self) -> None:
        span = self._range()
        if span is None:
            return
        result = ops.change(
            self.message, self.actor, lambda s: roster.generate(s, *span), touches=DUTY
        )
        if result is None:
            return
        self._show(result.days, result.tallies)
        if result.warnings:
            self.notice.error("\n".join(result.warnings))
        else:
            self.notice.setText("")
        self.message.ok(f"已生成并保存 {len(result.days)} 天的排班")

    def reload(self) -> None:
        span = self._range()
        if span is None:
            return

        def load(s: Any) -> tuple[Any, ...]:
            days = roster.roster(s, *span)
            return days, roster.tallies(s, *span, days), changes.swaps(s, *span)

        loaded = ops.query(self.message, self.actor, load)
        if loaded is not None:
            self._show(loaded[0], loaded[1])
            lines = [_swap_line(w) for w in loaded[2]]
            self.history.setText("换班记录：\n" + "\n".join(lines) if lines else "")

    def _show(self, days: list[roster.RosterDayRow], tallies: list[roster.TallyRow]) -> None:
        self.rows = {r.day: r for r in days}
        fill(
            self.days,
            [
                (
                    f"{r.day:%Y-%m-%d}",
                    r.weekday,
                    r.kind,
                    r.holiday,
                    r.shift,
                    f"{r.leader.name} {r.leader.phone}",
                    "、".join(f"{p.name} {p.phone}" for p in r.staff),
                    r.note,
                )
                for r in days
            ],
            [r.day for r in days],
        )
        fill(
            self.tally,
            [
                (t.name, t.role, t.workday, t.weekend, t.holiday, t.points, t.year_holiday)
                for t in tallies
            ],
            [t.person_id for t in tallies],
        )

    def _selected(self) -> roster.RosterDayRow | None:
        day = selected_key(self.days)
        if day is None:
            self.message.error("请先在排班表中选中一天")
        return None if day is None else self.rows.get(day)

    def edit_day(self) -> None:
        self._open(EditDayDialog)

    def swap(self) -> None:
        self._open(SwapDialog)

    def _open(self, kind: type[EditDayDialog] | type[SwapDialog]) -> None:
        row = self._selected()
        everyone = ops.query(self.message, self.actor, people) if row else None
        if row is None or everyone is None:
            return
        self.dialog = kind(self.actor, row, everyone)
        self.dialog.accepted.connect(self._changed)
        self.dialog.reload = self.reload  # 重新载入 after someone changed the day first
        self.dialog.open()

    def edit_practice(self) -> None:
        current = ops.query(self.message, self.actor, config.practice)
        if current is not None:
            self.dialog = PracticeDialog(self.actor, current)
            self.dialog.reload = self.edit_practice  # 重新载入: the dialog again, as saved
            self.dialog.accepted.connect(
                lambda: self.message.ok("已保存班次规则，下次生成排班时使用")
            )
            self.dialog.open()

    def _changed(self) -> None:
        self.message.ok("已保存调整")
        self.reload()

    def choose_export(self) -> None:
        span = self._range()
        if span is None:
            return
        name = file_stem("节假日值班表", ExportQuery(date_from=span[0], date_to=span[1])) + ".xlsx"
        path, _ = QFileDialog.getSaveFileName(
            self, "导出节假日值班表", name, "Excel (*.xlsx);;PDF (*.pdf)"
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        span = self._range()
        if span is None:
            return
        query = ExportQuery(date_from=span[0], date_to=span[1])
        count = ops.query(self.message, self.actor, lambda s: export_file(s, "roster", path, query))
        if count is not None:
            self.message.ok(f"已导出 {count} 天到 {path.name}")


def _swap_line(w: changes.SwapRow) -> str:
    trade = f"（换{w.day_b:%m-%d}）" if w.day_b else "（代班）"
    return f"{w.day_a:%m-%d} {w.person_a}→{w.person_b}{trade} 经{w.consent_by}同意 {w.reason}"

"""节假日: a month view of holidays and 调休, seeded from chinesecalendar, corrected by day."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.services import calendar
from app.services.context import Actor, Perm
from app.services.visits import queries as visits
from app.ui import ops
from app.ui.kit import FormDialog
from app.ui.widgets import roomy

COLOURS = {"节假日": "#fde2e1", "调休上班": "#dbe7f7", "周末": "#f0f2f4", "工作日": "#ffffff"}
WEEK = ("一", "二", "三", "四", "五", "六", "日")


class DayDialog(FormDialog):
    """Set one day to 节假日, 调休上班 or back to 普通 (the ordinary week)."""

    def __init__(self, actor: Actor, info: calendar.DayInfo, parent: QWidget) -> None:
        title = f"设置 {info.day.isoformat()}（{calendar.weekday_name(info.day)}）"
        super().__init__(parent, title, ok_text="保存")
        self.actor, self.day, self.seen = actor, info.day, info  # the day as the month showed it
        self.kind = self.add("kind", "类型：", QComboBox())
        self.kind.addItems([calendar.HOLIDAY, calendar.SHIFTED_WORKDAY, calendar.PLAIN])
        self.kind.setCurrentText(info.kind if info.kind in calendar.KINDS else calendar.PLAIN)
        self.name = self.add("name", "名称：", QLineEdit(info.name, placeholderText="如：春节"))
        roomy(self)

    def save(self) -> None:
        kind = self.kind.currentText()
        chosen, name = None if kind == calendar.PLAIN else kind, self.name.text().strip()
        seen = self.seen
        ops.perform(self.actor, lambda s: calendar.set_day(s, self.day, chosen, name, seen),
                    touches=("日历",))  # fmt: skip


class HolidayCalendarTab(QWidget):
    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.editable = actor.can(Perm.EDIT_REGISTERS)
        today = clock.today()
        self.year, self.month = today.year, today.month
        self.days: dict[tuple[int, int], calendar.DayInfo] = {}
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.notice = QLabel()
        self.notice.setObjectName("formError")
        self.notice.setWordWrap(True)
        self.grid = self._grid()
        self.roll = self._roll()
        self._layout()
        self.checked: set[int] = set()
        self.unknown: set[int] = set()
        for year in (today.year, today.year + 1):
            self.ensure_year(year)
        self.show_month()
        ops.watch(self, ("日历",), self.show_month)  # a day corrected on the 值班 calendar

    def _grid(self) -> QTableWidget:
        grid = QTableWidget(6, 7)
        grid.setHorizontalHeaderLabels([f"星期{d}" for d in WEEK])
        grid.verticalHeader().hide()
        grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        grid.cellDoubleClicked.connect(self.edit_cell)
        return grid

    def _layout(self) -> None:
        bar = QHBoxLayout()
        for text, step in (("‹ 上月", -1), ("本月", 0), ("下月 ›", 1)):
            button = QPushButton(text)
            button.clicked.connect(lambda _=False, s=step: self.step(s))
            bar.addWidget(button)
        bar.addSpacing(16)
        bar.addWidget(self.title)
        bar.addStretch(1)
        self.notice_button = QPushButton("粘贴国务院通知…")
        self.notice_button.clicked.connect(self.enter_notice)
        self.notice_button.setVisible(self.editable)
        bar.addWidget(self.notice_button)
        hint = QLabel("红色：节假日　蓝色：调休上班　灰色：周末。"
                      + ("双击某一天可修改。" if self.editable else ""))  # fmt: skip
        hint.setObjectName("hint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addLayout(bar)
        layout.addWidget(hint)
        layout.addWidget(self.notice)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.roll)

    def _roll(self) -> QCheckBox:
        """The 信访 rule for periods (民法典 art. 203) sits with the holidays it depends on."""
        box = QCheckBox(
            "信访期限（告知、办结、复查、复核）的最后一天是法定节假日的，"
            "顺延至节假日后的第一个工作日（民法典第二百零三条）"
        )
        box.setObjectName("rollHolidayDeadlines")
        box.setChecked(bool(ops.perform(self.actor, visits.rolls_holiday_deadlines)))
        box.setEnabled(self.actor.can(Perm.MANAGE_SETTINGS))
        box.toggled.connect(self.set_roll)
        return box

    def set_roll(self, on: bool) -> None:
        """Saved at once; the 来访 page recounts its clocks. Refused, the box goes back."""
        done = ops.change(self.notice, self.actor,
                          lambda s: visits.set_rolls_holiday_deadlines(s, on),
                          touches=("来访", "设置"))  # fmt: skip
        if done is None:
            self.roll.blockSignals(True)
            self.roll.setChecked(not on)
            self.roll.blockSignals(False)

    def ensure_year(self, year: int) -> None:
        """Seed a year the first time it is shown; remember when the package does not know it."""
        if year in self.checked:
            return
        self.checked.add(year)
        if ops.perform(self.actor, lambda s: calendar.shifts_unknown(s, year)):
            self.unknown.add(year)

    def step(self, months: int) -> None:
        if months == 0:
            self.year, self.month = clock.today().year, clock.today().month
        else:
            index = self.year * 12 + self.month - 1 + months
            self.year, self.month = divmod(index, 12)
            self.month += 1
        self.ensure_year(self.year)
        self.show_month()

    def show_month(self) -> None:
        days = ops.perform(self.actor, lambda s: calendar.month(s, self.year, self.month))
        self.title.setText(f"{self.year}年{self.month}月")
        self.notice.setText(
            f"{self.year}年节假日安排未录入：已按《全国年节及纪念日放假办法》填入法定假日，"
            "调休尚不知道。请粘贴国务院办公厅通知，或逐日设置节假日和调休上班。"
            if self.year in self.unknown
            else ""
        )
        self.grid.clearContents()
        self.days.clear()
        offset = days[0].day.weekday()
        for info in days:
            row, col = divmod(offset + info.day.day - 1, 7)
            self.days[(row, col)] = info
            self.grid.setItem(row, col, _cell(info))

    def enter_notice(self) -> None:
        """The clerk pastes the notice, checks the parsed days, saves; the year is shown."""
        from app.ui.settings.notice_dialog import NoticeDialog

        self.notice_dialog = NoticeDialog(self.actor, self)  # tests reach the open dialog here
        if self.notice_dialog.exec() == QDialog.DialogCode.Accepted and self.notice_dialog.notice:
            year = self.notice_dialog.notice.year
            self.checked.discard(year)
            self.unknown.discard(year)
            self.year, self.month = year, 1
            self.ensure_year(year)
            self.show_month()

    def edit_cell(self, row: int, col: int) -> None:
        info = self.days.get((row, col))
        if info is None or not self.editable:
            return
        self.dialog = DayDialog(self.actor, info, self)  # tests reach the open dialog here
        self.dialog.reload = self.show_month  # 重新载入 after someone changed the day first
        if self.dialog.exec() == QDialog.DialogCode.Accepted:
            self.show_month()


def _cell(info: calendar.DayInfo) -> QTableWidgetItem:
    label = {"节假日": info.name or "休", "调休上班": "调休上班"}.get(info.kind, "")
    item = QTableWidgetItem(f"{info.day.day}\n{label}")
    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
    item.setBackground(QBrush(QColor(COLOURS.get(info.kind, "#ffffff"))))
    if info.kind == "节假日":
        item.setForeground(QBrush(QColor("#9b1c1c")))
    return item

"""日历 tab: a month of holidays and 调休 from the State Council notice, correctable by hand."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.services import calendar as cal
from app.services.context import Actor
from app.services.duty.roster import ensure_calendar
from app.ui import ops
from app.ui.duty.common import Message

COLOURS = {cal.HOLIDAY: "#fde0dc", cal.SHIFTED_WORKDAY: "#dce8fd", "周末": "#f2f2f2"}
CHOICES = (cal.HOLIDAY, cal.SHIFTED_WORKDAY, "普通（按星期）")


class DutyCalendarTab(QWidget):
    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.message = Message()
        self.notice = Message()
        today = clock.today()
        self.shown: dict[date, cal.DayInfo] = {}
        self.year, self.month = QSpinBox(), QSpinBox()
        self.year.setRange(2004, 2100)
        self.year.setValue(today.year)
        self.month.setRange(1, 12)
        self.month.setValue(today.month)
        self.year.valueChanged.connect(self.reload)
        self.month.valueChanged.connect(self.reload)
        self.grid = QTableWidget(6, 7)
        self.grid.setHorizontalHeaderLabels([f"星期{c}" for c in "一二三四五六日"])
        self.grid.verticalHeader().setVisible(False)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.kind = QComboBox()
        self.kind.addItems(CHOICES)
        self.name = QLineEdit()
        self.name.setPlaceholderText("名称，如 国庆节、本地活动")
        self.apply = QPushButton("修改所选日期")
        self.apply.clicked.connect(self.correct)
        self._layout()
        self.reload()
        ops.watch(self, ("日历",), self.reload)  # 设置 → 节假日 corrected a day

    def _layout(self) -> None:
        top = QHBoxLayout()
        for w in (self.year, self.month):
            top.addWidget(w)
        top.addStretch(1)
        edit = QHBoxLayout()
        for widget in (self.kind, self.name, self.apply):
            edit.addWidget(widget)
        outer = QVBoxLayout(self)
        outer.addLayout(top)
        outer.addWidget(self.notice)
        outer.addWidget(self.grid, 1)
        outer.addLayout(edit)
        outer.addWidget(self.message)

    def reload(self) -> None:
        year, month = self.year.value(), self.month.value()

        def load(session: Any) -> tuple[list[str], list[cal.DayInfo]]:
            warnings = ensure_calendar(session, date(year, 1, 1), date(year, 12, 31))
            return warnings, cal.month(session, year, month)

        loaded = ops.query(self.message, self.actor, load)
        if loaded is None:
            return
        warnings, days = loaded
        if warnings:
            self.notice.error(warnings[0])
        else:
            self.notice.setText("")
        kept = self.selected_day()  # clearContents drops the current item with the rest
        self.grid.clearContents()
        self.shown = {info.day: info for info in days}  # what a correction sends back
        offset = days[0].day.weekday()
        for info in days:
            cell = offset + info.day.day - 1
            text = f"{info.day.day}\n{_label(info)}"
            if info.source == "本地":
                text += "（本地）"
            item = QTableWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, info.day)
            item.setBackground(QColor(COLOURS.get(info.kind, "#ffffff")))
            self.grid.setItem(cell // 7, cell % 7, item)
        self.grid.resizeRowsToContents()
        if kept in self.shown:
            self._point_at(kept)

    def selected_day(self) -> date | None:
        item = self.grid.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def select(self, day: date) -> None:
        self.year.setValue(day.year)
        self.month.setValue(day.month)
        self._point_at(day)

    def _point_at(self, day: date) -> None:
        cell = date(day.year, day.month, 1).weekday() + day.day - 1
        self.grid.setCurrentCell(cell // 7, cell % 7)

    def correct(self) -> None:
        day = self.selected_day()
        if day is None:
            self.message.error("请先点选要修改的日期")
            return
        choice = self.kind.currentText()
        kind = choice if choice in cal.KINDS else None
        name = self.name.text().strip()
        seen = self.shown.get(day)
        if not ops.change(
            self.message,
            self.actor,
            lambda s: cal.set_day(s, day, kind, name, seen) or True,
            touches=("日历",),
            reload=self.reload,
        ):
            return
        self.message.ok(
            f"已将{day:%Y年%m月%d日}改为{choice}{('：' + name) if name else ''}，排班时按此处理"
        )
        self.reload()


def _label(info: cal.DayInfo) -> str:
    if info.kind == cal.SHIFTED_WORKDAY:
        return f"调休上班（{info.name}）" if info.name else "调休上班"
    return info.name or info.kind

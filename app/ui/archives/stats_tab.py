"""The 统计 tab: the 档案室基本情况年报 figures, and 件 per 年度 as stacked bars."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.reports.archives import StatsReturn
from app.services.archives import stats
from app.services.context import Actor
from app.services.registry import ExportQuery
from app.ui import ops
from app.ui.archives.common import REGISTER, Prints, fill, named, read, table, year_box

COLOURS = (QColor("#1565c0"), QColor("#2e7d32"), QColor("#ef6c00"))  # 永久, 定期30年, 定期10年


class HoldingsChart(QWidget):
    """One bar per 年度, stacked by 保管期限 (PySide6-Essentials has no QtCharts)."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("holdingsChart")
        self.figures: StatsReturn | None = None
        self.setMinimumHeight(200)

    def show_figures(self, figures: StatsReturn) -> None:
        self.figures = figures
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.figures is not None:
            self._legend(painter, self.figures)
            self._bars(painter, self.figures)
        painter.end()

    def _legend(self, painter: QPainter, figures: StatsReturn) -> None:
        x = 10.0
        for colour, name in zip(COLOURS, figures.periods, strict=False):
            painter.fillRect(QRectF(x, 6, 12, 12), colour)
            painter.drawText(QRectF(x + 16, 2, 80, 20), Qt.AlignmentFlag.AlignVCenter, name)
            x += 100

    def _bars(self, painter: QPainter, figures: StatsReturn) -> None:
        rows = list(figures.by_year)[-15:]  # the latest 15 years fit a 1366 px screen
        top, bottom = 44.0, self.height() - 22.0
        peak = max((sum(c) for _, c in rows), default=0) or 1
        slot = (self.width() - 20) / max(len(rows), 1)
        for i, (name, counts) in enumerate(rows):
            x, base = 10 + i * slot + slot * 0.2, bottom
            for colour, count in zip(COLOURS, counts, strict=False):
                h = (bottom - top) * count / peak
                painter.fillRect(QRectF(x, base - h, slot * 0.6, h), colour)
                base -= h
            painter.drawText(
                QRectF(x - 10, bottom + 2, slot * 0.6 + 20, 18), Qt.AlignmentFlag.AlignCenter, name
            )
            painter.drawText(
                QRectF(x - 10, base - 18, slot * 0.6 + 20, 16),
                Qt.AlignmentFlag.AlignCenter,
                str(sum(counts)),
            )


class StatsTab(QWidget):
    """Pick a year: its figures, holdings by 年度 × 保管期限 and the chart."""

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.year = year_box(None)
        self.year.setValue(self.year.value() + 1)  # the return is for the year now running
        self.summary = named(QLabel(), "statsSummary")
        self.holdings = table(
            "holdingsTable", ("年度", "永久", "定期30年", "定期10年", "合计"), False
        )
        self.chart = HoldingsChart()
        bar = QHBoxLayout()
        bar.addWidget(QLabel("年报年度"))
        bar.addWidget(self.year)
        bar.addWidget(self.summary, 1)
        self.prints = Prints(self, actor, [("档案室基本情况年报…", "archive-stats")],
                             lambda: ExportQuery(year=self.year.value()))  # fmt: skip
        bar.addWidget(self.prints.button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.chart, 2)
        layout.addWidget(self.holdings, 1)
        self.year.valueChanged.connect(self.reload)
        ops.watch(self, (REGISTER,), self.reload)  # a change on another 档案 tab
        self.reload()

    def reload(self) -> None:
        f = read(self, self.actor, stats.annual_return, self.year.value(), empty=None)
        if f is None:
            return
        self.summary.setText(
            f"在库 {f.held} 件；本年新增归档 {f.added} 件，借阅 {f.loan_people} 人次 "
            f"{f.loan_items} 件次，销毁 {f.destroyed} 件，移交 {f.transferred} 件"
        )
        fill(self.holdings, [(name, *counts, sum(counts)) for name, counts in f.by_year])
        self.chart.show_figures(f)

"""Monthly counts as bars, painted with QPainter (PySide6-Essentials has no QtCharts)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from app.services.visits.queries import MonthCount

BAR = QColor("#1565c0")
LATE = QColor("#c62828")


class MonthChart(QWidget):
    """Twelve bars: the month's cases, its late ones stacked in red at the bottom."""

    def __init__(self) -> None:
        super().__init__()
        self.counts: list[MonthCount] = []
        self.title = ""
        self.setMinimumHeight(160)

    def set_counts(self, title: str, counts: list[MonthCount]) -> None:
        self.title, self.counts = title, counts
        self.setToolTip("，".join(f"{c.month}月{c.total}件" for c in counts if c.total))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = self.width(), self.height()
        painter.drawText(QRectF(0, 0, w, 20), Qt.AlignmentFlag.AlignCenter, self.title)
        top, bottom = 40.0, h - 22.0
        peak = max((c.total for c in self.counts), default=0) or 1
        slot = (w - 20) / max(len(self.counts), 1)
        for i, c in enumerate(self.counts):
            x = 10 + i * slot + slot * 0.15
            bar_h = (bottom - top) * c.total / peak
            late_h = (bottom - top) * c.overdue / peak
            painter.fillRect(QRectF(x, bottom - bar_h, slot * 0.7, bar_h), BAR)
            painter.fillRect(QRectF(x, bottom - late_h, slot * 0.7, late_h), LATE)
            label = QRectF(x - 4, bottom + 2, slot * 0.7 + 8, 18)
            painter.drawText(label, Qt.AlignmentFlag.AlignCenter, f"{c.month}月")
            if c.total:
                above = QRectF(x - 4, bottom - bar_h - 18, slot * 0.7 + 8, 16)
                painter.drawText(above, Qt.AlignmentFlag.AlignCenter, str(c.total))
        painter.end()

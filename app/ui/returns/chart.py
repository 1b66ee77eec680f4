"""A plain painted bar chart (QtCharts is not in the shipped PySide6)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

BAR = QColor("#4f81bd")
AXIS = QColor("#888888")


class BarChart(QWidget):
    """Counts as bars under a title, each bar with its count above and its name below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = ""
        self.names: list[str] = []
        self.counts: list[int] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_data(self, title: str, names: Sequence[str], counts: Sequence[int]) -> None:
        self.title, self.names, self.counts = title, list(names), list(counts)
        self.setToolTip(
            "\n".join(f"{n}：{c}" for n, c in zip(self.names, self.counts, strict=True))
        )
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(480, 200)

    def minimumSizeHint(self) -> QSize:
        return QSize(240, 140)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        line = self.fontMetrics().height()
        painter.drawText(QRectF(0, 0, self.width(), line + 4), Qt.AlignmentFlag.AlignCenter,
                         self.title)  # fmt: skip
        if not self.counts:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "（没有数据）")
            return
        area = QRectF(8, line * 2 + 4, self.width() - 16, self.height() - line * 4 - 8)
        painter.setPen(AXIS)
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        top = max(self.counts) or 1
        step = area.width() / len(self.counts)
        for i, (name, count) in enumerate(zip(self.names, self.counts, strict=True)):
            height = area.height() * count / top
            bar = QRectF(
                area.left() + step * (i + 0.15), area.bottom() - height, step * 0.7, height
            )
            painter.fillRect(bar, BAR)
            painter.setPen(Qt.GlobalColor.black)
            above = QRectF(bar.left() - step * 0.15, bar.top() - line, step, line)
            painter.drawText(above, Qt.AlignmentFlag.AlignCenter, str(count))
            below = QRectF(area.left() + step * i, area.bottom() + 2, step, line * 2)
            shown = self.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight, int(step))
            painter.drawText(
                below, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, shown
            )

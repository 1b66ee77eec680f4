"""报表: every registered export, for a year or a date range, written as xlsx or pdf."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.services import registry
from app.services.context import Actor
from app.services.registry import ExportQuery, file_stem
from app.ui.exporting import export_kind
from app.ui.kit import DateEdit
from app.ui.tasks import Task
from app.ui.widgets import error_label

KIND_ROLE = 256  # Qt.UserRole: the export's registry name rides on the list item


class ReportsPage(QWidget):
    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.kinds = QListWidget()
        for kind in sorted(registry.EXPORTS.values(), key=lambda k: k.title):
            item = QListWidgetItem(kind.title)
            item.setData(KIND_ROLE, kind.name)
            self.kinds.addItem(item)
        self.kinds.setCurrentRow(0)
        self.by_year = QRadioButton("年度")
        self.by_range = QRadioButton("时间段")
        self.by_year.setChecked(True)
        self.year = QSpinBox(minimum=2000, maximum=2100, value=clock.today().year)
        self.year.setMaximumWidth(120)
        self.date_from = DateEdit()
        self.date_to = DateEdit()
        self.message = error_label()
        self._layout()

    def _layout(self) -> None:
        title = QLabel("报表")
        title.setObjectName("pageTitle")
        period = QGridLayout()
        period.setVerticalSpacing(10)
        period.addWidget(self.by_year, 0, 0)
        period.addWidget(self.year, 0, 1)
        period.addWidget(self.by_range, 1, 0)
        period.addWidget(self.date_from, 1, 1)
        period.addWidget(self.date_to, 1, 2)
        for field in (self.date_from, self.date_to):
            field.textEdited.connect(lambda _t: self.by_range.setChecked(True))
        buttons = QHBoxLayout()
        for text, suffix in (("导出 Excel", ".xlsx"), ("导出 PDF", ".pdf")):
            button = QPushButton(text)
            button.clicked.connect(lambda _=False, s=suffix: self.export(s))
            buttons.addWidget(button)
        buttons.addStretch(1)
        county = QPushButton("县里的表格…")  # fill the county's own template (issue 17)
        county.clicked.connect(self.open_returns)
        right = QVBoxLayout()
        right.addWidget(QLabel("统计期间："))
        right.addLayout(period)
        right.addWidget(self.message)
        right.addLayout(buttons)
        right.addSpacing(16)
        right.addWidget(QLabel("县里发来的表格（清单或统计表），按其原样填写："))
        right.addWidget(county, 0, Qt.AlignmentFlag.AlignLeft)
        right.addStretch(1)
        panel = QWidget()
        panel.setMaximumWidth(620)  # the period fields need not span a wide screen
        panel.setLayout(right)
        self.kinds.setMaximumWidth(360)
        body = QHBoxLayout()
        body.addWidget(self.kinds, 1)
        body.addSpacing(20)
        body.addWidget(panel, 2)
        body.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(title)
        layout.addWidget(QLabel("选择报表和统计期间，导出为 Excel 或 PDF："))
        layout.addLayout(body, 1)

    def query(self) -> ExportQuery | None:
        """The chosen period, or None (reason shown) when a date cannot be read."""
        if self.by_year.isChecked():
            self.message.clear()
            return ExportQuery(year=self.year.value())
        days = [field.date() for field in (self.date_from, self.date_to)]
        if None in days:
            self.message.setText("请填写起止日期，如 2026-01-01 至 2026.6.30")
            return None
        if days[0] > days[1]:  # type: ignore[operator]
            self.message.setText("开始日期不能晚于结束日期")
            return None
        self.message.clear()
        return ExportQuery(date_from=days[0], date_to=days[1])

    def current_kind(self) -> registry.ExportKind | None:
        item = self.kinds.currentItem()
        return None if item is None else registry.EXPORTS[item.data(KIND_ROLE)]

    def export(self, suffix: str) -> None:
        kind, query = self.current_kind(), self.query()
        if kind is None or query is None:
            return
        filters = "Excel 文件 (*.xlsx)" if suffix == ".xlsx" else "PDF 文件 (*.pdf)"
        name, _ = QFileDialog.getSaveFileName(self, f"导出{kind.title}",
                                              self.suggested_name(suffix), filters)  # fmt: skip
        if name:
            self.export_to(kind.name, Path(name), query)

    def suggested_name(self, suffix: str) -> str:
        """收文登记簿-2026.xlsx, 收文登记簿-20260101至20260630.pdf: the report and its period."""
        kind, query = self.current_kind(), self.query()
        if kind is None:
            return ""
        return file_stem(kind.title, query or ExportQuery()) + suffix

    def open_returns(self) -> None:
        from app.ui.returns.dialog import ReturnsDialog

        ReturnsDialog(self.actor, self).exec()

    def export_to(self, kind: str, path: Path, query: ExportQuery) -> Task:
        return export_kind(self, self.actor, kind, path, query)

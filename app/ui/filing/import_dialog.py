"""Import a sheet: preview its rows, check it (`第N行 列名: 原因`), then import all or nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.reports.reader import ReaderError, read_table
from app.services import registry
from app.services.context import Actor
from app.services.errors import DomainError, ImportRejected
from app.services.transfer import DryRun, import_file
from app.ui import ops
from app.ui.filing.common import FILING

PREVIEW_ROWS = 50


class ImportDialog(QDialog):
    def __init__(self, parent: QWidget, actor: Actor, kind: str, done: Callable[[], None]) -> None:
        super().__init__(parent)
        self.actor, self.kind, self.done = actor, kind, done
        self.spec = registry.IMPORTS[kind]
        self.setWindowTitle(f"导入{self.spec.title}")
        self.path = QLineEdit()
        self.path.setObjectName("path")
        browse = QPushButton("选择文件…")
        browse.clicked.connect(self.browse)
        self.check_button = QPushButton("检查")
        self.check_button.clicked.connect(self.check)
        self.import_button = QPushButton("导入")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.do_import)
        self.preview = QTableWidget()
        self.errors = QListWidget()
        self.errors.setObjectName("errors")
        self.status = QLabel(
            "选择 Excel 或 CSV 文件后点“检查”：有错误时列出每一处，且不导入任何数据。"
        )
        self.status.setWordWrap(True)
        self._layout(browse)

    def _layout(self, browse: QPushButton) -> None:
        top = QHBoxLayout()
        top.addWidget(self.path, 1)
        top.addWidget(browse)
        top.addWidget(self.check_button)
        top.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(QLabel("预览："))
        layout.addWidget(self.preview, 2)
        layout.addWidget(QLabel("错误："))
        layout.addWidget(self.errors, 1)
        layout.addWidget(self.status)
        self.resize(900, 600)

    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "选择文件", "", "表格 (*.xlsx *.xls *.ods *.csv)"
        )
        if path:
            self.path.setText(path)
            self.check()

    def _show_preview(self, path: Path) -> None:
        rows = read_table(path, self.spec.columns, self.spec.required)[:PREVIEW_ROWS]
        headers = ["行号", *self.spec.columns]
        self.preview.clear()
        self.preview.setColumnCount(len(headers))
        self.preview.setHorizontalHeaderLabels(headers)
        self.preview.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, key in enumerate(["_row", *self.spec.columns]):
                value = row.get(key)
                self.preview.setItem(r, c, QTableWidgetItem("" if value is None else str(value)))

    def check(self) -> None:
        """Dry run in a unit of work that always rolls back."""
        self.errors.clear()
        self.import_button.setEnabled(False)
        path = Path(self.path.text().strip())
        try:
            self._show_preview(path)
            ops.perform(self.actor, lambda s: import_file(s, self.kind, path, dry_run=True))
        except DryRun as dry:
            self.status.setText(f"检查通过：{dry.count} 行可以导入。")
            self.import_button.setEnabled(True)
        except ImportRejected as rejected:
            self.errors.addItems([str(e) for e in rejected.errors])
            self.status.setText(rejected.message)
        except ReaderError as exc:
            self.status.setText(exc.message)
        except (DomainError, OSError) as exc:
            self.status.setText(getattr(exc, "message", str(exc)))

    def do_import(self) -> None:
        path = Path(self.path.text().strip())
        try:
            count = ops.perform(
                self.actor, lambda s: import_file(s, self.kind, path), touches=FILING
            )
        except ImportRejected as rejected:
            self.errors.addItems([str(e) for e in rejected.errors])
            self.status.setText(rejected.message)
            return
        except DomainError as exc:
            self.status.setText(exc.message)
            return
        self.status.setText(f"已导入 {count} 行。")
        self.import_button.setEnabled(False)
        self.done()

"""Import a sheet: read it once, check it and import it in the background, all or nothing.

Errors are listed as `第N行 列名: 原因`. A sheet without a required column opens the mapping
dialog (each field with a drop-down of the sheet's headers); the confirmed mapping is
remembered for sheets with the same header row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
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

from app.reports.reader import Grid, MissingColumns, rows_of
from app.services import registry
from app.services.context import Actor
from app.services.errors import DomainError, ImportRejected
from app.services.transfer import ColumnsMissing, DryRun, import_file, read_grids
from app.ui import ops
from app.ui.kit.mapping_dialog import MappingDialog

PREVIEW_ROWS = 50
# The register each import kind changes, as the pages watch them (app/ui/ops.py).
TOUCHES = {"incoming": "收文", "outgoing": "发文", "tasks": "督办", "seal-uses": "用印",
           "seals": "印章", "staff": "值班", "roster": "值班", "visits": "来访",
           "archive-items": "档案"}  # fmt: skip


@dataclass
class Checked:
    """What one background check found: the file's grids (read once), then one outcome."""

    grids: list[Grid]
    preview: list[dict[str, Any]] = field(default_factory=list)
    count: int = 0
    errors: list[str] = field(default_factory=list)
    message: str = ""
    missing: ColumnsMissing | None = None


def check_sheet(
    session: Any, kind: str, path: Path, grids: list[Grid] | None, mapping: dict[str, str] | None
) -> Checked:
    """On the worker thread: read (unless read already), preview, dry-run in a savepoint."""
    try:
        checked = Checked(read_grids(path) if grids is None else grids)
    except DomainError as exc:
        return Checked([], message=exc.message)
    spec = registry.IMPORTS[kind]
    try:
        with session.begin_nested():  # rolled back whatever happens: a dry run
            import_file(session, kind, path, dry_run=True, mapping=mapping, grids=checked.grids)
    except DryRun as dry:
        checked.count = dry.count
    except ColumnsMissing as missing:
        checked.missing, checked.message = missing, missing.message
        return checked
    except ImportRejected as rejected:
        checked.errors, checked.message = [str(e) for e in rejected.errors], rejected.message
    except DomainError as exc:
        checked.message = exc.message
    checked.preview = _preview(checked.grids, path.name, spec, mapping)
    return checked


def _preview(
    grids: list[Grid], name: str, spec: registry.ImportKind, mapping: dict[str, str] | None
) -> list[dict[str, Any]]:
    try:
        return rows_of(grids, name, spec.columns, spec.required, mapping)[:PREVIEW_ROWS]
    except MissingColumns:
        return []


class _Line:
    """The dialog's status line as the place ops reports a failed background import."""

    def __init__(self, dialog: ImportDialog) -> None:
        self.dialog = dialog

    def error(self, text: str) -> None:
        self.dialog.status.setText(text)
        self.dialog.check_button.setEnabled(True)


class ImportDialog(QDialog):
    def __init__(
        self, parent: QWidget, actor: Actor, kind: str, on_imported: Callable[[], None]
    ) -> None:
        super().__init__(parent)
        # not self.done: that would hide QDialog.done(), which Esc and the close button call
        self.actor, self.kind, self.on_imported = actor, kind, on_imported
        self.spec = registry.IMPORTS[kind]
        self.grids: list[Grid] | None = None
        self.mapping: dict[str, str] | None = None
        self.task: Any = None
        self.mapping_dialog: MappingDialog | None = None
        self.setWindowTitle(f"导入{self.spec.title}")
        self._widgets()
        self._layout()

    def _widgets(self) -> None:
        self.path = QLineEdit()
        self.path.setObjectName("path")
        self.path.textChanged.connect(self._forget)
        self.browse_button = QPushButton("选择文件…")
        self.browse_button.clicked.connect(self.browse)
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
        self.buttons = QDialogButtonBox()
        self.close_button = self.buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.rejected.connect(self.reject)

    def _layout(self) -> None:
        top = QHBoxLayout()
        for widget in (self.browse_button, self.check_button, self.import_button):
            top.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addWidget(self.path)
        layout.addLayout(top)
        layout.addWidget(QLabel("预览："))
        layout.addWidget(self.preview, 2)
        layout.addWidget(QLabel("错误："))
        layout.addWidget(self.errors, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(900, 600)

    def _forget(self) -> None:
        """Another file: read it afresh, with no mapping chosen for the last one."""
        self.grids, self.mapping = None, None
        self.import_button.setEnabled(False)

    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "选择文件", "", "表格 (*.xlsx *.xls *.ods *.csv)"
        )
        if path:
            self.path.setText(path)
            self.check()

    def _file(self) -> Path:
        return Path(self.path.text().strip())

    def check(self) -> None:
        """Read (once) and dry-run in the background; the result shows when it comes."""
        self.errors.clear()
        self.import_button.setEnabled(False)
        self.check_button.setEnabled(False)
        self.status.setText("正在检查…")
        path, grids, mapping = self._file(), self.grids, self.mapping
        self.task = ops.in_background(
            self, self.actor, "正在读取和检查表格…",
            lambda s, _token: check_sheet(s, self.kind, path, grids, mapping),
            on_done=self._checked, errors=_Line(self),
        )  # fmt: skip
        self.task.on_cancelled = lambda: self.check_button.setEnabled(True)

    def _checked(self, checked: Checked) -> None:
        self.check_button.setEnabled(True)
        self.grids = checked.grids or None
        self._show_preview(checked.preview)
        self.errors.addItems(checked.errors)
        if checked.missing is not None:
            self.status.setText(checked.missing.message)
            self.ask_mapping(checked.missing)
        elif checked.count:
            self.status.setText(f"检查通过：{checked.count} 行可以导入。")
            self.import_button.setEnabled(True)
        else:
            self.status.setText(checked.message)

    def ask_mapping(self, missing: ColumnsMissing) -> None:
        """Each field the program needs, with a drop-down of the sheet's own headers."""
        dialog = MappingDialog(self, self.spec, missing.found, self.grids or [])
        dialog.accepted.connect(lambda: self._mapped(dialog.mapping()))
        self.mapping_dialog = dialog
        dialog.open()

    def _mapped(self, mapping: dict[str, str]) -> None:
        self.mapping = mapping
        self.check()

    def _show_preview(self, rows: list[dict[str, Any]]) -> None:
        headers = ["行号", *self.spec.columns]
        self.preview.clear()
        self.preview.setColumnCount(len(headers))
        self.preview.setHorizontalHeaderLabels(headers)
        self.preview.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, key in enumerate(["_row", *self.spec.columns]):
                value = row.get(key)
                self.preview.setItem(r, c, QTableWidgetItem("" if value is None else str(value)))

    def do_import(self) -> None:
        self.import_button.setEnabled(False)
        path, grids, mapping = self._file(), self.grids, self.mapping
        self.task = ops.in_background(
            self, self.actor, "正在导入…",
            lambda s, _token: import_file(s, self.kind, path, mapping=mapping, grids=grids),
            on_done=self._imported, touches=(TOUCHES.get(self.kind, ""),), errors=_Line(self),
        )  # fmt: skip

    def _imported(self, count: int) -> None:
        self.status.setText(f"已导入 {count} 行。可在 设置 → 导入记录 中撤销这次导入。")
        self.on_imported()

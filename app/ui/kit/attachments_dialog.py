"""附件 dialog: a record's scanned files — add, open, save a copy, delete (never under a 密级).

Usage::

    dialog = AttachmentsDialog(page, actor, "收文", doc_id, "收〔2026〕12号 关于…的通知")
    dialog.changed.connect(page.refresh_count)   # a file was added or deleted
    dialog.open()

The file pickers and the hand-off to the system viewer are methods (``pick_files``,
``pick_save_path``, ``launch``) so tests replace them instead of opening native windows.
"""

from __future__ import annotations

import math
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services import attachments
from app.services.attachments import AttachmentRow
from app.services.context import Actor
from app.services.errors import DomainError, StorageError
from app.ui import ops
from app.ui.kit.forms import ERROR_LABEL_STYLE
from app.ui.messages import confirm, error_text

HEADERS = ("文件名", "格式", "大小", "添加时间", "添加人")
SCANS = "扫描件 (*.pdf *.ofd *.jpg *.jpeg *.png *.tif *.tiff);;所有文件 (*)"
REFUSAL_STYLE = "background: #fff4e5; border: 1px solid #f0b429; padding: 8px; color: #5c3c00;"
TITLE_LIMIT = 60


def size_text(size: int) -> str:
    """As Windows Explorer shows it: whole KB rounded up, MB to one decimal."""
    if size < 1024 * 1024:
        return f"{math.ceil(size / 1024):,} KB"
    return f"{size / (1024 * 1024):,.1f} MB"


def _cells(row: AttachmentRow) -> tuple[str, ...]:
    added = f"{row.added_at.astimezone():%Y-%m-%d %H:%M}"
    return (row.original_name, row.file_format.upper(), size_text(row.size), added,
            row.added_by)  # fmt: skip


def _file_problem(exc: OSError) -> str:
    return (f"文件读写失败（{exc.strerror or exc}），本次操作未完成。"
            "请确认文件没有被其他程序占用、磁盘还有空间。")  # fmt: skip


class AttachmentsDialog(QDialog):
    changed = Signal()  # a file was added or deleted: the page updates its count

    last_dir = ""  # the scans folder the clerk last picked from, for every record

    def __init__(self, parent: QWidget, actor: Actor, owner_kind: str, owner_id: int,
                 label: str) -> None:  # fmt: skip
        super().__init__(parent)
        self.actor, self.owner_kind, self.owner_id = actor, owner_kind, owner_id
        self.rows: list[AttachmentRow] = []
        heading = f"{owner_kind} {label}".strip()
        short = heading if len(heading) <= TITLE_LIMIT else heading[: TITLE_LIMIT - 1] + "…"
        self.setWindowTitle(f"附件 — {short}")
        self._build(heading)
        self.resize(820, 420)
        self.load()

    def _build(self, heading: str) -> None:
        title = QLabel(heading)
        title.setWordWrap(True)
        title.setStyleSheet("font-weight: bold;")
        self.refusal = QLabel()
        self.refusal.setObjectName("refusal")
        self.refusal.setWordWrap(True)
        self.refusal.setStyleSheet(REFUSAL_STYLE)
        self.refusal.hide()
        self.table = self._table()
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_LABEL_STYLE)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.refusal)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addLayout(self._buttons())

    def _table(self) -> QTableWidget:
        table = QTableWidget(0, len(HEADERS))
        table.setObjectName("files")
        table.setHorizontalHeaderLabels(list(HEADERS))
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.activated.connect(lambda _i: self.open_selected())  # double-click or Enter
        table.itemSelectionChanged.connect(self._enable)
        delete = QShortcut(QKeySequence.StandardKey.Delete, table)
        delete.activated.connect(self.delete_selected)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        return table

    def _buttons(self) -> QHBoxLayout:
        self.add_button = QPushButton("添加…")
        self.open_button = QPushButton("打开")
        self.save_button = QPushButton("另存为…")
        self.delete_button = QPushButton("删除")
        close = QPushButton("关闭")
        row = QHBoxLayout()
        for button, slot in ((self.add_button, self.add_files),
                             (self.open_button, self.open_selected),
                             (self.save_button, self.save_selected),
                             (self.delete_button, self.delete_selected)):  # fmt: skip
            button.setAutoDefault(False)  # Enter in the list opens the file, not a button
            button.clicked.connect(lambda _c=False, s=slot: s())
            row.addWidget(button)
        row.addStretch(1)
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        row.addWidget(close)
        return row

    # The native windows a test cannot drive: tests replace these three.
    def pick_files(self) -> list[str]:
        paths, _ = QFileDialog.getOpenFileNames(self, "选择要添加的扫描件", self.last_dir, SCANS)
        return paths

    def pick_save_path(self, name: str) -> str:
        start = str(Path(self.last_dir or Path.home()) / name)
        path, _ = QFileDialog.getSaveFileName(self, "附件另存为", start)
        return path

    def launch(self, path: Path) -> bool:
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def load(self, select: int | None = None) -> None:
        """Re-read the files, and ask the service whether more may be added (and why not)."""
        owner = (self.owner_kind, self.owner_id)
        found = self._run(
            lambda s: (attachments.list_for(s, *owner), attachments.refusal(s, *owner))
        )
        if found is None:
            return
        self.rows, refusal = found
        self.refusal.setText(refusal or "")
        self.refusal.setVisible(bool(refusal))
        self.add_button.setEnabled(refusal is None)
        self.add_button.setToolTip(refusal or "可一次选择多个文件（PDF、OFD、JPG、PNG、TIF）")
        self._fill(select)

    def _fill(self, select: int | None) -> None:
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            for c, text in enumerate(_cells(row)):
                item = QTableWidgetItem(text)
                if c == 0:
                    item.setToolTip(text)  # a long scan name is cut short in the column
                if c == 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(r, c, item)
        ids = [row.id for row in self.rows]
        if ids:
            self.table.selectRow(ids.index(select) if select in ids else 0)
        self._enable()

    def _enable(self) -> None:
        chosen = self.selected() is not None
        for button in (self.open_button, self.save_button, self.delete_button):
            button.setEnabled(chosen)

    def selected(self) -> AttachmentRow | None:
        row = self.table.currentRow()
        picked = self.table.selectionModel().hasSelection()
        return self.rows[row] if picked and 0 <= row < len(self.rows) else None

    def add_files(self) -> None:
        paths = [Path(p) for p in self.pick_files()]
        if not paths:
            return
        AttachmentsDialog.last_dir = str(paths[0].parent)
        # All picked files or none: a bad one among them leaves the record as it was.
        added = self._run(lambda s: [attachments.attach(s, self.owner_kind, self.owner_id, p)
                                     for p in paths])  # fmt: skip
        if added is not None:
            self.load(select=added[-1].id)
            self.changed.emit()

    def open_selected(self) -> None:
        # The viewer gets a copy: whatever it saves, the stored scan stays as it was added.
        row, path = self._stored(attachments.open_copy)
        if row and path and not self.launch(path):
            self.error.setText(
                f"没有能打开“{row.original_name}”的程序，可用“另存为…”复制出来再打开。"
            )

    def save_selected(self) -> None:
        row, path = self._stored(attachments.open_path)
        target = self.pick_save_path(row.original_name) if row and path else ""
        if not (path and target):
            return
        try:
            shutil.copyfile(path, target)
        except OSError as exc:
            self.error.setText(_file_problem(exc))
            return
        AttachmentsDialog.last_dir = str(Path(target).parent)

    def _stored(
        self, path_of: Callable[[Any, int], Path]
    ) -> tuple[AttachmentRow | None, Path | None]:
        """The selected file and the service's path for it (None if it has gone missing)."""
        row = self.selected()
        if row is None:
            return None, None
        return row, self._run(lambda s: path_of(s, row.id))

    def delete_selected(self) -> None:
        row = self.selected()
        if row is None or not self.confirm(f"删除附件“{row.original_name}”？删除后不能恢复。"):
            return
        if self._run(lambda s: attachments.remove(s, row.id)) is not None:
            self.load()
            self.changed.emit()

    def confirm(self, text: str) -> bool:
        return confirm(self, text, "删除附件")

    def _run(self, work: Callable[[Any], Any]) -> Any:
        """One unit of work: its result (True if it gives none), or None when refused.

        A refusal shows as the service's Chinese message; the unit of work rolled back.
        """
        self.error.setText("")
        try:
            result = ops.perform(self.actor, work, touches=("附件",))
        except (DomainError, StorageError) as exc:
            self.error.setText(error_text(exc))
            return None
        except OSError as exc:  # the scan is locked by another program, or the disk is full
            self.error.setText(_file_problem(exc))
            return None
        return True if result is None else result

"""设置 → 备份与恢复: the list of backups, back up now, to a USB stick, restore from a file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services import backup, server_backup
from app.services.context import Actor, Perm
from app.services.errors import DomainError, StorageError
from app.ui.kit import empty_hint
from app.ui.tasks import Task, run_task

HEADERS = ("备份时间", "类型", "大小", "文件名")
RESTART_HINT = "请关闭并重新打开本程序，让所有页面显示恢复后的数据。"


def _size_text(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{max(1, round(size / 1e3))} KB"


_RESTORE_WARNING = (
    "恢复会用备份中的数据替换现在的全部数据。程序会先检查备份文件是否完好，"
    "并把现在的数据另存一份“恢复前”副本（列在本页），需要时仍可找回。"
    "另一台电脑或命令行正打开这份数据时不能恢复，程序会说明是谁在使用。"
)
# On the server the data replaced stays on the server as a database, not a file on this page.
_RESTORE_WARNING_SERVER = (
    "恢复会用备份中的数据替换办公室服务器上的全部数据。程序会先把备份恢复到一个新数据库并检查，"
    "检查通过才替换；现在的数据库改名保留在服务器上（…_before_…），需要时仍可找回。"
    "其他电脑正连接服务器时不能恢复，程序会说明是谁在使用。"
)


class BackupListModel(QAbstractTableModel):
    """The copies in backups/, newest first (a short list: no paging needed)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[backup.BackupInfo] = []

    def reload(self) -> None:
        self.beginResetModel()
        # on the office server the copies are pg_dump files in this PC's backups folder
        self._rows = server_backup.list_dumps() if _on_server() else backup.list_backups()
        self.endResetModel()

    def info(self, row: int) -> backup.BackupInfo:
        return self._rows[row]

    def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        b = self._rows[index.row()]
        values = (f"{b.taken_at:%Y-%m-%d %H:%M:%S}", b.kind, _size_text(b.size), b.path.name)
        return values[index.column()]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None


class BackupPanel(QWidget):
    """The 备份与恢复 tab of 设置."""

    finished = Signal(bool)  # one job is over (True: it succeeded); tests wait on it
    restored = Signal(str)  # the database was replaced: the window should be re-opened

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self._task: Task | None = None
        self.model = BackupListModel(self)
        self.table = self._make_table()
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.backup_button = QPushButton("立即备份")
        self.usb_button = QPushButton("备份到…")
        self.restore_selected_button = QPushButton("恢复所选备份…")
        self.restore_file_button = QPushButton("从文件恢复…")
        self._lay_out()
        self._connect()
        self.model.reload()

    def _make_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        self.empty = empty_hint(
            table, "还没有备份：点“立即备份”做第一份，再用“备份到…”存一份到U盘。"
        )
        return table

    def _lay_out(self) -> None:
        intro = QLabel(
            "程序每天自动备份一次，退出时若有改动也会备份；保留最近 30 份，另每月保留一份。"
            "请定期“备份到…”U盘，并把U盘放在别处保管。"
        )
        intro.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.backup_button, self.usb_button, self.restore_selected_button,
                       self.restore_file_button):  # fmt: skip
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        can_restore = self.actor.can(Perm.RESTORE)
        self.restore_selected_button.setEnabled(can_restore)
        self.restore_file_button.setEnabled(can_restore)
        self.usb_button.setEnabled(self.actor.can(Perm.MANAGE_SETTINGS))
        if not can_restore:
            self.restore_file_button.setToolTip("只有管理员可以恢复备份")

    def _connect(self) -> None:
        self.backup_button.clicked.connect(self.back_up_now)
        self.usb_button.clicked.connect(self.back_up_to_folder)
        self.restore_selected_button.clicked.connect(self.restore_selected)
        self.restore_file_button.clicked.connect(self.restore_from_file)

    # The file pickers are the only dialogs a test cannot type into: they are hooks.
    def pick_folder(self) -> str:
        return QFileDialog.getExistingDirectory(self, "选择备份到的文件夹（如U盘）")

    def pick_backup_file(self) -> str:
        kinds = "*.dump" if _on_server() else "*.sqlite3 *.db"
        chosen, _ = QFileDialog.getOpenFileName(
            self, "选择备份文件", "", f"备份文件 ({kinds});;所有文件 (*)"
        )
        return chosen

    def back_up_now(self) -> None:
        if _on_server():
            self._run("正在备份服务器数据…", lambda: server_backup.backup_now(self.actor),
                      _dump_text)  # fmt: skip
            return
        self._run("正在备份…", backup.backup_now, lambda b: f"已备份：{b.path.name}")

    def back_up_to_folder(self) -> None:
        folder = self.pick_folder()
        if folder and _on_server():
            target = Path(folder)
            self._run("正在备份服务器数据到U盘…", lambda: server_backup.backup(
                self.actor, server_backup.target_of(target, folder=True)), _dump_text)  # fmt: skip
        elif folder:
            self._run("正在备份到U盘…", lambda: backup.backup_to(self.actor, Path(folder)),
                      _usb_text)  # fmt: skip

    def restore_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self._show("请先在列表中选中要恢复的备份。", ok=False)
            return
        self._confirm_and_restore(self.model.info(rows[0].row()).path)

    def restore_from_file(self) -> None:
        chosen = self.pick_backup_file()
        if chosen:
            self._confirm_and_restore(Path(chosen))

    def _confirm_and_restore(self, path: Path) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "从备份恢复", f"用“{path.name}”恢复数据？",
                          parent=self)  # fmt: skip
        box.setObjectName("confirmRestore")
        box.setInformativeText(_RESTORE_WARNING_SERVER if _on_server() else _RESTORE_WARNING)
        restore = box.addButton("恢复", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(box.addButton("取消", QMessageBox.ButtonRole.RejectRole))
        box.exec()
        if box.clickedButton() is restore and _on_server():
            self._run("正在检查并恢复服务器数据…",
                      lambda: server_backup.restore_open(self.actor, path),
                      self._server_restored_text)  # fmt: skip
        elif box.clickedButton() is restore:
            self._run("正在检查并恢复…", lambda: backup.restore(self.actor, path),
                      self._restored_text)  # fmt: skip

    def _restored_text(self, outcome: backup.RestoreOutcome) -> str:
        self.restored.emit(str(outcome.restored_from))
        kept = outcome.safety_copy.name if outcome.safety_copy else ""
        return (f"已从“{outcome.restored_from.name}”恢复。恢复前的数据已另存为"
                f"“{kept}”。{RESTART_HINT}")  # fmt: skip

    def _server_restored_text(self, outcome: server_backup.ServerRestore) -> str:
        self.restored.emit(str(outcome.restored_from))
        return (f"已从“{outcome.restored_from.name}”恢复服务器数据。恢复前的服务器数据库保留为"
                f"“{outcome.safety_copy}”。{RESTART_HINT}")  # fmt: skip

    def _run(self, label: str, work: Callable[[], Any], text: Callable[[Any], str]) -> None:
        if self._task is not None:
            return
        self._task = run_task(
            self, label, lambda _token: work(),
            on_done=lambda result: self._done(True, text(result)),
            on_error=self._failed,
        )  # fmt: skip
        # A copy half-way through the backup API cannot be stopped: no 取消 to promise it.
        if self._task.dialog is not None:
            self._task.dialog.setCancelButton(None)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, DomainError | StorageError | OSError):
            self._done(False, _reason(exc))
            return
        self._task = None
        self.finished.emit(False)
        raise exc  # a bug: the crash dialog and the log take it

    def _done(self, ok: bool, text: str) -> None:
        self._task = None
        self.model.reload()
        self._show(text, ok)
        self.finished.emit(ok)

    def _show(self, text: str, ok: bool) -> None:
        self.message.setProperty("ok", ok)
        self.message.setStyleSheet(f"color: {'#1a7f37' if ok else '#b42318'};")
        self.message.setText(text)


def _reason(exc: DomainError | StorageError | OSError) -> str:
    if isinstance(exc, OSError):
        return f"无法读写文件：{exc.filename or ''}（{exc.strerror or exc}）"
    return exc.message


def _on_server() -> bool:
    return server_backup.on_server()


def _dump_text(made: Path) -> str:
    return f"已备份服务器数据库到 {made}（pg_dump，含附件）。"


def _usb_text(made: backup.UsbBackup) -> str:
    return (f"已备份数据库到 {made.database}；新复制附件 {made.attachments_copied} 个到 "
            f"{made.attachments_folder}。")  # fmt: skip

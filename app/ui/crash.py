"""Unexpected errors: logged with their traceback, then a calm Chinese dialog, never a crash."""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.private import private_dir, private_file
from app.ui import messages

LOG_NAME = "app.log"
_log = logging.getLogger("app")


def setup_logging(logs_dir: Path) -> Path:
    """Log to <data>/logs/app.log, rotating at 1 MB and keeping five old files."""
    path = private_file(private_dir(logs_dir) / LOG_NAME)
    root = logging.getLogger()
    if not any(getattr(h, "baseFilename", None) == str(path) for h in root.handlers):
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
        root.setLevel(logging.INFO)
    return path


class CrashDialog(QDialog):
    """What the clerk sees instead of a traceback: what to do, where the log is, the details."""

    def __init__(self, details: str, log_path: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("程序错误")
        self.details = details
        where = f"详细情况已记入日志：\n{log_path}" if log_path else "详细情况见下方。"
        self.message = QLabel(
            "程序遇到意外错误，刚才的操作可能没有完成。已保存的数据不受影响。\n"
            f"请重试一次；如仍出错，请把日志文件或下方详细信息发给维护人员。\n\n{where}"
        )
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text = QPlainTextEdit(details)
        text.setReadOnly(True)
        text.setMinimumHeight(160)
        buttons = QDialogButtonBox()
        self.copy_button = QPushButton("复制详细信息")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton("关闭", QDialogButtonBox.ButtonRole.AcceptRole)
        close.setDefault(True)
        self.copy_button.clicked.connect(self.copy_details)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(12)
        layout.addWidget(self.message)
        layout.addWidget(text, 1)
        layout.addWidget(buttons)
        self.resize(620, 420)

    def copy_details(self) -> None:
        QApplication.clipboard().setText(self.details)
        self.copy_button.setText("已复制")


class _Bridge(QObject):
    """Carries an error from any thread to the GUI thread (a queued signal)."""

    failed = Signal(object, str)


class CrashHandler:
    def __init__(self, log_path: Path | None) -> None:
        self.log_path = log_path
        self.bridge = _Bridge()
        # Queued: a worker thread's error is shown later by the GUI thread's event loop.
        self.bridge.failed.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self.showing = False

    def excepthook(self, kind: type[BaseException], exc: BaseException,
                   tb: TracebackType | None) -> None:  # fmt: skip
        if isinstance(exc, messages.EXPECTED):
            # A domain or storage error that escaped a handler: still only a message.
            _log.warning("未处理的业务错误：%s", messages.error_text(exc))
            self._deliver(exc, "")
            return
        details = "".join(traceback.format_exception(kind, exc, tb))
        _log.error("未处理的异常\n%s", details)
        self._deliver(None, details)

    def _deliver(self, expected: BaseException | None, details: str) -> None:
        if threading.current_thread() is threading.main_thread():
            self._show(expected, details)
        else:
            self.bridge.failed.emit(expected, details)

    def thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self.excepthook(args.exc_type, args.exc_value, args.exc_traceback)

    def _show(self, expected: BaseException | None, details: str) -> None:
        if self.showing:  # one dialog at a time: a repeating error must not pile up windows
            return
        self.showing = True
        # No parent: the active window may be the very dialog that is closing after the error.
        try:
            if expected is not None:
                messages.show_error(None, expected, wait=True)
            else:
                CrashDialog(details, self.log_path).exec()
        finally:
            self.showing = False


def install(log_path: Path | None) -> CrashHandler:
    """Route every uncaught exception (GUI thread and worker threads) to the crash dialog."""
    handler = CrashHandler(log_path)
    sys.excepthook = handler.excepthook
    threading.excepthook = handler.thread_hook
    return handler

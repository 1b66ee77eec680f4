"""The one way to run long work (import, export, backup, PDF) off the GUI thread.

Usage::

    def work(token: Token) -> int:
        for i, row in enumerate(rows):
            if token.cancelled:
                raise Cancelled()          # or just return early
            token.progress(i + 1, len(rows))
            ...
        return count

    run_task(self, "正在导出…", work, on_done=lambda n: self.status(f"已导出 {n} 行"))

``work`` runs on a pool thread and must not touch widgets. Work that reads or writes the
database goes through ``ops.in_background`` instead, which opens its unit of work for it.
A modal progress dialog (with 取消) shows while it runs; the result,
or the error (shown with ``show_error`` unless ``on_error`` is given), comes back on the
GUI thread. The returned Task has ``finished`` (emitted last, always) and ``dialog``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

log = logging.getLogger(__name__)


class Cancelled(Exception):
    """Raised by work that stops because the clerk pressed 取消."""


class Token:
    """Handed to the work: report progress, see whether the clerk cancelled."""

    def __init__(self, emit: Callable[[int, int, str], None]) -> None:
        self._emit = emit
        self._cancel = threading.Event()
        self._last = 0.0

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def check(self) -> None:
        """Raise Cancelled if the clerk pressed 取消 (call between steps)."""
        if self._cancel.is_set():
            raise Cancelled()

    def progress(self, done: int, total: int = 0, text: str = "") -> None:
        """done of total steps (total 0: unknown); thread-safe, cheap to call per row."""
        now = time.monotonic()
        if now - self._last < 0.05 and done < total:
            return  # at most ~20 updates a second reach the window
        self._last = now
        try:
            self._emit(done, total, text)
        except RuntimeError:  # the dialog's window has closed
            self.cancel()


class _Signals(QObject):
    progress = Signal(int, int, str)
    result = Signal(object)
    error = Signal(object)


class _Runner(QRunnable):
    def __init__(self, work: Callable[[Token], Any], token: Token, signals: _Signals) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._work, self._token, self._signals = work, token, signals

    def run(self) -> None:
        try:
            outcome = self._work(self._token)
        except BaseException as exc:  # delivered to the GUI thread, never lost
            self._deliver(self._signals.error, exc)
        else:
            self._deliver(self._signals.result, outcome)

    @staticmethod
    def _deliver(signal: Any, value: Any) -> None:
        try:
            signal.emit(value)
        except RuntimeError:  # the program is closing and the receiver is gone
            log.info("后台任务结束时窗口已关闭")


class Task(QObject):
    """A running piece of work; ``finished`` fires once, after on_done/on_error."""

    finished = Signal()

    def __init__(
        self, parent: QWidget | None, title: str, quiet: bool = False, unseen: bool = False
    ) -> None:
        super().__init__(parent)
        self.signals = _Signals()
        self.token = Token(self.signals.progress.emit)
        # quiet: a read the clerk keeps typing over; a busy cursor instead of a modal dialog
        # unseen: work the clerk did not ask for (a walk on opening): neither
        self.dialog = None if quiet or unseen else _dialog(parent, title)
        self.cursor = quiet and not unseen
        if self.cursor:
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
            _clerk.began()
        elif self.dialog is not None:
            self.dialog.canceled.connect(self._cancel)
        # Bound slots of this GUI-thread object: Qt queues the worker's emits to us.
        self.signals.progress.connect(self._progress)
        self.signals.result.connect(self._result)
        self.signals.error.connect(self._error)
        self.result: Any = None
        self.error: BaseException | None = None
        self.done = False
        self.on_done: Callable[[Any], None] | None = None
        self.on_error: Callable[[BaseException], None] | None = None
        self.on_cancelled: Callable[[], None] | None = None

    @property
    def cancelled(self) -> bool:
        return self.token.cancelled

    @Slot()
    def _cancel(self) -> None:
        self.token.cancel()
        if self.dialog is not None:
            self.dialog.setLabelText("正在取消…")

    @Slot(int, int, str)
    def _progress(self, done: int, total: int, text: str) -> None:
        if self.done or self.dialog is None:
            return
        self.dialog.setMaximum(max(total, 0))
        self.dialog.setValue(min(done, total) if total else 0)
        if text:
            self.dialog.setLabelText(text)

    @Slot(object)
    def _result(self, value: Any) -> None:
        self._finish(value, None)

    @Slot(object)
    def _error(self, exc: BaseException) -> None:
        self._finish(None, exc)

    def _finish(self, value: Any, exc: BaseException | None) -> None:
        self.done, self.result, self.error = True, value, exc
        self._close()
        try:
            if isinstance(exc, Cancelled) or (exc is None and self.cancelled):
                if self.on_cancelled:
                    self.on_cancelled()
            elif exc is not None:
                self._report(exc)
            elif self.on_done:
                self.on_done(value)
        finally:
            _running.discard(self)
            self.finished.emit()
            if self.dialog is not None:
                self.dialog.deleteLater()

    def _close(self) -> None:
        if self.cursor:
            QApplication.restoreOverrideCursor()
            _clerk.ended()
        if self.dialog is None:
            return
        self.dialog.canceled.disconnect(self._cancel)  # closing the dialog emits canceled
        self.dialog.close()

    def _report(self, exc: BaseException) -> None:
        if not isinstance(exc, Exception):
            raise exc  # KeyboardInterrupt / SystemExit are not the clerk's business
        if self.on_error is not None:
            self.on_error(exc)
            return
        from app.ui.messages import show_error

        parent = self.parent()
        show_error(parent if isinstance(parent, QWidget) else None, exc)


def _dialog(parent: QWidget | None, title: str) -> QProgressDialog:
    dialog = QProgressDialog(title, "取消", 0, 0, parent)
    dialog.setWindowTitle("请稍候")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumDuration(300)  # quick work finishes before any dialog flashes up
    dialog.setValue(0)
    return dialog


class _ClerkReads:
    """The clerk's own reads (quiet tasks) in flight, for background work to step aside.

    Written on the GUI thread, read by pool threads: plain numbers, swapped whole."""

    QUIET_S = 0.15  # a read that just came back: its rows are being painted
    HOLD_S = 3.0  # a read running longer than this no longer holds a walk back

    def __init__(self) -> None:
        self.running = 0
        self.since = 0.0  # when the running reads began
        self.ended_at = -1.0e9

    def began(self) -> None:
        if self.running == 0:
            self.since = time.monotonic()
        self.running += 1

    def ended(self) -> None:
        self.running = max(self.running - 1, 0)
        self.ended_at = time.monotonic()

    def busy(self) -> bool:
        now = time.monotonic()
        held = self.running > 0 and now - self.since < self.HOLD_S
        return held or now - self.ended_at < self.QUIET_S


_clerk = _ClerkReads()


def give_way(longest: float = 5.0) -> None:
    """Called by background work between its steps (on its pool thread): wait while the
    clerk's own reads run or are being painted, at most `longest` seconds (it must end).

    A walk holding the GIL beside a search made the search 2-3 times slower."""
    end = time.monotonic() + longest
    while _clerk.busy() and time.monotonic() < end:
        time.sleep(0.005)  # the GIL is free while it sleeps


def clerk_busy() -> bool:
    """Whether background work would wait in give_way() now (tests look)."""
    return _clerk.busy()


_running: set[Task] = set()  # keep Python wrappers alive until each task ends


def run_task(
    parent: QWidget | None,
    title: str,
    work: Callable[[Token], Any],
    *,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_cancelled: Callable[[], None] | None = None,
    quiet: bool = False,
    unseen: bool = False,
) -> Task:
    """Run work(token) on a pool thread behind a cancellable progress dialog.

    quiet: no dialog, a busy cursor (a search the clerk keeps typing over; app/ui/ops.py).
    unseen: no dialog, no cursor (work the clerk did not ask for; it calls give_way()).
    """
    task = Task(parent, title, quiet, unseen)
    task.on_done, task.on_error, task.on_cancelled = on_done, on_error, on_cancelled
    _running.add(task)
    QThreadPool.globalInstance().start(_Runner(work, task.token, task.signals))
    return task


def wait_all(timeout_ms: int = 30000) -> bool:
    """For shutdown and tests: wait until pool threads are idle."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)

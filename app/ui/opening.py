"""Work started behind the login dialog on a thread of its own, its end told on the GUI thread.

The window's start shows the login before SQLAlchemy, the services and the database are
loaded, and loads them meanwhile (app/ui/app.py)::

    opening = Opening(lambda: open_storage(data_dir))
    opening.start()
    opening.when_done(lambda: ...)   # on the GUI thread; at once if already done

The work must not make or touch Qt objects: only imports and the database. Python's own
collection is off meanwhile (app/ui/gc_guard.py), so the thread never frees a widget.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import suppress

from PySide6.QtCore import QObject, Qt, Signal, Slot


class Opening(QObject):
    """One piece of work run once; ``error`` holds what it raised (None when it went well)."""

    _ended = Signal()  # emitted on the worker thread; Qt queues it to this GUI-thread object

    def __init__(self, work: Callable[[], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self._thread: threading.Thread | None = None
        self.done = False
        self.error: BaseException | None = None
        # Queued, to a decorated slot: a bare method would be called on the worker thread
        self._ended.connect(self._end, Qt.ConnectionType.QueuedConnection)
        self._waiting: list[Callable[[], None]] = []

    def start(self) -> None:
        """Start the work (once). Not a daemon: a migration is never cut off at exit."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="opening", daemon=False)
            self._thread.start()

    def _run(self) -> None:
        try:
            self._work()
        except BaseException as exc:  # told on the GUI thread, never lost in this one
            self.error = exc
        with suppress(RuntimeError):  # the window closed meanwhile: nobody is waiting
            self._ended.emit()

    @Slot()
    def _end(self) -> None:
        self.done = True
        waiting, self._waiting = self._waiting, []
        for then in waiting:
            then()

    def when_done(self, then: Callable[[], None]) -> None:
        """Call ``then`` on the GUI thread once the work has ended (at once if it has)."""
        if self.done:
            then()
        else:
            self._waiting.append(then)

    def wait(self) -> None:
        """Block until the work has ended, its callbacks run (tests and the self-test)."""
        if self._thread is not None:
            self._thread.join()
        if not self.done:
            self._end()

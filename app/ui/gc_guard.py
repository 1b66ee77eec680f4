"""Garbage collection on the GUI thread only: a Qt object must die in the thread it lives in."""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

TICK_MS = 300


class GuiThreadCollector(QObject):
    """Turn off Python's automatic collection and run it from a timer on the GUI thread.

    Left automatic, a collection starts in whichever thread allocates when a threshold is
    crossed: during background work (ops.in_background) a worker thread then frees the wrappers
    of closed dialogs caught in reference cycles, and Qt deletes their C++ objects off the GUI
    thread, which can kill the process. The timer collects what is due, generation by
    generation, the way Python itself would, only always here.
    """

    def __init__(self, parent: QObject | None = None, tick_ms: int = TICK_MS) -> None:
        super().__init__(parent)
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect_due)
        self._timer.start(tick_ms)

    def collect_due(self) -> None:
        """Collect the oldest generation whose count passed its threshold, if any."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        due = [gen for gen in range(3) if counts[gen] > thresholds[gen]]
        if due:
            gc.collect(max(due))

    def ticking(self) -> bool:
        """Whether the timer runs (it does until stop)."""
        return self._timer.isActive()

    def stop(self) -> None:
        """Hand collection back to Python (tests, and the end of the program)."""
        self._timer.stop()
        gc.enable()


_collector: GuiThreadCollector | None = None


def install(parent: QObject) -> GuiThreadCollector:
    """Collect on the GUI thread from now on (once per process)."""
    global _collector
    if _collector is None:
        _collector = GuiThreadCollector(parent)
    return _collector

"""Garbage is collected on the GUI thread, never in a worker that happens to allocate."""

from __future__ import annotations

import gc
import threading

from app.ui import gc_guard

CYCLES = 3000


class Cycle:
    """An object in a reference cycle that notes the thread that finally frees it."""

    freed_in: list[str] = []

    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        Cycle.freed_in.append(threading.current_thread().name)


def _make_garbage_in_a_worker() -> None:
    def work() -> None:
        # well past the first threshold (700), as an import of 10,000 rows goes
        for _ in range(CYCLES):
            Cycle()

    worker = threading.Thread(target=work, name="worker")
    worker.start()
    worker.join()


def test_cycles_made_in_a_worker_are_freed_on_the_gui_thread(qtbot, qapp):
    collector = gc_guard.install(qapp)
    assert not gc.isenabled() and collector.ticking()
    gc.collect()
    Cycle.freed_in.clear()
    _make_garbage_in_a_worker()
    assert Cycle.freed_in == []  # the worker crossed the thresholds and freed nothing
    collector.collect_due()  # what the timer does on the GUI thread
    assert len(Cycle.freed_in) == CYCLES
    assert set(Cycle.freed_in) == {threading.main_thread().name}

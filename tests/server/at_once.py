"""Several PCs' work let go at the same moment, each on its own thread, as two clerks would."""

from __future__ import annotations

import threading
from collections.abc import Callable


def at_once(*pcs: Callable[[], object]) -> list[BaseException]:
    """Run each PC's work on a thread of its own, all started together; what they raised
    (collected here and handed to the test's thread, where it can fail)."""
    errors: list[BaseException] = []
    start = threading.Barrier(len(pcs))

    def run(work: Callable[[], object]) -> None:
        start.wait()
        try:
            work()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(work,)) for work in pcs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors

"""Guard against a PySide6 6.12 bug that frees None on Python 3.11 (see protect_none)."""

from __future__ import annotations

import ctypes
import sys

# PySide6 6.12.0 drops one reference to None each time a Python override called from
# C++ returns None (QAbstractItemModel.data/headerData for every role a view asks and
# the model does not answer, thousands per repaint). On Python 3.11 None is an ordinary
# object: its count reaches zero and the process dies ("none_dealloc: deallocating
# None"). Python 3.12+ makes None immortal, so this is a 3.11-only guard.
HEADROOM = 1 << 52  # ~4.5e15 lost references: centuries of scrolling


def protect_none() -> bool:
    """Give None enough references to outlive the bug; True when it was applied."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if sys.getrefcount(None) > HEADROOM // 2:
        return False  # already done
    refcount = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt is PyObject's first field
    refcount.value += HEADROOM
    return True

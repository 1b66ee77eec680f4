"""Seeing other PCs' changes: what the window's operations send and how it hears the others."""

from __future__ import annotations

from collections.abc import Callable

from app.db.changes import EVERYTHING, DataVersion, Listener, notify
from app.db.session import current_data_dir, current_engine

__all__ = ["EVERYTHING", "DataVersion", "Listener", "data_version", "listen", "notify"]


def listen(on_change: Callable[[frozenset[str]], None]) -> Listener | None:
    """On the office server, hear the registers other PCs change (on a background thread);
    None on SQLite, where ``data_version`` tells instead."""
    if not current_data_dir().on_server:
        return None
    return Listener(current_engine(), on_change).start()


def data_version() -> DataVersion | None:
    """On SQLite, a watch on the file's commits; None on the server."""
    folder = current_data_dir()
    return None if folder.on_server else DataVersion(str(folder.database))

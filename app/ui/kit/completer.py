"""Completion learned from earlier entries (来文机关, names), fed by a service callable.

Usage::

    sender = QLineEdit()
    attach_completer(sender, lambda: ops.perform(actor, queries.known_senders))
    # queries.known_senders(session): distinct values, most used first

The list is read when the field gets focus (at most once per ``ttl_s`` seconds), so a
name saved a minute ago is offered next time; matching is by substring, case-insensitive.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit

log = logging.getLogger(__name__)


class LearnedCompleter(QCompleter):
    """A QCompleter whose words come from ``load()``; call ``reload()`` after saves."""

    def __init__(
        self, load: Callable[[], Sequence[str]], parent: QObject | None = None, ttl_s: float = 5.0
    ) -> None:
        super().__init__(parent)
        self._load = load
        self._ttl = ttl_s
        self._loaded_at: float | None = None
        self._words = QStringListModel(self)
        self.setModel(self._words)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setMaxVisibleItems(12)

    def reload(self) -> None:
        try:
            words = [w for w in dict.fromkeys(self._load()) if w]
        except Exception:  # completion is a help, never a reason to stop typing
            log.exception("读取补全词表失败")
            return
        self._words.setStringList(words)
        self._loaded_at = time.monotonic()

    def ensure_fresh(self) -> None:
        if self._loaded_at is None or time.monotonic() - self._loaded_at > self._ttl:
            self.reload()

    def words(self) -> list[str]:
        return list(self._words.stringList())


class _FocusReloader(QObject):
    def __init__(self, completer: LearnedCompleter, parent: QObject) -> None:
        super().__init__(parent)
        self._completer = completer

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn:
            self._completer.ensure_fresh()
        return False


def attach_completer(
    edit: QLineEdit, load: Callable[[], Sequence[str]], ttl_s: float = 5.0
) -> LearnedCompleter:
    """Give edit a completer over load()'s words, refreshed when the field is entered."""
    completer = LearnedCompleter(load, edit, ttl_s)
    edit.setCompleter(completer)
    edit.installEventFilter(_FocusReloader(completer, edit))
    return completer

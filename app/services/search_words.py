"""Whether a searched word can be counted through an index, for the window's list pages."""

from __future__ import annotations

from app.db import bigrams


def slow_to_count(text: str) -> bool:
    """A word no index can count (one character, or no pair of letters): counting its hits
    scans the whole register, so the list shows its first page before the count."""
    word = text.strip()
    return bool(word) and bigrams.match_expression([word]) is None

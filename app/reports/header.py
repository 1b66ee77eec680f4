"""Find a sheet's header row (or two-row header) by the words real county sheets use."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

HEADER_SCAN_ROWS = 15  # county sheets put at most a few title/unit rows above the header
_NOTE = re.compile(r"\([^)]*\)$")  # 收文日期(必填) -> 收文日期

Columns = dict[str, Sequence[str]]


@dataclass(frozen=True)
class Header:
    """Where the header sits: its last row index (0-based) and each field's column index."""

    last_row: int
    at: dict[str, int]


@dataclass(frozen=True)
class NoHeader:
    """The best try when no row qualifies: the required names it lacked."""

    matched: int
    missing: list[str]
    row: int = -1  # index of the row that came closest, -1 when none matched anything


def normalise(text: object) -> str:
    """Header text as compared: full-width folded, no spaces or line breaks, no * marks."""
    folded = unicodedata.normalize("NFKC", str(text))
    return re.sub(r"[\s*※]", "", folded)


def filled(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def find_header(
    grid: Sequence[Sequence[Any]], columns: Columns, required: Sequence[str] = ()
) -> Header | NoHeader:
    """The first row within the first rows naming every required field and enough fields.

    A two-row header (a merged group title such as 带班领导 over 姓名/职务/手机) is
    read when the second row names more fields; each column then matches its group and
    sub-header joined (带班领导姓名), the sub-header alone, or the group alone.
    """
    aliases = _aliases(columns)
    enough = min(2, len(columns))
    best = NoHeader(-1, list(required or columns))
    for index in range(min(HEADER_SCAN_ROWS, len(grid))):
        at, last = _match(grid[index : index + 1], aliases), index
        if at and index + 1 < len(grid):
            two = _match(grid[index : index + 2], aliases)
            if len(two) > len(at):
                at, last = two, index + 1
        missing = [name for name in required if name not in at]
        if not missing and len(at) >= enough:
            return Header(last, at)
        if len(at) > best.matched:
            best = NoHeader(len(at), missing or list(required or columns), index)
    return best


def key(text: object) -> str:
    """normalise() without a trailing note in brackets: 收文日期（必填） -> 收文日期."""
    return _NOTE.sub("", normalise(text))


def _aliases(columns: Columns) -> dict[str, str]:
    table: dict[str, str] = {}
    for name, words in columns.items():
        for word in (name, *words):
            table.setdefault(key(word), name)
    return table


def _match(rows: Sequence[Sequence[Any]], aliases: dict[str, str]) -> dict[str, int]:
    at: dict[str, int] = {}
    width = max((len(row) for row in rows), default=0)
    for index in range(width):
        texts = [key(row[index]) if index < len(row) and filled(row[index]) else "" for row in rows]
        for text in _candidates(texts):
            name = aliases.get(text)
            if name is not None and name not in at:
                at[name] = index
                break
    return at


def _candidates(texts: list[str]) -> list[str]:
    if len(texts) == 1:
        return [texts[0]] if texts[0] else []
    top, bottom = texts
    both = top + bottom if top and bottom and top != bottom else ""
    return [text for text in (both, bottom, top) if text]

"""ReportTable: what every list export hands to the xlsx and pdf writers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Column:
    header: str
    width: float = 12  # in characters; the pdf scales these to the page


@dataclass
class ReportTable:
    """A titled list: header rows, body rows (may be a generator), footer lines."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]
    unit: str = ""  # the 填报单位 / page-header unit name
    subtitle: str = ""
    footer_lines: list[str] = field(default_factory=list)
    landscape: bool = True

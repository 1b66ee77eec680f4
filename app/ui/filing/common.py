"""Shared pieces of the 公文 windows: list columns, filter boxes, one unit of work a call."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QComboBox

from app.services.context import Actor
from app.services.filing.filters import NO_SECRECY
from app.services.session import unit_of_work

ALL = "全部"
NO_VALUE = ("非密", "不紧急")  # the filter items for records without a 密级 / 紧急程度


def filter_combo(name: str, label: str, items: Sequence[str]) -> QComboBox:
    """Index 0 is “全部…” (no filter); the label says which field the box filters."""
    box = QComboBox()
    box.setObjectName(name)
    box.addItems([f"{ALL}{label}", *items])
    return box


def picked(box: QComboBox | None) -> str | None:
    """The filter value a box holds: None for “全部…” or a disabled box, 无 for 非密/不紧急."""
    if box is None or box.currentIndex() <= 0 or not box.isEnabled():
        return None
    text = box.currentText()
    return NO_SECRECY if text in NO_VALUE else text


def run(actor: Actor, work: Callable[[Any], Any]) -> Any:
    """One user action = one unit of work."""
    with unit_of_work(actor) as session:
        return work(session)


@dataclass(frozen=True)
class Col:
    """A list column: its header and how to read it from the service's row."""

    header: str
    value: Callable[[Any], Any]

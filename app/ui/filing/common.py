"""Shared pieces of the 公文 windows: the registers, list columns, filter boxes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QComboBox

from app.services.filing.filters import NO_SECRECY

ALL = "全部"
FILING = ("收文", "发文", "督办")  # what a 公文 change touches (ops.watch): one can lead to another
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


@dataclass(frozen=True)
class ListCol:
    """A list column: its header and how to read it from the service's row."""

    header: str
    value: Callable[[Any], Any]

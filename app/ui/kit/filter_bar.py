"""FilterBar: one row of labelled filters that emits ``changed(dict)`` with all values.

Usage::

    bar = FilterBar()                                   # over the 用印登记簿 (seals/uses_tab.py)
    bar.add_search("text", "文件名称、文号、申请人")       # a SearchBox (debounced)
    bar.add_combo("seal_id", "印章", [("全部", None), ("党委章", 1), ("政府章", 2)])
    bar.add_date_range("date", "用印日期")               # keys date_from, date_to
    bar.changed.connect(lambda v: model.set_filter(UseFilter(**v)))
    bar.values()  # {"text": "", "seal_id": None, "date_from": None, "date_to": None}

``bar.add_year("year", "年度", range(2020, 2031))`` adds a year (None for 全部).

A date range whose 起 is after its 止 is shown in red and not emitted until fixed.
"清空" puts every filter back to its first value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from functools import partial
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from app.ui.kit.date_edit import ERROR_STYLE, DateEdit
from app.ui.kit.search_box import SearchBox


class FilterBar(QWidget):
    changed = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._readers: dict[str, Callable[[], Any]] = {}
        self._resetters: list[Callable[[], None]] = []
        self._ranges: list[tuple[DateEdit, DateEdit]] = []
        self._quiet = False
        self.reset_button = QPushButton("清空")
        self.reset_button.setObjectName("filterReset")
        self.reset_button.clicked.connect(self.reset)
        self._layout.addStretch(1)
        self._layout.addWidget(self.reset_button)
        self.widgets: dict[str, QWidget] = {}

    def _add(self, label: str, *widgets: QWidget) -> None:
        at = self._layout.count() - 2  # before the stretch and 清空
        if label:
            self._layout.insertWidget(at, QLabel(label))
            at += 1
        for w in widgets:
            self._layout.insertWidget(at, w)
            at += 1

    def add_search(self, key: str, placeholder: str = "搜索（Ctrl+F）") -> SearchBox:
        box = SearchBox(placeholder=placeholder)
        box.setMinimumWidth(220)
        box.search.connect(lambda _t: self._emit())
        self._readers[key] = lambda: box.text().strip()
        self._resetters.append(box.clear)
        self.widgets[key] = box
        self._add("", box)
        return box

    def add_combo(self, key: str, label: str, choices: Sequence[tuple[str, Any]]) -> QComboBox:
        """choices: (text shown, value emitted); the first one is the default."""
        combo = QComboBox()
        for text, value in choices:
            combo.addItem(text, value)
        combo.currentIndexChanged.connect(lambda _i: self._emit())
        self._readers[key] = combo.currentData
        self._resetters.append(lambda: combo.setCurrentIndex(0))
        self.widgets[key] = combo
        self._add(label, combo)
        return combo

    def add_check(self, key: str, label: str) -> QCheckBox:
        """A tick box (e.g. 只看借出): emits True/False."""
        box = QCheckBox(label)
        box.toggled.connect(lambda _on: self._emit())
        self._readers[key] = box.isChecked
        self._resetters.append(lambda: box.setChecked(False))
        self.widgets[key] = box
        self._add("", box)
        return box

    def add_year(
        self, key: str, label: str, years: Iterable[int], current: int | None = None
    ) -> QComboBox:
        combo = self.add_combo(key, label, [("全部", None), *[(f"{y}年", y) for y in years]])
        if current is not None:
            combo.setCurrentIndex(max(0, combo.findData(current)))
        return combo

    def add_date_range(self, key: str, label: str) -> tuple[DateEdit, DateEdit]:
        start, end = DateEdit(calendar=False), DateEdit(calendar=False)
        for edit, suffix, hint in ((start, "_from", "起"), (end, "_to", "止")):
            edit.setPlaceholderText(hint)
            edit.setMaximumWidth(110)
            edit.dateChanged.connect(lambda _d: self._emit())
            self._readers[key + suffix] = edit.date
            self._resetters.append(partial(edit.setDate, None))
            self.widgets[key + suffix] = edit
        self._ranges.append((start, end))
        self._add(label, start, QLabel("至"), end)
        return start, end

    def values(self) -> dict[str, Any]:
        return {key: read() for key, read in self._readers.items()}

    def reset(self) -> None:
        self._quiet = True
        try:
            for reset in self._resetters:
                reset()
        finally:
            self._quiet = False
        self._emit()

    def ranges_ok(self) -> bool:
        ok = True
        for start, end in self._ranges:
            a, b = start.date(), end.date()
            bad = isinstance(a, date) and isinstance(b, date) and a > b
            end.setStyleSheet(ERROR_STYLE if bad else "")
            end.setToolTip("“止”日期早于“起”日期" if bad else "")
            ok = ok and not bad
        return ok

    def _emit(self) -> None:
        if self._quiet or not self.ranges_ok():
            return
        self.changed.emit(self.values())

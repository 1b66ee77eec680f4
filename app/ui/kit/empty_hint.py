"""An empty list says what to do first: a grey line in its middle, gone with the first row.

Usage, after the view has its model::

    empty_hint(view, "还没有印章：请点“新增印章”登记第一枚。",
               filtered=lambda: bool(search.text()))   # then it says to widen the search
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QVBoxLayout

FILTERED = "没有符合条件的记录：请改一改搜索词或筛选条件。"


class EmptyHint(QLabel):
    """Shown over the view's empty viewport; it does not take clicks or the context menu."""

    def __init__(self, view: QAbstractItemView, text: str,
                 filtered: Callable[[], bool] | None = None) -> None:  # fmt: skip
        super().__init__(text)
        self.setObjectName("emptyHint")
        self.hint, self.filtered, self.view = text, filtered, view
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setStyleSheet("color: #777; padding: 12px;")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        # a layout on the viewport keeps the line centred as the list is resized; the label
        # fills it (clicks pass through), so the line wraps at the list's width, not its own
        layout = QVBoxLayout(view.viewport())
        layout.addWidget(self)
        model = view.model()
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved,
                       model.layoutChanged):  # fmt: skip
            signal.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        model = self.view.model()
        empty = model is not None and model.rowCount() == 0
        if empty:
            narrowed = self.filtered is not None and self.filtered()
            self.setText(FILTERED if narrowed else self.hint)
        self.setVisible(empty)


def empty_hint(view: QAbstractItemView, text: str,
               filtered: Callable[[], bool] | None = None) -> EmptyHint:  # fmt: skip
    """Put ``text`` in the middle of ``view`` while it has no rows (see the module doc)."""
    return EmptyHint(view, text, filtered)

"""The 档案 page: tabs 目录, 年度归档, 装盒, 借阅, 鉴定与移交, 统计; each built when first shown."""

from __future__ import annotations

import importlib

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.services.context import Actor
from app.ui.pages import placeholder

# (title, module, class); None: that tab has not landed yet and shows a placeholder.
TABS: tuple[tuple[str, str | None, str | None], ...] = (
    ("目录", "app.ui.archives.catalog_tab", "CatalogTab"),
    ("年度归档", "app.ui.archives.year_tab", "YearTab"),
    ("装盒", "app.ui.archives.boxes_tab", "BoxesTab"),
    ("借阅", "app.ui.archives.loans_tab", "LoansTab"),
    ("鉴定与移交", "app.ui.archives.appraisal_tab", "AppraisalTab"),
    ("统计", "app.ui.archives.stats_tab", "StatsTab"),
)


class ArchivesPage(QWidget):
    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.tabs = QTabWidget()
        self.tabs.setObjectName("archiveTabs")
        self.built: dict[int, QWidget] = {}
        for title, _module, _name in TABS:
            self.tabs.addTab(QWidget(), title)
        self.tabs.currentChanged.connect(self._build)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self._build(0)

    def tab(self, title: str) -> QWidget:
        """The tab's widget, built now if it was not yet (tests and 首页 links use it)."""
        index = next(i for i, t in enumerate(TABS) if t[0] == title)
        self.tabs.setCurrentIndex(index)
        return self._build(index)

    def _build(self, index: int) -> QWidget:
        if index in self.built:
            return self.built[index]
        title, module, name = TABS[index]
        widget = (placeholder(title) if module is None or name is None
                  else getattr(importlib.import_module(module), name)(self.actor))  # fmt: skip
        self.built[index] = widget
        current = self.tabs.currentIndex()
        self.tabs.blockSignals(True)
        self.tabs.removeTab(index)
        self.tabs.insertTab(index, widget, title)
        self.tabs.setCurrentIndex(current)
        self.tabs.blockSignals(False)
        return widget

"""The 用印 page: three tabs that refresh one another after each change; 印章 and 外借 read
when first opened."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.services.context import Actor
from app.ui.seals.loans_tab import SealLoansTab
from app.ui.seals.seals_tab import SealsTab
from app.ui.seals.uses_tab import UsesTab


class SealsPage(QWidget):
    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.uses, self.seals, self.loans = UsesTab(actor), SealsTab(actor), SealLoansTab(actor)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.uses, "用印登记簿")
        self.tabs.addTab(self.seals, "印章")
        self.tabs.addTab(self.loans, "外借")
        self.tabs.currentChanged.connect(self.refresh)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

    def refresh(self) -> None:
        """A seal lent or retired changes what the other tabs show (a tab not yet opened
        reads when it first shows: opening the page reads the 用印登记簿 alone)."""
        for tab in (self.seals, self.loans):
            if tab.loaded:
                tab.reload()
        self.uses.model.refresh()

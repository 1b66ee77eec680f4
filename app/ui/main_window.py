"""The main window: navigation on the left, one page per register on the right."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from app import APP_NAME
from app.services.context import Actor
from app.ui.pages import PAGES, placeholder


class MainWindow(QMainWindow):
    def __init__(self, actor: Actor, org_name: str = "") -> None:
        super().__init__()
        self.actor = actor
        self.setWindowTitle(f"{APP_NAME} — {org_name}（{actor.display_name}，{actor.role}）")
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(120)
        self.stack = QStackedWidget()
        for spec in PAGES:
            self.nav.addItem(spec.title)
            page = spec.factory(actor) if spec.factory else placeholder(spec.title)
            page.setProperty("pageKey", spec.key)
            self.stack.addWidget(page)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        body = QWidget()
        layout = QHBoxLayout(body)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(body)
        self.nav.setCurrentRow(0)
        self.resize(1280, 800)

    def show_page(self, key: str) -> QWidget:
        index = next(i for i, spec in enumerate(PAGES) if spec.key == key)
        self.nav.setCurrentRow(index)
        return self.stack.widget(index)

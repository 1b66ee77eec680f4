"""The main window: navigation on the left, one page per register on the right.

Only the page shown is built at start (首页); the others are built when first opened, so
the window's frame shows without importing and querying every register.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from app import APP_NAME
from app.services.context import Actor
from app.ui.kit.table_view import ui_settings
from app.ui.pages import PAGES, PageSpec, placeholder


class MainWindow(QMainWindow):
    def __init__(self, actor: Actor, org_name: str = "") -> None:
        super().__init__()
        self.actor = actor
        self.setWindowTitle(f"{APP_NAME} — {org_name}")
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(148)
        self.stack = QStackedWidget()
        self._built: set[int] = set()
        for spec in PAGES:
            self.nav.addItem(spec.title)
            self.stack.addWidget(QWidget())  # stands in until the page is first opened
        self.nav.currentRowChanged.connect(self._open_row)
        body = QWidget()
        layout = QHBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(body)
        self.statusBar().addPermanentWidget(
            QLabel(f"当前用户：{actor.display_name}（{actor.role}）  ")
        )
        self.nav.setCurrentRow(0)
        self.resize(1280, 800)
        QShortcut(QKeySequence("Ctrl+Shift+F"), self).activated.connect(
            lambda: self.show_page("search")
        )

    def show_as_left(self) -> None:
        """Maximised the first time; after that as the clerk left it (size, place, maximised)."""
        saved = ui_settings().value("window/geometry")
        if isinstance(saved, QByteArray) and self.restoreGeometry(saved):
            self.show()
        else:
            self.showMaximized()

    def closeEvent(self, event: QCloseEvent) -> None:
        settings = ui_settings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.sync()
        super().closeEvent(event)

    def show_page(self, key: str) -> QWidget:
        index = next(i for i, spec in enumerate(PAGES) if spec.key == key)
        self.nav.setCurrentRow(index)
        return self.page_at(index)

    def _open_row(self, row: int) -> None:
        if row >= 0:
            self.page_at(row)
            self.stack.setCurrentIndex(row)

    def page_at(self, index: int) -> QWidget:
        """The page in this place, built the first time it is asked for."""
        if index not in self._built:
            self._built.add(index)
            stand_in = self.stack.widget(index)
            if stand_in is not None:
                self.stack.removeWidget(stand_in)
                stand_in.deleteLater()
            self.stack.insertWidget(index, self._build(PAGES[index]))
        page = self.stack.widget(index)
        assert page is not None  # every index has a page or its stand-in
        return page

    def _build(self, spec: PageSpec) -> QWidget:
        page = spec.factory(self.actor) if spec.factory else placeholder(spec.title)
        page.setProperty("pageKey", spec.key)
        opener = getattr(page, "open_page", None)
        if opener is not None:  # 首页's 待办 list jumps to a module's page
            opener.connect(self.show_page)
        filtered_opener = getattr(page, "open_filtered", None)
        if filtered_opener is not None:  # 首页's folded 逾期 line
            filtered_opener.connect(self.show_filtered)
        record_opener = getattr(page, "open_record", None)
        if record_opener is not None:  # 公文检索 opens a hit in its own register
            record_opener.connect(self.show_record)
        return page

    def show_record(self, key: str, record_id: int, label: str) -> None:
        """Show that register with only this record listed and selected."""
        page = self.show_page(key)
        show = getattr(page, "show_record", None)
        if show is not None:  # a page that cannot list one record is shown as it is
            show(record_id, label)

    def show_filtered(self, key: str, what: str) -> None:
        """Show that register with only its records of `what` (首页's 逾期 line)."""
        page = self.show_page(key)
        show = getattr(page, "show_filtered", None)
        if show is not None:
            show(what)

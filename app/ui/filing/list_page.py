"""A register page: search box, filters, a paged list, the legal moves, import and export."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.context import Actor
from app.services.filing import vocab
from app.services.filing.queries import NO_SECRECY, FilingFilter
from app.services.registry import ExportQuery
from app.services.transfer import export_file
from app.ui.filing.common import Col, FormDialog, PagedModel, attempt, run

ALL = "全部"


def _combo(name: str, items: Sequence[str]) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    box.addItems([ALL, *items])
    return box


class ListPage(QWidget):
    kind = ""
    states: Sequence[str] = ()
    vocab_filters = True

    def __init__(self, actor: Actor, columns: Sequence[Col], list_fn: Callable[..., list[Any]],
                 count_fn: Callable[..., int], color: Callable[[Any], str | None] | None = None,
                 ) -> None:  # fmt: skip
        super().__init__()
        self.actor, self._list, self._count = actor, list_fn, count_fn
        self.dialog: QWidget | None = None
        self._build_tools()
        self.model = PagedModel(columns, self._fetch, self._total, color)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self.selected_changed())
        self.actions_bar = QHBoxLayout()
        self.action_buttons: dict[str, QPushButton] = {}
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #c00")
        self.body = QVBoxLayout(self)
        self.body.addLayout(self.tools)
        self.body.addWidget(self.view, 1)
        self.body.addLayout(self.actions_bar)
        self.body.addWidget(self.error)
        QShortcut(QKeySequence("Ctrl+F"), self, activated=self.search.setFocus)

    def _build_tools(self) -> None:
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText("搜索标题、文号、机关、人名（Ctrl+F）")
        self._timer = QTimer(self, singleShot=True, interval=300, timeout=self.reload)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self.reload)
        this_year = date.today().year
        self.year = _combo("year", [str(y) for y in range(this_year, this_year - 10, -1)])
        self.state = _combo("state", self.states)
        boxes = [self.year, self.state]
        if self.vocab_filters:
            self.doc_type = _combo("doc_type", vocab.DOC_TYPES)
            self.secrecy = _combo("secrecy", [*vocab.SECRECY_LIMITS, NO_SECRECY])
            self.urgency = _combo("urgency", [*vocab.URGENCIES, NO_SECRECY])
            boxes += [self.doc_type, self.secrecy, self.urgency]
        self.tools = QHBoxLayout()
        self.tools.addWidget(self.search, 2)
        for box in boxes:
            box.currentIndexChanged.connect(lambda _i: self.reload())
            self.tools.addWidget(box)
        self.import_button = QPushButton("导入…")
        self.import_button.clicked.connect(self.open_import)
        self.export_button = QPushButton("导出…（Ctrl+E）")
        self.export_button.clicked.connect(self.export)
        QShortcut(QKeySequence("Ctrl+E"), self, activated=self.export)
        self.tools.addWidget(self.import_button)
        self.tools.addWidget(self.export_button)

    def filter(self) -> FilingFilter:
        def pick(box: QComboBox | None) -> str | None:
            return None if box is None or box.currentText() == ALL else box.currentText()

        year = pick(self.year)
        return FilingFilter(
            text=self.search.text().strip(),
            year=int(year) if year else None,
            state=pick(self.state),
            doc_type=pick(getattr(self, "doc_type", None)),
            secrecy=pick(getattr(self, "secrecy", None)),
            urgency=pick(getattr(self, "urgency", None)),
        )

    def _fetch(self, offset: int, limit: int) -> list[Any]:
        flt = self.filter()
        return run(self.actor, lambda s: self._list(s, flt, offset=offset, limit=limit))

    def _total(self) -> int:
        flt = self.filter()
        return int(run(self.actor, lambda s: self._count(s, flt)))

    def reload(self, keep: int | None = None) -> None:
        self.model.reload()
        ids = [r.id for r in self.model.rows]
        if keep is not None and keep in ids:
            self.view.selectRow(ids.index(keep))
        self.selected_changed()

    def current(self) -> Any:
        index = self.view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def select_id(self, record_id: int) -> None:
        ids = [r.id for r in self.model.rows]
        self.view.selectRow(ids.index(record_id))

    def set_actions(self, actions: Sequence[str]) -> None:
        for button in self.action_buttons.values():
            self.actions_bar.removeWidget(button)
            button.deleteLater()
        self.action_buttons = {}
        for action in actions:
            button = QPushButton(action)
            button.setObjectName(f"action-{action}")
            button.clicked.connect(lambda _c=False, a=action: self.start_action(a))
            self.actions_bar.addWidget(button)
            self.action_buttons[action] = button

    def show_error(self, problem: str | None) -> None:
        self.error.setText(problem or "")

    def selected_changed(self) -> None:
        """Subclasses show the moves of the selected record."""

    def start_action(self, action: str) -> FormDialog | None:
        raise NotImplementedError

    def open_import(self) -> QWidget:
        from app.ui.filing.import_dialog import ImportDialog

        dialog = ImportDialog(self, self.actor, self.kind, lambda: self.reload())
        self.dialog = dialog
        dialog.open()
        return dialog

    def export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "导出", "", "Excel (*.xlsx);;PDF (*.pdf)")
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        year = self.filter().year
        query = ExportQuery(year=year)
        self.show_error(attempt(self.actor, lambda s: export_file(s, self.kind, path, query)))

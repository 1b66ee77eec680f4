"""The 用印登记簿 tab: a paged list, 登记 (Ctrl+N), 作废, and the chain status with 校验."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.context import Actor
from app.services.seals import chain, ledger
from app.services.seals.dto import ChainStatus, UseFilter, UseRow
from app.ui.seals.common import call, show_moment
from app.ui.seals.use_dialog import UseDialog, VoidDialog

HEADERS = ("用印编号", "日期时间", "印章", "用印单位/科室", "申请人/经办人", "事由", "文件名称",
           "文号", "份数", "审批人", "审批时间", "监印人", "留存复印件", "备注")  # fmt: skip
PAGE = 200
Index = QModelIndex | QPersistentModelIndex


def cells(u: UseRow) -> tuple[Any, ...]:
    if u.kind == "作废":
        return ("作废", show_moment(u.used_at), u.seal_name, "", u.recorded_by,
                f"作废原因：{u.void_reason}", "", "", "", "", "", "", "", u.note)  # fmt: skip
    approver = u.approver + (f"（{u.approver_title}）" if u.approver_title else "")
    note = ("【已作废】" if u.voided_by_id else "") + u.note
    return (u.number, show_moment(u.used_at), u.seal_name, u.unit, u.applicant, u.purpose,
            u.doc_title, u.doc_number, u.copies, approver, show_moment(u.approved_at),
            u.supervisor, "是" if u.copy_kept else "否", note)  # fmt: skip


class UsesModel(QAbstractTableModel):
    """Entries in chain order, fetched PAGE at a time as the view scrolls."""

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor, self.filter, self.rows, self.total = actor, UseFilter(), list[UseRow](), 0

    def reload(self, flt: UseFilter | None = None) -> None:
        self.beginResetModel()
        self.filter = flt or self.filter
        self.total = call(self.actor, ledger.count_uses, self.filter)
        self.rows = call(self.actor, ledger.list_uses, self.filter, 0, PAGE)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent: Index) -> None:
        more = call(self.actor, ledger.list_uses, self.filter, len(self.rows), PAGE)
        if more:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
            self.rows.extend(more)
            self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return str(cells(row)[index.column()])
        if role == Qt.ItemDataRole.ForegroundRole and (row.kind == "作废" or row.voided_by_id):
            return QBrush(QColor("#888888"))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def row_at(self, index: int) -> UseRow:
        return self.rows[index]


class ChainBar(QWidget):
    """The ledger's integrity at a glance; 校验 walks the whole chain again."""

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.label = QLabel()
        self.label.setObjectName("chainStatus")
        self.button = QPushButton("校验")
        self.button.setObjectName("verifyChain")
        self.button.clicked.connect(self.verify)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self.status: ChainStatus | None = None

    def verify(self) -> ChainStatus:
        self.status = call(self.actor, chain.verify_chain)
        self.label.setText(self.status.message())
        colour = "#1b5e20" if self.status.ok else "#b00020"
        self.label.setStyleSheet(f"color: {colour}; font-weight: bold;")
        return self.status


class UsesTab(QWidget):
    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.model = UsesModel(actor)
        self.view = QTableView()
        self.view.setObjectName("usesTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.search = QLineEdit()
        self.search.setObjectName("useSearch")
        self.search.setPlaceholderText("查找：文件名称、文号、申请人、编号（Ctrl+F）")
        self.search.returnPressed.connect(self.apply_search)
        self.chain = ChainBar(actor)
        self.hint = QLabel()
        self.hint.setObjectName("usesHint")
        self._build()
        self.reload()

    def _build(self) -> None:
        add, void = QPushButton("登记用印（Ctrl+N）"), QPushButton("作废…")
        add.setObjectName("addUse")
        void.setObjectName("voidUse")
        add.clicked.connect(self.add_use)
        void.clicked.connect(self.void_selected)
        QShortcut(QKeySequence("Ctrl+N"), self, self.add_use)
        QShortcut(QKeySequence("Ctrl+F"), self, self.search.setFocus)
        bar = QHBoxLayout()
        for widget in (add, void):
            bar.addWidget(widget)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.hint)
        layout = QVBoxLayout(self)
        layout.addWidget(self.chain)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

    def reload(self) -> None:
        self.model.reload()
        self.chain.verify()

    def apply_search(self) -> None:
        self.model.reload(UseFilter(text=self.search.text()))

    def add_use(self) -> UseDialog:
        dialog = UseDialog(self.actor, self)
        dialog.accepted.connect(self.reload)
        dialog.open()
        return dialog

    def selected(self) -> UseRow | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def void_selected(self) -> VoidDialog | None:
        row = self.selected()
        if row is None or row.kind != "用印":
            self.hint.setText("请先选中要作废的用印登记（作废登记本身不能再作废）")
            return None
        dialog = VoidDialog(self.actor, row.id, row.number, self)
        dialog.accepted.connect(self.reload)
        dialog.open()
        return dialog

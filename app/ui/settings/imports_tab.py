"""设置 → 导入记录: every import batch, and 撤销导入 after saying what it will remove."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services import batches
from app.services.context import Actor
from app.ui import ops
from app.ui.kit import empty_hint
from app.ui.messages import confirm

HEADERS = ("编号", "文件", "类型", "行数", "导入人", "导入时间", "状态")
# After an undo the registers of every kind may have changed: reload whatever shows them.
TOUCHED = ("收文", "发文", "督办", "用印", "印章", "值班", "来访", "档案")


class ImportsTab(QWidget):
    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.rows: list[batches.BatchRow] = []
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.itemSelectionChanged.connect(self._selected)
        self.empty = empty_hint(
            self.table, "还没有导入过：各登记簿页的“导入”做过的每一次都列在这里，可以撤销。"
        )
        self.undo_button = QPushButton("撤销导入…")
        self.undo_button.setEnabled(False)
        self.undo_button.clicked.connect(self.undo)
        refresh = QPushButton("刷新")
        refresh.clicked.connect(self.reload)
        self.message = QLabel("每次导入都记在这里；撤销前会列出将删除（用印：将作废）的记录。")
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.undo_button)
        buttons.addWidget(refresh)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        ops.watch(self, TOUCHED, self.reload)
        self.reload()

    def reload(self) -> None:
        rows = ops.query(self.message, self.actor, batches.list_batches)
        self.rows = rows or []
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            when = row.imported_at.astimezone().strftime("%Y-%m-%d %H:%M")
            state = f"已撤销（{row.undo_note}）" if row.undone_at else "有效"
            values = (row.id, row.file_name, row.kind, row.row_count, row.imported_by, when, state)
            for c, value in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(str(value)))
        self.table.resizeColumnsToContents()
        self._selected()

    def selected(self) -> batches.BatchRow | None:
        index = self.table.currentRow()
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def _selected(self) -> None:
        row = self.selected()
        self.undo_button.setEnabled(row is not None and row.undone_at is None)

    def undo(self) -> None:
        row = self.selected()
        if row is None:
            return
        plan = ops.query(self, self.actor, lambda s: batches.plan_undo(s, row.id))
        if plan is None:
            return
        if plan.blockers:
            self.message.setText("不能撤销：这些记录已被引用 —— " + "；".join(plan.blockers))
            return
        if not confirm(self, f"撤销导入 {row.id}（{row.file_name}）？\n\n{plan.summary()}"):
            return
        note = ops.change(self, self.actor, lambda s: batches.undo_import(s, row.id),
                          touches=TOUCHED)  # fmt: skip
        if note is not None:
            self.message.setText(f"已撤销导入 {row.id}（{row.file_name}）：{note}")
            self.reload()

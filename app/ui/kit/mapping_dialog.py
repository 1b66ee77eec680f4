"""Match a sheet's own headers to the fields an import needs, with a preview of the rows."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.reports.reader import Grid, MissingColumns, rows_of
from app.services.registry import ImportKind

PREVIEW_ROWS = 5
NONE = "（不导入）"


class MappingDialog(QDialog):
    """Each field with a drop-down of the sheet's headers; required fields are marked *."""

    def __init__(self, parent: QWidget, spec: ImportKind, headers: list[str], grids: list[Grid]):
        super().__init__(parent)
        self.spec, self.grids = spec, grids
        self.setWindowTitle(f"对应表头：{spec.title}")
        self.combos: dict[str, QComboBox] = {}
        # 收文 has 22 fields: one per row was 820 px tall; side by side they fit 1366×728
        form = QGridLayout()
        across = 1 if len(spec.columns) <= 8 else 3
        for n, name in enumerate(spec.columns):
            combo = QComboBox()
            combo.addItems([NONE, *headers])
            combo.setCurrentIndex(_guess(spec.columns[name], headers))
            combo.currentIndexChanged.connect(self.refresh)
            self.combos[name] = combo
            row, pair = divmod(n, across)
            label = QLabel(f"{name}{' *' if name in spec.required else ''}")
            form.addWidget(label, row, pair * 2, Qt.AlignmentFlag.AlignRight)
            form.addWidget(combo, row, pair * 2 + 1)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.preview = QTableWidget()
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton("按此对应导入", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel("请为每一项选择表中的哪一列（带 * 的必须选）；同样表头的表以后自动按此导入")
        )
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.preview, 1)
        layout.addWidget(buttons)
        self.resize(980 if across > 1 else 760, 640)
        self.refresh()

    def mapping(self) -> dict[str, str]:
        return {name: combo.currentText() for name, combo in self.combos.items()
                if combo.currentIndex() > 0}  # fmt: skip

    def refresh(self) -> None:
        """The first rows as they would be read with the mapping chosen so far."""
        missing = [n for n in self.spec.required if self.combos[n].currentIndex() == 0]
        rows: list[dict[str, Any]] = []
        if not missing:
            try:
                rows = rows_of(self.grids, "", self.spec.columns, self.spec.required,
                               self.mapping())[:PREVIEW_ROWS]  # fmt: skip
            except MissingColumns as exc:
                missing = list(exc.missing)
        self.note.setText(f"还需选择：{'、'.join(missing)}" if missing else "预览（前几行）：")
        self.ok_button.setEnabled(not missing)
        self._show(rows)

    def _show(self, rows: list[dict[str, Any]]) -> None:
        names = list(self.spec.columns)
        self.preview.clear()
        self.preview.setColumnCount(len(names))
        self.preview.setHorizontalHeaderLabels(names)
        self.preview.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, name in enumerate(names):
                value = row.get(name)
                self.preview.setItem(r, c, QTableWidgetItem("" if value is None else str(value)))


def _guess(words: Any, headers: list[str]) -> int:
    """The header the table already accepts for the field, else none (index 0)."""
    for index, header in enumerate(headers, 1):
        if header in words:
            return index
    return 0

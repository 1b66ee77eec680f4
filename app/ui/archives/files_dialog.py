"""电子文件 of one 件: the kit's 附件 dialog with each file's SHA-256 shown (fixity)."""

from __future__ import annotations

from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

from app.ui.kit.attachments_dialog import HEADERS, AttachmentsDialog

SHOWN = 16  # hex digits in the column; the whole checksum in its tooltip


class ItemFilesDialog(AttachmentsDialog):
    """A 件's files with SHA-256, format and size; none on a 件 with a 密级 (the store says why)."""

    def _table(self) -> QTableWidget:
        table = super()._table()
        table.setColumnCount(len(HEADERS) + 1)
        table.setHorizontalHeaderLabels([*HEADERS, "SHA-256"])
        return table

    def _fill(self, select: int | None) -> None:
        super()._fill(select)
        for r, row in enumerate(self.rows):
            item = QTableWidgetItem(f"{row.sha256[:SHOWN]}…")
            item.setToolTip(f"SHA-256：{row.sha256}\n文件若被改动，校验值即不符（“检查”会报告）")
            self.table.setItem(r, len(HEADERS), item)

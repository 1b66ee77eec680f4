"""修改一件: 题名, 文号, 责任者, 日期, 密级, 页数, 备注; sent with the version it was loaded at."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from app.common.dates import format_date8
from app.services.archives import items, queries
from app.services.archives.vocab import period_name
from app.services.context import Actor
from app.services.errors import ValidationError
from app.ui import ops
from app.ui.archives.common import REGISTERS, conflict_aware
from app.ui.kit import Field, FormDialog

SECRECY = ("无", "秘密", "机密", "绝密")
FIELDS = [Field("title", "题名（自拟题名加 [ ]）", required=True), Field("doc_no", "文号"),
          Field("author", "责任者"), Field("doc_date", "日期", "date"),
          Field("secrecy", "密级", "choice", SECRECY), Field("pages", "页数"),
          Field("note", "备注")]  # fmt: skip


class ItemDialog(FormDialog):
    """One 件's description; its 档号 parts are changed by 调整件号 or 撤出, not here."""

    def __init__(self, parent: QWidget | None, actor: Actor, item_id: int) -> None:
        super().__init__(parent, "修改档案", FIELDS, ok_text="保存")
        self.setMinimumWidth(560)
        self.actor, self.item_id = actor, item_id
        self.version: int | None = None
        conflict_aware(self, self.load)
        self.load()

    def load(self) -> None:
        """Read the 件 (again, after 重新载入): the fields and the version the save sends."""
        row = ops.query(self, self.actor, lambda s: queries.get_item(s, self.item_id))
        if row is None:
            return
        self.version = row.version
        self.setWindowTitle(f"修改档案：{row.archive_code}（{period_name(row.period)}）")
        for key, value in (("title", row.title), ("doc_no", row.doc_no),
                           ("author", row.author), ("pages", str(row.pages)),
                           ("note", row.note)):  # fmt: skip
            self.inputs[key].setText(value)  # type: ignore[attr-defined]
        self.inputs["doc_date"].setDate(row.doc_date)  # type: ignore[attr-defined]
        self.inputs["secrecy"].setCurrentText(row.secrecy or "无")  # type: ignore[attr-defined]
        self.inputs["doc_date"].setToolTip(f"目录中印为 {format_date8(row.doc_date)}")
        self.refuse("")

    def save(self) -> Any:
        values = self.values()
        pages = values["pages"].strip()
        if not pages.isdigit():
            raise ValidationError("页数应为整数，如 3。", "pages")
        form = items.ItemEdit(values["title"], values["doc_no"], values["author"],
                              values["doc_date"], "" if values["secrecy"] == "无"
                              else values["secrecy"], int(pages), values["note"])  # fmt: skip
        item_id, version = self.item_id, self.version
        work = lambda s: items.edit(s, item_id, form, version) or True  # noqa: E731
        return ops.perform(self.actor, work, touches=REGISTERS)

"""The 鉴定与移交 tab: 件 whose period ran out (续存 or 销毁, then the 销毁) and 件 due to 移交."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app import clock
from app.services.archives import appraisal
from app.services.archives.vocab import NEVER, PERIOD_NAMES, period_name
from app.services.context import Actor
from app.services.errors import ValidationError
from app.services.registry import ExportQuery
from app.ui import ops
from app.ui.archives.common import REGISTER, Prints, fill, named, read, selected_rows, table
from app.ui.kit import Field, FormDialog
from app.ui.seals.common import open_dialog

DUE = ("档号", "题名", "年度", "保管期限", "到期年份", "鉴定结论")


class AppraisalTab(QWidget):
    """Two lists: due for 鉴定 (with its decision) and due for 移交; buttons act on the picks."""

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.expired = table("expiredTable", DUE, multi=True)
        self.transfers = table("transferTable", DUE[:5], multi=True)
        self.expired_rows: list[appraisal.DueItem] = []
        self.transfer_rows: list[appraisal.DueItem] = []
        layout = QVBoxLayout(self)
        top = self._bar(
            "保管期限已满、待鉴定的文件",
            [
                ("续存…", "keep", self.keep),
                ("鉴定为销毁…", "toDestroy", self.mark_destroy),
                ("销毁…", "destroy", self.destroy_items),
            ],
        )
        layout.addLayout(top)
        layout.addWidget(self.expired, 1)
        layout.addLayout(
            self._bar(
                "形成满10年、应向县档案馆移交的文件（永久、定期30年）",
                [("移交…", "transfer", self.transfer)],
            )
        )
        layout.addWidget(self.transfers, 1)
        self.prints = Prints(
            self,
            actor,
            [("销毁清册…", "archive-destroyed"), ("移交清册…", "archive-transferred")],
            ExportQuery,
        )
        top.addWidget(self.prints.button)
        ops.watch(self, (REGISTER,), self.reload)  # a change on another 档案 tab
        self.reload()

    def _bar(self, title: str, buttons: list[tuple[str, str, Callable[[], Any]]]) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.addWidget(QLabel(title))
        bar.addStretch(1)
        for text, name, slot in buttons:
            button = named(QPushButton(text), name)
            button.clicked.connect(slot)
            bar.addWidget(button)
        return bar

    def reload(self) -> None:
        today = clock.today()
        self.expired_rows = read(self, self.actor, appraisal.due_for_appraisal, today, empty=[])
        self.transfer_rows = read(self, self.actor, appraisal.due_for_transfer, today, empty=[])
        fill(self.expired, [_cells(d) for d in self.expired_rows])
        fill(self.transfers, [_cells(d)[:5] for d in self.transfer_rows])

    def _picked(self, view: Any, rows: list[appraisal.DueItem]) -> list[int]:
        return [rows[r].id for r in selected_rows(view)]

    def _decide(self, decision: str, extra: list[Field]) -> FormDialog:
        ids = self._picked(self.expired, self.expired_rows)
        fields = [
            *extra,
            Field("panel", "鉴定小组成员", required=True),
            Field("decided_on", "鉴定日期", "date", default=clock.today()),
            Field("reason", "鉴定意见", "long"),
        ]

        def save(values: dict[str, Any]) -> None:
            form = appraisal.AppraisalForm(
                ids,
                decision,
                values["panel"],
                values["decided_on"],
                values.get("new_period", ""),
                values["reason"],
            )
            ops.perform(self.actor, lambda s: appraisal.appraise(s, form), touches=(REGISTER,))

        title = f"鉴定：{decision}（已选 {len(ids)} 件）"
        return open_dialog(FormDialog(self, title, fields, save), self.reload)

    def keep(self) -> FormDialog:
        periods = list(PERIOD_NAMES.values())
        return self._decide(appraisal.KEEP, [Field("new_period", "续存期限", "choice", periods)])

    def mark_destroy(self) -> FormDialog:
        return self._decide(appraisal.DESTROY, [])

    def _batch(self, kind: str, view: Any, rows: list[appraisal.DueItem]) -> FormDialog:
        ids = self._picked(view, rows)
        fields = [
            Field("batch", "清册号", required=True),
            Field("on", f"{kind}日期", "date", default=clock.today()),
            Field("by", "经办人", default=self.actor.display_name, required=True),
        ]
        if kind == "销毁":
            fields.append(Field("supervisor", "监销人"))

        def save(values: dict[str, Any]) -> None:
            if values["on"] is None:
                raise ValidationError(f"请填写{kind}日期", "on")
            form = appraisal.DisposalForm(
                ids, values["batch"], values["on"], values["by"], values.get("supervisor", "")
            )
            step = appraisal.destroy if kind == "销毁" else appraisal.transfer
            ops.perform(self.actor, lambda s: step(s, form), touches=(REGISTER,))

        title = f"{kind}（已选 {len(ids)} 件）：登记后可导出{kind}清册"
        return open_dialog(FormDialog(self, title, fields, save), self.reload)

    def destroy_items(self) -> FormDialog:
        return self._batch("销毁", self.expired, self.expired_rows)

    def transfer(self) -> FormDialog:
        return self._batch("移交", self.transfers, self.transfer_rows)


def _cells(d: appraisal.DueItem) -> tuple[object, ...]:
    ends = "—" if d.expires == NEVER else d.expires  # 永久 never runs out
    return (d.archive_code, d.title, d.year, period_name(d.period), ends, d.decision)

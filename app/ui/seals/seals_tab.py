"""The 印章 tab: the seals with their status; 新增印章 and 状态变更 (dated records)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from app import clock
from app.services.context import Actor
from app.services.errors import ValidationError
from app.services.seals import catalog
from app.services.seals.dto import SEAL_KINDS, SEAL_STATUSES, SealForm, SealRow, StatusForm
from app.services.seals.parse import split_names
from app.ui import ops
from app.ui.kit import DateEdit
from app.ui.seals.common import SEALS, SealsDialog, TableTab, open_dialog

HEADERS = ("印章名称", "类别", "保管人", "可审批人", "状态", "状态日期", "外借")


def _day(edit: DateEdit, label: str, field: str, required: bool = True) -> date | None:
    text = edit.text().strip()
    day = edit.date()
    if day is None and (required or text):
        raise ValidationError(f"{label}无法识别：{text or '（空）'}，请写成 2026-03-05", field)
    return day


class SealDialog(SealsDialog):
    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(actor, "新增印章", parent)
        self.name = self.add("name", "印章名称", QLineEdit())
        self.kind = self.add("kind", "类别", QComboBox())
        self.kind.addItems(list(SEAL_KINDS))
        self.keeper = self.add("keeper", "保管人", QLineEdit())
        self.approvers = self.add("approvers", "可审批人", QLineEdit())
        self.approvers.setPlaceholderText("姓名或职务，用顿号分隔；留空按设置中的默认审批人")

    def save(self) -> int:
        form = SealForm(self.name.text(), self.kind.currentText(), self.keeper.text(),
                        split_names(self.approvers.text()))  # fmt: skip
        return ops.perform(self.actor, lambda s: catalog.add_seal(s, form), touches=SEALS)


class StatusDialog(SealsDialog):
    """停用 / 封存 / 遗失（声明作废日期）/ 销毁（见证人）/ 在用, each with a date."""

    def __init__(self, actor: Actor, seal: SealRow, parent: QWidget | None = None) -> None:
        super().__init__(actor, f"印章状态变更：{seal.name}（现为{seal.status}）", parent)
        self.seal = seal
        self.status = self.add("status", "改为", QComboBox())
        self.status.addItems([s for s in SEAL_STATUSES if s != seal.status])
        self.effective_on = self.add("effective_on", "生效日期", DateEdit())
        self.effective_on.setDate(clock.today())
        self.reason = self.add("reason", "原因", QLineEdit())
        self.declared_on = self.add("void_declared_on", "声明作废日期", DateEdit())
        self.declared_on.setPlaceholderText("遗失时填写：登报或公告声明作废的日期")
        self.witnesses = self.add("witnesses", "见证人", QLineEdit())
        self.witnesses.setPlaceholderText("销毁时填写：见证人（监销人），用顿号分隔")

    def save(self) -> int:
        effective = _day(self.effective_on, "生效日期", "effective_on")
        declared = _day(self.declared_on, "声明作废日期", "void_declared_on", False)
        form = StatusForm(self.seal.id, self.status.currentText(), effective or clock.today(),
                          self.reason.text(), declared,
                          split_names(self.witnesses.text()),
                          version=self.seal.version)  # fmt: skip
        return ops.perform(self.actor, lambda s: catalog.change_status(s, form), touches=SEALS)


class ApproversDialog(SealsDialog):
    """Who may approve this seal's use: names or 职务 (local practice, per seal)."""

    def __init__(self, actor: Actor, seal: SealRow, parent: QWidget | None = None) -> None:
        super().__init__(actor, f"可审批人：{seal.name}", parent)
        self.seal = seal
        self.approvers = self.add("approvers", "可审批人", QLineEdit("、".join(seal.approvers)))
        self.approvers.setPlaceholderText("姓名或职务，用顿号分隔，如：党委书记、王建国")

    def save(self) -> None:
        names = split_names(self.approvers.text())
        ops.perform(
            self.actor,
            lambda s: catalog.set_approvers(s, self.seal.id, names, self.seal.version),
            touches=SEALS,
        )


class SealsTab(TableTab):
    needs_row = frozenset({"changeStatus", "editApprovers"})
    empty_text = "还没有印章：请点“新增印章”登记本单位的印章，之后才能登记用印和外借。"

    def __init__(self, actor: Actor) -> None:
        super().__init__(actor, "sealsTable", HEADERS, [
            ("新增印章", "addSeal", self.add_seal),
            ("状态变更…", "changeStatus", self.change_status),
            ("可审批人…", "editApprovers", self.edit_approvers),
        ])  # fmt: skip
        self.seals = list[SealRow]()
        ops.watch(self, SEALS, self.reload)  # a loan or a use elsewhere changes what it shows

    def reload(self) -> None:
        self.seals = ops.perform(self.actor, catalog.list_seals)
        self.fill([
            (s.name, s.kind, s.keeper, "、".join(s.approvers), s.status,
             s.status_since.isoformat() if s.status_since else "",
             "外借中" if s.out_on_loan else "")
            for s in self.seals
        ])  # fmt: skip

    def add_seal(self) -> SealDialog:
        return open_dialog(SealDialog(self.actor, self), self.reload)

    def change_status(self) -> StatusDialog | None:
        row = self.table.currentRow()
        if row < 0:
            return None
        return open_dialog(StatusDialog(self.actor, self.seals[row], self), self.reload)

    def edit_approvers(self) -> ApproversDialog | None:
        row = self.table.currentRow()
        if row < 0:
            return None
        return open_dialog(ApproversDialog(self.actor, self.seals[row], self), self.reload)

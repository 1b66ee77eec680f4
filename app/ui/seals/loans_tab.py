"""The 外借 tab: seals out of the office, 外借登记 with its approvals, and 归还."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from app import clock
from app.services.context import Actor
from app.services.seals import catalog, loans
from app.services.seals.dto import Approval, SealLoanForm, SealLoanRow
from app.services.versions import Seen
from app.ui import ops
from app.ui.kit.completer import attach_completer
from app.ui.seals.common import (
    SEALS,
    MomentEdit,
    SealsDialog,
    TableTab,
    open_dialog,
    show_moment,
)

HEADERS = ("印章", "借用人", "事由", "批准", "借出时间", "应还时间", "归还时间", "接收人", "状态")


class SealLoanDialog(SealsDialog):
    """One row per approver local practice asks for (settings: seals.loan_approvers)."""

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(actor, "印章外借登记", parent, "登记外借")
        seals = [s for s in ops.perform(actor, catalog.list_seals) if s.status == "在用"]
        self.seal = self.add("seal_id", "印章", QComboBox())
        for s in seals:
            if not s.out_on_loan:
                self.seal.addItem(s.name, s.id)
        self.borrower = self.add("borrower", "借用人", QLineEdit())
        self.purpose = self.add("purpose", "事由", QLineEdit())
        self.approvals: list[tuple[QLineEdit, str, MomentEdit]] = []
        choices = ops.perform(actor, loans.approver_choices)
        for i, (title, people) in enumerate(choices.items()):
            name = self.add(f"approver{i}", f"批准人（{title}）", _approver_field(people))
            at = self.add(f"approved{i}", "批准时间", MomentEdit(placeholder="批准时间"))
            self.approvals.append((name, title, at))
        self.lent_at = self.add("lent_at", "借出时间", MomentEdit(clock.now()))
        due = MomentEdit(placeholder="留空：当天 23:59 前归还")
        self.due_at = self.add("due_at", "应还时间", due)

    def save(self) -> int:
        approvals = [Approval(name.text(), title, at.moment("批准时间", "approvals", False))
                     for name, title, at in self.approvals]  # fmt: skip
        lent = self.lent_at.moment("借出时间", "lent_at")
        assert lent is not None
        form = SealLoanForm(self.seal.currentData() or 0, self.borrower.text(),
                        self.purpose.text(), approvals, lent,
                        self.due_at.moment("应还时间", "due_at", required=False))  # fmt: skip
        return ops.perform(self.actor, lambda s: loans.lend(s, form), touches=SEALS)


def _approver_field(people: list[str]) -> QLineEdit:
    """The approver's name, offering those on the staff list who hold the 职务."""
    field = QLineEdit()
    attach_completer(field, lambda: people)
    field.setPlaceholderText(f"如：{'、'.join(people[:3])}" if people else "人员名单中无此职务")
    return field


class SealReturnDialog(SealsDialog):
    def __init__(self, actor: Actor, loan: SealLoanRow, parent: QWidget | None = None) -> None:
        title = f"印章归还：{loan.seal_name}（借用人 {loan.borrower}）"
        super().__init__(actor, title, parent, "登记归还")
        self.loan = loan
        self.received_by = self.add("received_by", "接收人", QLineEdit())
        now = clock.now()
        self.returned_at = self.add("returned_at", "归还时间", MomentEdit(now))

    def save(self) -> None:
        when = self.returned_at.moment("归还时间", "returned_at")
        ops.perform(
            self.actor,
            lambda s: loans.return_seal(s, self.loan.id, self.received_by.text(), when),
            touches=SEALS,
            seen=Seen("印章外借", self.loan.id, self.loan.version),
        )


def _cells(loan: SealLoanRow) -> tuple[str, ...]:
    approvals = "、".join(f"{a.name}（{a.title}）" if a.title else a.name for a in loan.approvals)
    return (loan.seal_name, loan.borrower, loan.purpose, approvals, show_moment(loan.lent_at),
            show_moment(loan.due_at), show_moment(loan.returned_at), loan.received_by,
            _state(loan))  # fmt: skip


def _state(loan: SealLoanRow) -> str:
    if loan.returned_at is not None:
        return "已归还"
    return "逾期未还" if loan.overdue else "外借中"


class SealLoansTab(TableTab):
    needs_row = frozenset({"returnSeal"})
    empty_text = "没有印章外借记录：印章带出时点“外借登记…”。"

    def __init__(self, actor: Actor) -> None:
        super().__init__(actor, "loansTable", HEADERS, [
            ("外借登记…", "lendSeal", self.lend), ("归还…", "returnSeal", self.give_back),
        ])  # fmt: skip
        self.loans = list[SealLoanRow]()
        ops.watch(self, SEALS, self.reload)  # a seal retired, a loan 待办 closed elsewhere

    def reload(self) -> None:
        self.loans = ops.perform(self.actor, loans.list_loans)
        self.fill([_cells(loan) for loan in self.loans],
                  red={r for r, loan in enumerate(self.loans) if loan.overdue})  # fmt: skip

    def row_ready(self, row: int) -> bool:
        return row < len(self.loans) and self.loans[row].returned_at is None

    def lend(self) -> SealLoanDialog:
        return open_dialog(SealLoanDialog(self.actor, self), self.reload)

    def give_back(self) -> SealReturnDialog | None:
        row = self.table.currentRow()
        if row < 0 or self.loans[row].returned_at is not None:
            return None
        return open_dialog(SealReturnDialog(self.actor, self.loans[row], self), self.reload)

"""The 借阅 tab: the register, 借阅登记 with the 件 picked by search, and 归还."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QWidget

from app import clock
from app.services.archives import loans
from app.services.context import Actor
from app.services.errors import ValidationError
from app.services.registry import ExportQuery
from app.ui import ops
from app.ui.archives.common import REGISTER, Prints, conflict_aware, named, read
from app.ui.kit import DateEdit, FormDialog, shortcut
from app.ui.seals.common import TableTab, open_dialog

HEADERS = (
    "借阅日期",
    "借阅人",
    "单位",
    "档号",
    "题名",
    "利用目的",
    "方式",
    "批准人",
    "应还日期",
    "实还日期",
    "经办人",
    "状态",
)


class LoanDialog(FormDialog):
    """借阅登记: type part of a 档号, 题名 or 文号, pick the 件, fill in the rest; Enter saves."""

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent, "档案借阅登记", ok_text="登记")
        self.actor = actor
        self.setMinimumWidth(520)
        self.search = self.add("search", "检索（档号/题名/文号）", QLineEdit())
        self.item = self.add("item_id", "档案", QComboBox(), required=True)
        self.loaned_on = self.add("loaned_on", "借阅日期", DateEdit(), required=True)
        self.loaned_on.setDate(clock.today())
        self.borrower = self.add("borrower", "借阅人", QLineEdit(), required=True)
        self.unit = self.add("unit", "单位", QLineEdit())
        self.purpose = self.add("purpose", "利用目的", QLineEdit(), required=True)
        self.mode = self.add("mode", "方式", QComboBox(), required=True)
        self.mode.addItems(list(loans.MODES))
        self.approver = self.add("approver", "批准人", QComboBox())
        self.approver.addItems(["", *read(self, actor, loans.approvers, empty=[])])
        self.due_on = self.add("due_on", "应还日期", DateEdit())
        self.handler = self.add("handler", "经办人", QLineEdit(actor.display_name))
        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self.find_items)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.finished.connect(self._timer.stop)
        self.searched = ""

    def find_items(self) -> None:
        self._timer.stop()
        self.searched = self.search.text()
        self.item.clear()
        picks: list[loans.Pick] = read(
            self, self.actor, loans.search_items, self.search.text(), empty=[]
        )
        for pick in picks:
            marks = "".join(f"〔{m}〕" for m in (pick.secrecy, "借出中" if pick.out else "") if m)
            self.item.addItem(f"{pick.archive_code}  {pick.title}{marks}", pick.id)

    def save(self) -> object:
        if self.search.text() != self.searched:
            self.find_items()  # Enter after typing a search finds first; the next Enter saves
            raise _Stay()
        form = loans.LoanForm(
            self.item.currentData() or 0,
            _day(self.loaned_on, "借阅日期", "loaned_on") or clock.today(),
            self.borrower.text(),
            self.unit.text(),
            self.purpose.text(),
            self.mode.currentText(),
            self.approver.currentText(),
            _day(self.due_on, "应还日期", "due_on"),
            self.handler.text(),
        )
        if not form.item_id:
            raise ValidationError("请先检索并选择要借阅的档案", "search")
        return ops.perform(self.actor, lambda s: loans.lend(s, form), touches=(REGISTER,))


class _Stay(ValidationError):
    """Enter in the search box: keep the dialog open, say nothing."""

    def __init__(self) -> None:
        super().__init__("", "item_id")


def _day(edit: DateEdit, label: str, field: str) -> date | None:
    if not edit.is_valid():
        raise ValidationError(f"{label}：无法识别的日期“{edit.text()}”", field)
    return edit.date()


class ReturnDialog(FormDialog):
    def __init__(self, actor: Actor, loan: loans.Loan, parent: QWidget | None = None) -> None:
        super().__init__(
            parent, f"归还：{loan.archive_code}（{loan.borrower}）", ok_text="登记归还"
        )
        self.actor, self.loan = actor, loan
        self.returned_on = self.add("returned_on", "实还日期", DateEdit())
        self.returned_on.setDate(clock.today())

    def save(self) -> object:
        day = _day(self.returned_on, "实还日期", "returned_on")
        loan = self.loan
        work = lambda s: loans.return_loan(s, loan.id, day, loan.version)  # noqa: E731
        return ops.perform(self.actor, work, touches=(REGISTER,))


def _cells(loan: loans.Loan) -> tuple[str, ...]:
    return (
        _d(loan.loaned_on),
        loan.borrower,
        loan.unit,
        loan.archive_code,
        loan.title,
        loan.purpose,
        loan.mode,
        loan.approver,
        _d(loan.due_on),
        _d(loan.returned_on),
        loan.handler,
        _state(loan),
    )


def _d(day: date | None) -> str:
    return day.isoformat() if day else ""


def _state(loan: loans.Loan) -> str:
    if loan.overdue_days:
        return f"逾期{loan.overdue_days}天"
    if loan.mode == loans.LENT_OUT:
        return "已归还" if loan.returned_on else "借出中"
    return ""


def _button_row(tab: TableTab) -> QHBoxLayout:
    """The row of buttons TableTab laid out first."""
    layout = tab.layout()
    item = layout.itemAt(0) if layout is not None else None
    row = item.layout() if item is not None else None
    assert isinstance(row, QHBoxLayout)
    return row


class LoansTab(TableTab):
    """The 借阅 register; Ctrl+N registers a 借阅."""

    needs_row = frozenset({"returnLoan"})

    def __init__(self, actor: Actor) -> None:
        super().__init__(
            actor,
            "archiveLoansTable",
            HEADERS,
            [
                ("借阅登记… (Ctrl+N)", "lendItem", self.lend),
                ("归还…", "returnLoan", self.give_back),
            ],
        )
        self.open_only = named(QCheckBox("只看借出未还"), "openOnly")
        self.open_only.toggled.connect(self.reload)
        bar = _button_row(self)
        bar.insertWidget(bar.count() - 1, self.open_only)
        self.prints = Prints(self, actor, [("借阅登记簿…", "archive-loans")], ExportQuery)
        bar.addWidget(self.prints.button)
        self.rows: list[loans.Loan] = []
        shortcut(self, "Ctrl+N", self.lend)
        ops.watch(self, (REGISTER,), self.reload)  # a change on another 档案 tab
        self.reload()

    def reload(self) -> None:
        only = self.open_only.isChecked()
        self.rows = read(self, self.actor, loans.list_loans, None, only, empty=[])
        self.fill(
            [_cells(r) for r in self.rows],
            red={i for i, r in enumerate(self.rows) if r.overdue_days},
        )

    def row_ready(self, row: int) -> bool:
        loan = self.rows[row] if row < len(self.rows) else None
        return loan is not None and loan.mode == loans.LENT_OUT and loan.returned_on is None

    def lend(self) -> LoanDialog:
        return open_dialog(LoanDialog(self.actor, self), self.reload)

    def give_back(self) -> ReturnDialog | None:
        row = self.table.currentRow()
        if row < 0 or not self.row_ready(row):
            return None
        dialog = ReturnDialog(self.actor, self.rows[row], self)
        return open_dialog(conflict_aware(dialog, lambda: self._again(dialog)), self.reload)

    def _again(self, dialog: ReturnDialog) -> None:
        """重新载入 after a stale 归还: the register again (the line may be returned now)."""
        dialog.reject()
        self.reload()

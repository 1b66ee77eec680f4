"""The 来访 page: register, case list with clocks, the actions, month chart, 处理意见书."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.context import Actor, Perm
from app.services.errors import DomainError, ValidationError
from app.services.session import unit_of_work
from app.services.visits import cases, rules
from app.services.visits.opinion import write_opinion_pdf
from app.services.visits.queries import (
    CaseFilter,
    accused_of,
    clock_rows,
    monthly_counts,
    people_of,
)
from app.ui.visits.chart import MonthChart
from app.ui.visits.fields import ActionDialog, Field
from app.ui.visits.model import COLUMNS, CaseTableModel
from app.ui.visits.register import RegisterDialog


class VisitsPage(QWidget):
    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.model = CaseTableModel(actor)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for n, column in enumerate(COLUMNS):
            self.table.setColumnWidth(n, column[2])
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.chart = MonthChart()
        self._build()
        self.refresh()

    def _build(self) -> None:
        self.search = QLineEdit(placeholderText="搜索 编号/姓名/问题/村（Ctrl+F）")
        self.year = QSpinBox(minimum=2000, maximum=2100, value=date.today().year)
        self.category = QComboBox()
        self.category.addItems(["全部类别", *rules.CATEGORIES])
        self.search.returnPressed.connect(self.refresh)
        self.year.valueChanged.connect(self.refresh)
        self.category.currentIndexChanged.connect(self.refresh)
        bar = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot in self._actions():
            button = QPushButton(text)
            button.setObjectName(key)
            button.clicked.connect(slot)
            bar.addWidget(button)
            self.buttons[key] = button
        bar.addStretch(1)
        for w in (QLabel("年度"), self.year, self.category, self.search):
            bar.addWidget(w)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.detail)
        lower.addWidget(self.chart)
        split.addWidget(lower)
        lower.setSizes([380, 900])
        split.setSizes([500, 200])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.show_detail())
        QShortcut(QKeySequence("Ctrl+N"), self, activated=self.new_walk_in)
        QShortcut(QKeySequence("Ctrl+F"), self, activated=self.search.setFocus)

    def _actions(self) -> list[tuple[str, str, Any]]:
        return [
            ("walk_in", "走访登记（Ctrl+N）", self.new_walk_in),
            ("other", "来信/来电等登记", lambda: self.new_case("书信")),
            ("accept", "受理", self.accept_case),
            ("notify", "告知", self.notify_case),
            ("extend", "延期", self.extend_case),
            ("conclude", "办结", self.conclude_case),
            ("review", "复查/复核", self.review_case),
            ("opinion", "处理意见书PDF", self.opinion_pdf),
        ]

    def refresh(self) -> None:
        category = self.category.currentText()
        flt = CaseFilter(
            year=self.year.value(),
            text=self.search.text(),
            category="" if category == "全部类别" else category,
        )
        self.model.reload(flt)
        with unit_of_work(self.actor) as session:
            counts = monthly_counts(session, self.year.value())
        total = sum(c.total for c in counts)
        self.chart.set_counts(f"{self.year.value()}年各月来访 {total} 件（红色为逾期）", counts)
        self.show_detail()

    def current_id(self) -> int | None:
        row = self.model.row_at(self.table.currentIndex().row())
        return row.id if row else None

    def select_id(self, case_id: int) -> None:
        for n, row in enumerate(self.model.rows):
            if row.id == case_id:
                self.table.selectRow(n)
                return

    def show_detail(self) -> None:
        case_id = self.current_id()
        if case_id is None:
            self.detail.setText("选中一件来访，查看各项期限。")
            return
        with unit_of_work(self.actor) as session:
            found = clock_rows(session, case_id)
            people = people_of(session, case_id)
            accused = (
                accused_of(session, case_id) if self.actor.can(Perm.VIEW_ACCUSATIONS) else None
            )
        lines = [
            f"{'【代表】' if p.representative else ''}{p.name} {p.gender} {p.id_number} "
            f"{p.phone} {p.address}"
            for p in people
        ]
        if accused:
            lines.append(f"被反映人：{accused[0]} {accused[1]}")
        lines += [f"{c.name}：起算 {c.start}，期限 {c.due}，{c.status}" for c in found]
        self.detail.setText("\n".join(lines))

    def new_walk_in(self) -> None:
        self.new_case("走访")

    def new_case(self, form: str) -> RegisterDialog:
        dialog = RegisterDialog(self.actor, form, self)
        dialog.finished.connect(lambda _: self._after_register(dialog))
        dialog.open()
        return dialog

    def _after_register(self, dialog: RegisterDialog) -> None:
        if dialog.registered:
            self.refresh()
            self.select_id(dialog.registered.id)

    def _act(self, title: str, fields: list[Field], run: Any) -> ActionDialog | None:
        case_id = self.current_id()
        if case_id is None:
            QMessageBox.information(self, title, "请先在列表中选中一件来访。")
            return None

        def submit(values: dict[str, Any]) -> None:
            with unit_of_work(self.actor) as session:
                run(session, case_id, values)

        dialog = ActionDialog(title, fields, submit, self)
        dialog.accepted.connect(lambda: (self.refresh(), self.select_id(case_id)))
        dialog.open()
        return dialog

    def accept_case(self) -> ActionDialog | None:
        return self._act(
            "受理",
            [
                Field("on", "受理日期", "date", default=date.today()),
                Field("handling", "处理方式", "choice", rules.HANDLINGS[1:], "受理"),
                Field("unit", "承办单位"),
                Field("person", "承办人"),
            ],
            lambda s, cid, v: cases.accept(
                s, cid, _need(v["on"], "受理日期"), v["handling"], v["unit"], v["person"]
            ),
        )

    def notify_case(self) -> ActionDialog | None:
        return self._act(
            "书面告知",
            [Field("on", "告知日期", "date", default=date.today())],
            lambda s, cid, v: cases.notify(s, cid, _need(v["on"], "告知日期")),
        )

    def extend_case(self) -> ActionDialog | None:
        return self._act(
            "延期（只能一次，30日）",
            [
                Field("leader", "批准领导"),
                Field("approved_on", "批准日期", "date", default=date.today()),
                Field("told_on", "告知信访人日期", "date", default=date.today()),
            ],
            lambda s, cid, v: cases.extend(
                s,
                cid,
                cases.ExtensionForm(
                    v["leader"],
                    _need(v["approved_on"], "批准日期"),
                    _need(v["told_on"], "告知日期"),
                ),
            ),
        )

    def conclude_case(self) -> ActionDialog | None:
        return self._act(
            "办结",
            [
                Field("outcome", "处理意见", "choice", rules.OUTCOMES),
                Field("concluded_on", "办结日期", "date", default=date.today()),
                Field("facts", "事实认定"),
                Field("opinion", "处理意见（正文）"),
                Field("delivery_means", "送达方式", "choice", rules.DELIVERY),
                Field("delivered_on", "送达日期", "date", default=date.today()),
                Field("satisfaction", "满意度", "choice", rules.SATISFACTION),
                Field("in_national_system", "已录入国家信访信息系统", "check"),
                Field("national_no", "系统编号"),
            ],
            self._conclude,
        )

    @staticmethod
    def _conclude(session: Any, case_id: int, v: dict[str, Any]) -> None:
        v["concluded_on"] = _need(v["concluded_on"], "办结日期")
        cases.conclude(session, case_id, cases.ConcludeForm(**v))

    def review_case(self) -> ActionDialog | None:
        return self._act(
            "复查/复核",
            [
                Field("kind", "类型", "choice", ("复查", "复核")),
                Field("requested_on", "申请日期", "date"),
                Field("answered_on", "答复日期", "date"),
            ],
            lambda s, cid, v: cases.record_review(
                s, cid, v["requested_on"], v["answered_on"], recheck=v["kind"] == "复核"
            ),
        )

    def opinion_pdf(self) -> None:
        case_id = self.current_id()
        if case_id is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self, "保存处理意见书", "信访事项处理意见书.pdf", "PDF (*.pdf)"
        )
        if name:
            self.save_opinion(case_id, Path(name))

    def save_opinion(self, case_id: int, path: Path) -> bool:
        try:
            with unit_of_work(self.actor) as session:
                write_opinion_pdf(session, case_id, path)
        except DomainError as exc:
            QMessageBox.warning(self, "处理意见书", exc.message)
            return False
        return True


def _need(value: date | None, label: str) -> date:
    if value is None:
        raise ValidationError(f"请填写{label}", label)
    return value

"""The registration form: a walk-in at the counter by keyboard, or a letter, call, fax, web."""

from __future__ import annotations

from datetime import UTC
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.services.context import Actor
from app.services.errors import DomainError, ValidationError
from app.services.visits import rules
from app.services.visits.cases import CaseForm, CaseRef, PersonForm, register_case
from app.services.visits.people import accounts
from app.services.visits.queries import Earlier, known_values, look_up_earlier
from app.ui import ops
from app.ui.kit import (
    DateTimeEdit,
    Unsaved,
    attach_completer,
    ok_cancel,
    save_keys,
    save_label,
)

OTHER_HEADERS = ("姓名", "性别", "证件号", "电话", "住址", "代表")


def _group(title: str, rows: tuple[tuple[str, QWidget], ...]) -> QGroupBox:
    box = QGroupBox(title)
    form = QFormLayout(box)
    for label, widget in rows:
        form.addRow(label, widget)
    return box


def _combo(items: tuple[str, ...], blank: bool = False) -> QComboBox:
    box = QComboBox()
    box.addItems(([""] if blank else []) + list(items))
    return box


class RegisterDialog(QDialog):
    """登记 one case; the earlier cases of the same person show while the clerk types."""

    def __init__(self, actor: Actor, form: str = "走访", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.ref: CaseRef | None = None
        # the last look-up: the first person's key and what it found (registering reuses it)
        self.looked_up: tuple[tuple[str, ...], Earlier] | None = None
        self.look_up = ops.Debounced(self, self.look_up_earlier, ms=300)
        self.setWindowTitle("来访登记" if form == "走访" else "信访登记")
        self._build(form)
        for edit in (self.id_number, self.phone, self.name, self.village):
            edit.textChanged.connect(self.look_up)
        self.category.currentTextChanged.connect(self._accusation_fields)
        self.accused.textChanged.connect(self._match_account)
        for edit, field in ((self.village, "village"), (self.unit, "handler_unit"),
                            (self.leader, "receiving_leader")):  # fmt: skip
            attach_completer(edit, partial(self._learned, field))
        self._accusation_fields(self.category.currentText())
        self.unsaved = Unsaved(self)  # last: Esc on a half-typed case asks first
        save_keys(self, self.try_register)
        self.resize(1180, 620)
        self.name.setFocus()

    def _build(self, form: str) -> None:
        self.form = _combo(rules.FORMS)
        self.form.setCurrentText(form)
        self.day = DateTimeEdit(required=True)
        self.day.setDateTime(clock.now().replace(second=0, microsecond=0))
        self.name, self.gender = QLineEdit(), _combo(rules.GENDERS, blank=True)
        self.id_number, self.phone, self.address = QLineEdit(), QLineEdit(), QLineEdit()
        self.representative = QCheckBox("代表")
        self.headcount = QSpinBox(minimum=1, maximum=999)
        self.village, self.issue, self.demand, self.reason = (QLineEdit() for _ in range(4))
        self.category = _combo(rules.CATEGORIES)
        self.category.setCurrentText("申诉求决类")
        self.receiver, self.leader = QLineEdit(self.actor.display_name), QLineEdit()
        self.recusal = QCheckBox("已确认接待人员无须回避")
        self.handling = _combo(rules.HANDLINGS, blank=True)
        self.unit, self.person = QLineEdit(), QLineEdit()
        self.accused, self.accused_post = QLineEdit(), QLineEdit()
        self.others = QTableWidget(0, len(OTHER_HEADERS))
        self.others.setMinimumHeight(110)
        self.others.setHorizontalHeaderLabels(list(OTHER_HEADERS))
        self.earlier = QListWidget()
        self.earlier.setMinimumHeight(110)
        self.earlier_label = QLabel("以往来访：无")
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828")
        self.error.setWordWrap(True)
        self.accused_account = self._accounts()
        self._lay_out()

    def _lay_out(self) -> None:
        """Three columns of rows over the earlier cases and the other people: the form was
        936 px tall in one column and its buttons fell off a 1366×768 screen."""
        who = (
            ("信访形式", self.form),
            ("登记时间", self.day),
            ("姓名 *", self.name),
            ("性别", self.gender),
            ("证件号", self.id_number),
            ("电话", self.phone),
            ("住址", self.address),
            ("", self.representative),
            ("人数", self.headcount),
        )
        what = (
            ("涉及村/社区", self.village),
            ("反映问题 *", self.issue),
            ("诉求", self.demand),
            ("理由", self.reason),
            ("类别 *", self.category),
            ("被反映人", self.accused),
            ("被反映人职务", self.accused_post),
            ("被反映人账户", self.accused_account),
        )
        handled = (
            ("接待人", self.receiver),
            ("接待领导", self.leader),
            ("回避", self.recusal),
            ("处理方式", self.handling),
            ("承办单位", self.unit),
            ("承办人", self.person),
        )
        columns = QHBoxLayout()
        for title, rows in (("信访人", who), ("反映事项", what), ("接待与处理", handled)):
            columns.addWidget(_group(title, rows), 1)
        outer = QVBoxLayout(self)
        outer.addLayout(columns)
        outer.addLayout(self._lower(), 1)
        hint = QLabel("带 * 的为必填项。")
        hint.setObjectName("hint")
        outer.addWidget(hint)
        outer.addWidget(self.error)
        buttons = ok_cancel(save_label("登记"))
        buttons.accepted.connect(self.try_register)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)

    def _lower(self) -> QHBoxLayout:
        add = QPushButton("添加信访人（&A）")
        add.setAutoDefault(False)
        add.clicked.connect(self.add_person_row)
        earlier = QVBoxLayout()
        earlier.addWidget(self.earlier_label)
        earlier.addWidget(self.earlier)
        others = QVBoxLayout()
        title = QHBoxLayout()
        title.addWidget(QLabel("其他信访人 / 代表"), 1)
        title.addWidget(add)
        others.addLayout(title)
        others.addWidget(self.others)
        lower = QHBoxLayout()
        lower.addLayout(earlier, 2)
        lower.addLayout(others, 3)
        return lower

    def _accounts(self) -> QComboBox:
        """The 被反映人's own account, if they have one: linked, the case never reaches it."""
        box = QComboBox()
        box.addItem("无（不是本系统用户）", None)
        for account in ops.query(self.error, self.actor, accounts) or []:
            box.addItem(f"{account.display_name}（{account.username}）", account.id)
        return box

    def _match_account(self, name: str) -> None:
        """Typing a name that is an account's own picks that account; the clerk can change it."""
        names = [self.accused_account.itemText(i).partition("（")[0]
                 for i in range(self.accused_account.count())]  # fmt: skip
        if name.strip() in names[1:]:
            self.accused_account.setCurrentIndex(names.index(name.strip(), 1))

    def _learned(self, field: str) -> list[str]:
        return ops.query(self.error, self.actor, lambda s: known_values(s, field)) or []

    def _accusation_fields(self, category: str) -> None:
        for w in (self.accused, self.accused_post, self.accused_account):
            w.setEnabled(category == rules.ACCUSATION)

    def add_person_row(self) -> None:
        row = self.others.rowCount()
        self.others.insertRow(row)
        rep = QTableWidgetItem()
        rep.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
        rep.setCheckState(Qt.CheckState.Checked)
        self.others.setItem(row, len(OTHER_HEADERS) - 1, rep)
        self.others.setCurrentCell(row, 0)

    def _key(self) -> tuple[str, ...]:
        return (self.id_number.text(), self.phone.text(), self.name.text(), self.village.text())

    def look_up_earlier(self) -> None:
        """This person's earlier cases, once the clerk paused typing (ops.Debounced)."""
        key = self._key()
        id_number, phone, name, village = key
        earlier = ops.query(self.error, self.actor, lambda s: look_up_earlier(
            s, id_number=id_number, phone=phone, name=name, village=village))  # fmt: skip
        if earlier is None:
            return
        self.looked_up = (key, earlier)
        found = earlier.rows
        self.earlier.clear()
        for r in found:
            self.earlier.addItem(f"{r.reg_no} {r.received_on} {r.issue}（{r.state}）")
        self.earlier_label.setText(
            f"以往来访：{len(found)} 件（本次将登记为重复访）" if found else "以往来访：无"
        )
        self.earlier_label.setStyleSheet("color: #c62828; font-weight: bold" if found else "")

    def _cell(self, row: int, col: int) -> str:
        item = self.others.item(row, col)
        return item.text().strip() if item else ""

    def persons(self) -> list[PersonForm]:
        first = PersonForm(
            self.name.text(),
            self.gender.currentText(),
            self.id_number.text(),
            self.address.text(),
            self.phone.text(),
            self.representative.isChecked(),
        )
        out = [first]
        for row in range(self.others.rowCount()):
            if not self._cell(row, 0):
                continue
            rep = self.others.item(row, len(OTHER_HEADERS) - 1)
            name, gender, id_number, address, phone = (self._cell(row, c) for c in range(5))
            chosen = rep is not None and rep.checkState() == Qt.CheckState.Checked
            out.append(PersonForm(name, gender, id_number, address, phone, chosen))
        return out

    def case_form(self) -> CaseForm:
        when = self.day.dateTime()
        if when is None:
            raise ValidationError("登记时间无法识别，请写成 2026-03-05 09:30", "day")
        day = when.date()
        searched = self.looked_up is not None and self.looked_up[0] == self._key()
        newest = self.looked_up[1].newest_id if searched and self.looked_up else None
        return CaseForm(
            repeat_of_id=newest,
            first_person_searched=searched,
            received_at=when.astimezone(UTC),
            form=self.form.currentText(),
            category=self.category.currentText(),
            persons=self.persons(),
            issue=self.issue.text(),
            headcount=self.headcount.value(),
            village=self.village.text(),
            demand=self.demand.text(),
            reason=self.reason.text(),
            receiver=self.receiver.text(),
            receiving_leader=self.leader.text(),
            recusal_confirmed=self.recusal.isChecked(),
            handling=self.handling.currentText(),
            handler_unit=self.unit.text(),
            handler_person=self.person.text(),
            accepted_on=day if self.handling.currentText() == "受理" else None,
            accused_name=self.accused.text(),
            accused_position=self.accused_post.text(),
            accused_user_id=self.accused_account.currentData(),
        )

    def try_register(self) -> None:
        try:
            form = self.case_form()
            self.ref = ops.perform(self.actor, lambda s: register_case(s, form), touches=("来访",))
        except DomainError as exc:
            self.error.setText(exc.message)
            self._focus_field(getattr(exc, "field", None))
            return
        self.accept()

    def reject(self) -> None:
        """Esc, 取消 or the window's button: typed work is not lost without asking."""
        if self.unsaved.may_close(lambda: QDialog.reject(self)):
            super().reject()

    def _focus_field(self, field: str | None) -> None:
        """Put the cursor where the refusal points, so the clerk can fix it at once."""
        widgets = {"persons": self.name, "id_number": self.id_number, "phone": self.phone,
                   "gender": self.gender, "issue": self.issue, "headcount": self.headcount,
                   "form": self.form, "category": self.category, "handling": self.handling,
                   "day": self.day, "received_at": self.day,
                   "accused_user_id": self.accused_account}  # fmt: skip
        if field in widgets:
            widgets[field].setFocus()

    @property
    def registered(self) -> CaseRef | None:
        return self.ref

"""The fast 签收 form: ten fields, keyboard only, Enter saves and a blank form follows."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.common.dates import parse_date
from app.services.context import Actor
from app.services.errors import DomainError, ValidationError
from app.services.filing import incoming, queries, vocab
from app.ui import ops
from app.ui.filing.common import FILING
from app.ui.kit import FormHelper, Unsaved, attach_completer, save_keys, save_label
from app.ui.kit.forms import required_hint, required_label

# the ReceiveForm names of the rows, in order: a refusal names one, its red line shows there
FIELDS = ("sender", "sender_doc_number", "title", "doc_type", "urgency", "secrecy",
          "secrecy_years", "copies", "pages", "issued_on")  # fmt: skip
REQUIRED = ("sender", "title")  # what incoming.receive refuses without


class ReceiveDialog(QDialog):
    """Stays open: each Enter registers one 收文 and clears the form for the next."""

    def __init__(self, parent: QWidget, actor: Actor, saved: Callable[[int], None]) -> None:
        super().__init__(parent)
        self.setWindowTitle("签收登记")
        self.setMinimumWidth(560)  # a 标题 runs to thirty characters and more: show it whole
        self.actor, self.saved = actor, saved
        self.sender_edit = QLineEdit()
        self.completer = attach_completer(
            self.sender_edit, lambda: ops.perform(actor, queries.known_senders), ttl_s=0
        )  # read again each time the field is entered: the name just saved is offered
        self.number, self.title, self.years = QLineEdit(), QLineEdit(), QLineEdit()
        self.copies, self.pages, self.issued_on = QLineEdit("1"), QLineEdit(), QLineEdit()
        self.issued_on.setPlaceholderText("如 2026.3.5")
        self.doc_type = _combo(("", *vocab.DOC_TYPES))
        self.urgency = _combo(("", *vocab.URGENCIES))
        self.secrecy = _combo(("", *vocab.SECRECY_LIMITS))
        self.status = QLabel("依次填写，回车保存；保存后自动清空，接着登记下一份。")
        self.status.setObjectName("status")
        self._layout()
        self.unsaved = Unsaved(self)  # Esc on typed work asks first

    def _layout(self) -> None:
        form = QFormLayout()
        rows = (("来文机关", self.sender_edit), ("来文字号", self.number), ("标题", self.title),
                ("文种", self.doc_type), ("紧急程度", self.urgency), ("密级", self.secrecy),
                ("保密期限（年）", self.years), ("份数", self.copies), ("页数", self.pages),
                ("成文日期", self.issued_on))  # fmt: skip
        self.helper = FormHelper(self)  # a refusal shows in red under its field
        self.helper.submitted.connect(self.save)
        for (label, widget), name in zip(rows, FIELDS, strict=True):
            self.helper.add(name, widget)
            form.addRow(
                required_label(label) if name in REQUIRED else label, self.helper.wrap(name)
            )
        self.save_button = QPushButton(save_label("保存"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        save_keys(self, self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(required_hint())
        layout.addWidget(self.status)
        layout.addWidget(self.save_button)
        for (_, first), (_, second) in pairwise(rows):
            QWidget.setTabOrder(first, second)
        self.sender_edit.setFocus()

    def reject(self) -> None:
        """Esc or the window's button: a half-typed 收文 is not lost without asking."""
        if self.unsaved.may_close(lambda: QDialog.reject(self)):
            super().reject()

    def _int(self, edit: QLineEdit, label: str, name: str) -> int | None:
        text = edit.text().strip()
        if not text:
            return None
        if not text.isdigit():
            raise ValidationError(f"{label}应填数字。", field=name)
        return int(text)

    def form(self) -> incoming.ReceiveForm:
        issued = parse_date(self.issued_on.text()) if self.issued_on.text().strip() else None
        if self.issued_on.text().strip() and issued is None:
            raise ValidationError(
                "成文日期无法识别（可写 2026-03-05、2026.3.5 或 20260305）。", field="issued_on"
            )
        return incoming.ReceiveForm(
            sender=self.sender_edit.text(), title=self.title.text(),
            sender_doc_number=self.number.text(), doc_type=self.doc_type.currentText() or None,
            urgency=self.urgency.currentText() or None, secrecy=self.secrecy.currentText() or None,
            secrecy_years=self._int(self.years, "保密期限", "secrecy_years"),
            copies=self._int(self.copies, "份数", "copies") or 1,
            pages=self._int(self.pages, "页数", "pages"),
            issued_on=issued,
        )  # fmt: skip

    def save(self) -> None:
        self.helper.clear()
        try:
            form = self.form()
            new_id = ops.perform(self.actor, lambda s: incoming.receive(s, form), touches=FILING)
            row = ops.perform(self.actor, lambda s: queries.get_incoming(s, new_id))
        except ValidationError as exc:
            self.status.clear()
            self.helper.show(exc, fallback=self)  # beside its field, the cursor there
            return
        except DomainError as exc:
            self.status.setText(exc.message)
            self.status.setStyleSheet("color: #c00")
            return
        self.status.setStyleSheet("color: #070")
        if row is not None:  # just saved: gone only if someone undid it in between
            self.status.setText(f"已登记 {row.receipt_no}：{row.title}")
        self._clear()
        self.saved(new_id)

    def _clear(self) -> None:
        for edit in (
            self.sender_edit,
            self.number,
            self.title,
            self.years,
            self.pages,
            self.issued_on,
        ):
            edit.clear()
        self.copies.setText("1")
        for box in (self.doc_type, self.urgency, self.secrecy):
            box.setCurrentIndex(0)
        self.sender_edit.setFocus()


def _combo(items: tuple[str, ...]) -> QComboBox:
    box = QComboBox()
    box.addItems(list(items))
    return box

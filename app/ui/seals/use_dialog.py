"""用印登记: one entry typed by keyboard alone (Tab between fields, Enter saves)."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from app import clock
from app.services.context import Actor
from app.services.seals import approvers, catalog, ledger, outgoing
from app.services.seals.dto import SealRow, UseForm
from app.ui import ops
from app.ui.kit import attach_completer
from app.ui.seals.common import SEALS, MomentEdit, SealsDialog

# what ledger.register_use refuses without (the 核对 tick says so in its own words)
REQUIRED = frozenset({"seal_id", "used_at", "applicant", "purpose", "doc_title", "copies",
                      "approver", "approved_at"})  # fmt: skip
ATTEST_TEXT = "已核对：文件内容完整，无空白纸张、空白介绍信或未填写完整的表格"


class UseDialog(SealsDialog):
    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(actor, "用印登记", parent, "保存")
        self.seals = [s for s in ops.perform(actor, catalog.list_seals) if s.status == "在用"]
        self.docs = ops.perform(actor, outgoing.find)
        self.known_approvers: dict[int, list[approvers.Approver]] = {}
        self._build()
        self._seal_changed()

    def _build(self) -> None:
        f: dict[str, QWidget] = {}
        f["seal_id"] = self.seal = QComboBox()
        for s in self.seals:
            self.seal.addItem(
                f"{s.name}（{s.kind}）" + ("【外借中】" if s.out_on_loan else ""), s.id
            )
        f["used_at"] = self.used_at = MomentEdit(clock.now())
        f["unit"], f["applicant"], f["purpose"] = QLineEdit(), QLineEdit(), QLineEdit()
        f["outgoing_id"] = self.doc = QComboBox()
        self.doc.addItem("（不关联发文）", None)
        for d in self.docs:
            self.doc.addItem(d.label(), d.id)
        f["doc_title"], f["doc_number"] = QLineEdit(), QLineEdit()
        f["copies"] = self.copies = QSpinBox()
        self.copies.setRange(0, 9999)
        self.copies.setValue(1)
        f["approver"] = QLineEdit()
        f["approver_title"] = self.title = QComboBox()
        self.title.setEditable(True)
        f["approved_at"] = self.approved_at = MomentEdit(placeholder="审批时间须早于用印时间")
        f["supervisor"], f["note"] = QLineEdit(), QLineEdit()
        f["copy_kept"] = self.copy_kept = QCheckBox("留存复印件")
        f["attested"] = self.attested = QCheckBox(f"{ATTEST_TEXT} *")  # no tick, no 用印
        self._lay_out(f)
        for key in set(ledger.LEARNED) - {"approver"}:
            edit = self.inputs[key]
            assert isinstance(edit, QLineEdit)
            attach_completer(edit, partial(self._known, key))
        # the approver is someone on the staff list holding the seal's 职务: offer just them
        approver = f["approver"]
        assert isinstance(approver, QLineEdit)
        attach_completer(approver, lambda: [a.name for a in self._approvers()])
        approver.textChanged.connect(self._approver_typed)
        self.seal.currentIndexChanged.connect(self._seal_changed)
        self.doc.currentIndexChanged.connect(self._doc_changed)

    def _known(self, key: str) -> list[str]:
        """What was typed in this field before (for completion)."""
        return ops.perform(self.actor, lambda s: ledger.known_values(s, key))

    def _lay_out(self, widgets: dict[str, QWidget]) -> None:
        labels = {"seal_id": "印章", "used_at": "用印时间", "unit": "用印单位/科室",
                  "applicant": "申请人/经办人", "purpose": "事由", "outgoing_id": "关联发文",
                  "doc_title": "文件名称", "doc_number": "文号", "copies": "份数",
                  "approver": "审批人", "approver_title": "审批人职务", "approved_at": "审批时间",
                  "supervisor": "监印人", "note": "备注", "copy_kept": "",
                  "attested": ""}  # fmt: skip
        for key, label in labels.items():
            self.add(key, label, widgets[key], required=key in REQUIRED)

    def current_seal(self) -> SealRow | None:
        return next((s for s in self.seals if s.id == self.seal.currentData()), None)

    def _seal_changed(self) -> None:
        seal = self.current_seal()
        self.title.clear()
        self.title.addItems(list(seal.approvers) if seal else [])

    def _approvers(self) -> list[approvers.Approver]:
        """Read once a seal (the name is matched on every key typed)."""
        seal_id = self.seal.currentData()
        if not seal_id:
            return []
        if seal_id not in self.known_approvers:
            self.known_approvers[seal_id] = ops.perform(
                self.actor, lambda s: approvers.choices(s, seal_id)
            )
        return self.known_approvers[seal_id]

    def _approver_typed(self, name: str) -> None:
        """A name on the list fills in that person's 职务."""
        held = [a.title for a in self._approvers() if a.name == name.strip()]
        if len(held) == 1:
            self.title.setCurrentText(held[0])

    def _doc_changed(self) -> None:
        chosen = next((d for d in self.docs if d.id == self.doc.currentData()), None)
        for key in ("doc_title", "doc_number"):
            edit = self.inputs[key]
            assert isinstance(edit, QLineEdit)
            edit.setReadOnly(chosen is not None)
            if chosen is not None:
                edit.setText(chosen.title if key == "doc_title" else chosen.doc_number)

    def _text(self, key: str) -> str:
        widget = self.inputs[key]
        assert isinstance(widget, QLineEdit)
        return widget.text()

    def form(self) -> UseForm:
        return UseForm(
            seal_id=self.seal.currentData() or 0,
            used_at=self.used_at.moment("用印时间", "used_at"),  # type: ignore[arg-type]
            unit=self._text("unit"), applicant=self._text("applicant"),
            purpose=self._text("purpose"), doc_title=self._text("doc_title"),
            doc_number=self._text("doc_number"), copies=self.copies.value(),
            approver=self._text("approver"), approver_title=self.title.currentText(),
            approved_at=self.approved_at.moment("审批时间", "approved_at", required=False),
            attested=self.attested.isChecked(), supervisor=self._text("supervisor"),
            copy_kept=self.copy_kept.isChecked(), note=self._text("note"),
            outgoing_id=self.doc.currentData(),
        )  # fmt: skip

    def save(self) -> int:
        return ops.perform(self.actor, lambda s: ledger.register_use(s, self.form()), touches=SEALS)


class VoidDialog(SealsDialog):
    """作废: a reason, then a new 作废 entry; the original stays in the register."""

    def __init__(self, actor: Actor, use_id: int, number: str, parent: QWidget | None = None):
        super().__init__(actor, f"作废用印登记 {number}", parent, "作废")
        self.use_id = use_id
        self.reason = self.add("reason", "作废原因", QLineEdit())
        self.reason.setPlaceholderText("如：份数登记错误，另行登记")

    def save(self) -> int:
        return ops.perform(
            self.actor, lambda s: ledger.void_use(s, self.use_id, self.reason.text()), touches=SEALS
        )

"""班次规则与本地做法: staff per shift, shift times, weights, report limits, phones, signers."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
)

from app.services.context import Actor
from app.services.duty import config
from app.ui.duty.common import Message, act, ok_cancel


def _spin(low: int, high: int, value: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(value)
    return box


class PracticeDialog(QDialog):
    def __init__(self, actor: Actor, current: config.Practice) -> None:
        super().__init__()
        self.actor = actor
        self.setWindowTitle("班次规则与本地做法")
        self.message = Message()
        grid = QGridLayout()
        for c, head in enumerate(("", "值班人员数", "开始", "结束（次日）", "分值")):
            grid.addWidget(QLabel(head), 0, c)
        self.rows: dict[str, tuple[QSpinBox, QLineEdit, QLineEdit, QSpinBox]] = {}
        for r, kind in enumerate(config.DAY_KINDS, start=1):
            rule = current.rules[kind]
            widgets = (
                _spin(1, 10, rule.staff),
                QLineEdit(rule.start),
                QLineEdit(rule.end),
                _spin(1, 10, rule.weight),
            )
            grid.addWidget(QLabel(f"{kind}（另有带班领导 1 人）"), r, 0)
            for c, w in enumerate(widgets, start=1):
                grid.addWidget(w, r, c)
            self.rows[kind] = widgets
        self.phone_minutes = _spin(1, 1440, current.phone_minutes)
        self.written_minutes = _spin(1, 1440, current.written_minutes)
        self.texts = {
            name: QLineEdit(str(getattr(current, name)))
            for name in ("duty_phone", "fax", "reporter", "reporter_phone", "reviewer")
        }
        buttons = ok_cancel("保存")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(grid)
        form.addRow("突发事件电话报告时限（分钟）", self.phone_minutes)
        form.addRow("突发事件书面报告时限（分钟）", self.written_minutes)
        for label, name in (
            ("值班电话", "duty_phone"),
            ("传真", "fax"),
            ("填报人", "reporter"),
            ("填报人联系电话", "reporter_phone"),
            ("审核人", "reviewer"),
        ):
            form.addRow(label, self.texts[name])
        form.addRow(self.message)
        form.addRow(buttons)

    def form(self) -> config.Practice:
        rules = {
            kind: config.ShiftRule(
                kind, w[0].value(), w[1].text().strip(), w[2].text().strip(), w[3].value()
            )
            for kind, w in self.rows.items()
        }
        texts = {name: edit.text() for name, edit in self.texts.items()}
        return config.Practice(
            rules, self.phone_minutes.value(), self.written_minutes.value(), **texts
        )

    def save(self) -> None:
        form = self.form()
        if act(self.actor, self.message, lambda s: config.save_practice(s, form) or True):
            self.accept()

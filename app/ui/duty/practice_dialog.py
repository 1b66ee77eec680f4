"""班次规则与本地做法: staff per shift, shift times, weights, report limits, phones, signers."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QSpinBox

from app.services.context import Actor
from app.services.duty import config
from app.ui import ops
from app.ui.duty.common import DUTY
from app.ui.kit import FormDialog


def _spin(low: int, high: int, value: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(value)
    return box


class PracticeDialog(FormDialog):
    def __init__(self, actor: Actor, current: config.Practice) -> None:
        super().__init__(None, "班次规则与本地做法", ok_text="保存")
        self.actor, self.loaded = actor, current  # a change made elsewhere since is refused
        self.rows: dict[str, tuple[QSpinBox, QLineEdit, QLineEdit, QSpinBox]] = {}
        self.form_layout.addRow(self._rules_grid(current))
        phone = _spin(1, 1440, current.phone_minutes)
        written = _spin(1, 1440, current.written_minutes)
        self.phone_minutes = self.add("phone_minutes", "突发事件电话报告时限（分钟）", phone)
        self.written_minutes = self.add("written_minutes", "突发事件书面报告时限（分钟）", written)
        self.texts = {
            name: self.add(name, label, QLineEdit(str(getattr(current, name))))
            for label, name in (
                ("值班电话", "duty_phone"),
                ("传真", "fax"),
                ("填报人", "reporter"),
                ("填报人联系电话", "reporter_phone"),
                ("审核人", "reviewer"),
            )
        }
        self.rows[config.DAY_KINDS[0]][0].setFocus()  # the grid comes first: start there

    def _rules_grid(self, current: config.Practice) -> QGridLayout:
        """One line per kind of day: 值班人员数, 开始, 结束（次日）, 分值."""
        grid = QGridLayout()
        for c, head in enumerate(("", "值班人员数", "开始", "结束（次日）", "分值")):
            grid.addWidget(QLabel(head), 0, c)
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
        return grid

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
        form, seen = self.form(), self.loaded
        ops.perform(self.actor, lambda s: config.save_practice(s, form, seen), touches=DUTY)

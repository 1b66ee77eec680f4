"""人员 tab: the duty list, who may lead, and each person's unavailable periods."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.context import Actor
from app.services.duty import staff as svc
from app.services.duty.config import UNAVAILABLE_KINDS
from app.ui import ops
from app.ui.duty.common import (
    DUTY,
    Message,
    date_of,
    fill,
    kept_selection,
    open_import,
    selected_key,
    table,
)
from app.ui.kit import DateEdit, empty_hint, shortcut

HEADERS = ("姓名", "职务", "科室", "手机", "身份", "在岗")


class StaffTab(QWidget):
    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.loaded_version: int | None = None  # of the person picked into the form
        self.message = Message()
        self.list = table(HEADERS)
        self.list.itemSelectionChanged.connect(self._picked)
        self.empty = empty_hint(
            self.list, "还没有值班人员：在右边填写姓名后点“保存人员”，或“从 Excel 导入人员…”。"
        )
        self.name, self.title, self.dept, self.phone = (QLineEdit() for _ in range(4))
        self.can_lead, self.active = QCheckBox("带班领导（只带班）"), QCheckBox("在岗")
        self.active.setChecked(True)
        self.save = QPushButton("保存人员")
        self.new = QPushButton("新增人员")
        for edit in (self.name, self.title, self.dept, self.phone):
            edit.returnPressed.connect(self.save_person)
        self.save.clicked.connect(self.save_person)
        self.new.clicked.connect(self.clear)
        self.new.setToolTip("清空右边的表格，填写一位新的值班人员（Ctrl+N）")
        shortcut(self, "Ctrl+N", self.clear)
        self.import_button = QPushButton("从 Excel 导入人员…")
        self.import_button.clicked.connect(self.choose_import)
        self.absences = QListWidget()
        self.kind = QComboBox()
        self.kind.addItems(UNAVAILABLE_KINDS)
        self.away_from, self.away_to = DateEdit(), DateEdit()
        self.away_from.setPlaceholderText("开始日期")
        self.away_to.setPlaceholderText("结束日期")
        self.add_away = QPushButton("登记不在岗")
        self.drop_away = QPushButton("删除所选不在岗")
        self.add_away.clicked.connect(self.add_absence)
        self.away_to.returnPressed.connect(self.add_absence)
        self.drop_away.clicked.connect(self.remove_absence)
        self._layout()
        self.reload()
        ops.watch(self, DUTY, kept_selection(self.list, self.reload))  # e.g. a staff import

    def _layout(self) -> None:
        form = QFormLayout()
        for label, edit in (
            ("姓名", self.name),
            ("职务", self.title),
            ("科室", self.dept),
            ("手机", self.phone),
        ):
            form.addRow(label, edit)
        form.addRow("", self.can_lead)
        form.addRow("", self.active)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save)
        buttons.addWidget(self.new)
        buttons.addWidget(self.import_button)
        form.addRow(buttons)
        away = QHBoxLayout()
        for w in (self.kind, self.away_from, self.away_to):
            away.addWidget(w)
        form.addRow("不在岗", away)
        # The two buttons get a row of their own: beside three fields 登记不在岗 was cut short.
        away_buttons = QHBoxLayout()
        away_buttons.addWidget(self.add_away)
        away_buttons.addWidget(self.drop_away)
        away_buttons.addStretch(1)
        form.addRow(away_buttons)
        form.addRow(self.absences)
        side = QWidget()
        side.setLayout(form)
        side.setMaximumWidth(460)
        body = QHBoxLayout()
        body.addWidget(self.list, 1)
        body.addWidget(side)
        outer = QVBoxLayout(self)
        outer.addLayout(body)
        outer.addWidget(self.message)

    def reload(self) -> None:
        rows = ops.query(self.message, self.actor, svc.people) or []
        fill(
            self.list,
            [(p.name, p.title, p.dept, p.phone, p.role, "是" if p.active else "否") for p in rows],
            [p.id for p in rows],
        )

    def person_id(self) -> int | None:
        return selected_key(self.list)

    def _picked(self) -> None:
        pid = self.person_id()
        if pid is None:
            return
        person = ops.query(self.message, self.actor, lambda s: svc.person(s, pid))
        if person is None:
            return
        self.loaded_version = person.version  # sent back with the save: a stale save is refused
        self.name.setText(person.name)
        self.title.setText(person.title)
        self.dept.setText(person.dept)
        self.phone.setText(person.phone)
        self.can_lead.setChecked(person.can_lead)
        self.active.setChecked(person.active)
        self._show_absences(pid)

    def _show_absences(self, pid: int) -> None:
        self.absences.clear()
        for a in ops.query(self.message, self.actor, lambda s: svc.absences(s, pid)) or []:
            item = QListWidgetItem(f"{a.kind}  {a.start:%Y-%m-%d} 至 {a.end:%Y-%m-%d}  {a.note}")
            item.setData(Qt.ItemDataRole.UserRole, a.id)
            self.absences.addItem(item)

    def clear(self) -> None:
        self.list.clearSelection()
        self.list.setCurrentCell(-1, -1)
        for edit in (self.name, self.title, self.dept, self.phone):
            edit.clear()
        self.can_lead.setChecked(False)
        self.active.setChecked(True)
        self.absences.clear()
        self.name.setFocus()

    def save_person(self) -> None:
        form = svc.DutyPersonForm(
            self.name.text(),
            self.title.text(),
            self.dept.text(),
            self.phone.text(),
            self.can_lead.isChecked(),
            self.active.isChecked(),
        )
        pid = self.person_id()
        if pid is not None:
            form = replace(form, version=self.loaded_version)
        if pid is None:
            done = ops.change(
                self.message, self.actor, lambda s: svc.add_person(s, form), touches=DUTY
            )
        else:
            done = ops.change(
                self.message,
                self.actor,
                lambda s: svc.update_person(s, pid, form) or pid,
                touches=DUTY,
                reload=self._picked,
            )
        if done is not None:
            self.message.ok(f"已保存：{form.name}")
            self.reload()
            self.clear()

    def choose_import(self) -> None:
        self.import_from(None)

    def import_from(self, path: Path | None) -> QWidget:
        """姓名, 职务, 科室, 手机, 带班领导 (是/否), 在岗: checked, then imported all rows or
        none, in the background; undone in 设置 → 导入记录."""
        self.import_dialog = open_import(self, self.actor, "staff", self.reload, path)
        return self.import_dialog

    def add_absence(self) -> None:
        pid = self.person_id()
        if pid is None:
            self.message.error("请先在左边选中一个人")
            return
        start = date_of(self.away_from.text(), self.message, "开始日期")
        end = date_of(self.away_to.text() or self.away_from.text(), self.message, "结束日期")
        if start is None or end is None:
            return
        kind = self.kind.currentText()
        if ops.change(
            self.message,
            self.actor,
            lambda s: svc.add_absence(s, pid, kind, start, end),
            touches=DUTY,
        ):
            self.message.ok(f"已登记{kind}：{start:%m月%d日}至{end:%m月%d日}")
            self.away_from.clear()
            self.away_to.clear()
            self._show_absences(pid)

    def remove_absence(self) -> None:
        item = self.absences.currentItem()
        pid = self.person_id()
        if item is None or pid is None:
            return
        absence_id = item.data(Qt.ItemDataRole.UserRole)
        ops.change(
            self.message, self.actor, lambda s: svc.remove_absence(s, absence_id), touches=DUTY
        )
        self._show_absences(pid)

"""设置 → 档案: 全宗名称, the level order, the 机构（问题） codes and the editable 保管期限表."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.archives import rules, scheme
from app.services.archives.codes import ORDERS, Scheme, example
from app.services.context import Actor
from app.ui import ops

RULE_HEADERS = ("规则名称", "来文方向", "文种（、分隔）", "标题关键词（、分隔）", "结果", "机构",
                "启用")  # fmt: skip
WIDTHS = (260, 80, 180, 260, 70, 60, 50)


class ArchiveSettingsTab(QWidget):
    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.fonds = QLabel()
        self.fonds_name = QLineEdit()
        self.order = QComboBox()
        self.order.addItems(ORDERS)
        self.example = QLabel()
        self.example.setObjectName("codeExample")
        self.org_code, self.org_name = QLineEdit(placeholderText="如 BGS"), QLineEdit()
        self.orgs = QLabel()
        self.orgs.setWordWrap(True)
        self.table = QTableWidget(0, len(RULE_HEADERS))
        self.table.setObjectName("retentionRules")
        self.table.setHorizontalHeaderLabels(RULE_HEADERS)
        for column, width in enumerate(WIDTHS):
            self.table.setColumnWidth(column, width)
        self.message = QLabel()
        self.message.setObjectName("settingsMessage")
        self._build()
        self.load()

    def _build(self) -> None:
        form = QFormLayout()
        form.addRow("全宗号：", self.fonds)
        form.addRow("全宗名称：", self.fonds_name)
        form.addRow("分类层级：", self.order)
        form.addRow("档号示例：", self.example)
        org_row = QHBoxLayout()
        for widget in (QLabel("代码"), self.org_code, QLabel("名称"), self.org_name,
                       self._button("添加/改名", self.save_org)):  # fmt: skip
            org_row.addWidget(widget)
        form.addRow("机构（问题）：", self.orgs)
        form.addRow("", org_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self._button("保存方案", self.save_scheme))
        buttons.addStretch(1)
        for text, slot in (("新增规则", self.add_rule), ("上移", lambda: self.shift(-1)),
                           ("下移", lambda: self.shift(1)), ("删除规则", self.delete_rule),
                           ("保存保管期限表", self.save_rules)):  # fmt: skip
            buttons.addWidget(self._button(text, slot))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(
            QLabel(
                "保管期限表（自上而下，第一条符合的规则给出建议；结果为 Y、D30、D10 或 不归档）："
            )
        )
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)

    def _button(self, text: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(lambda: slot())
        return button

    def load(self) -> None:
        found = ops.query(self, self.actor, lambda s: (rules.table(s), scheme.info(s)))
        if found is None:
            return
        table, info = found
        self.fonds.setText(info.fonds or "（未设置：请在“单位信息”填写）")
        self.fonds_name.setText(info.fonds_name)
        self.order.setCurrentText(info.order)
        self.order.setEnabled(info.items == 0)  # fixed once a 件 carries a 档号
        codes = frozenset(o.code for o in info.orgs)
        self.example.setText(example(Scheme(info.fonds, info.order, codes)))
        self.orgs.setText("、".join(f"{o.code} {o.name}" for o in info.orgs) or "（无）")
        self.table.setRowCount(0)
        for rule in table:
            self._append((rule.name, rule.direction, rule.doc_types, rule.keywords, rule.period,
                          rule.org_code, "是" if rule.active else "否"))  # fmt: skip

    def _append(self, values: tuple[str, ...]) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, value in enumerate(values):
            self.table.setItem(row, column, QTableWidgetItem(value))

    def rows(self) -> list[rules.RuleRow]:
        def cell(row: int, column: int) -> str:
            item = self.table.item(row, column)
            return item.text().strip() if item is not None else ""

        return [rules.RuleRow(0, r + 1, cell(r, 0), cell(r, 1), cell(r, 2), cell(r, 3),
                              cell(r, 4).upper() if cell(r, 4) != "不归档" else "不归档",
                              cell(r, 5).upper(), cell(r, 6) != "否")
                for r in range(self.table.rowCount())]  # fmt: skip

    def add_rule(self) -> None:
        self._append(("新规则", "", "", "", "D10", "", "是"))
        self.table.setCurrentCell(self.table.rowCount() - 1, 0)

    def delete_rule(self) -> None:
        if self.table.currentRow() >= 0:
            self.table.removeRow(self.table.currentRow())

    def shift(self, step: int) -> None:
        row = self.table.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        values = [self.table.takeItem(row, c) for c in range(self.table.columnCount())]
        self.table.removeRow(row)
        self.table.insertRow(target)
        for column, item in enumerate(values):
            self.table.setItem(target, column, item)
        self.table.setCurrentCell(target, 0)

    def save_rules(self) -> None:
        rows = self.rows()
        if ops.change(self, self.actor, lambda s: rules.save_table(s, rows), touches=("设置",)):
            self.message.setText(f"已保存保管期限表 {len(rows)} 条")

    def save_scheme(self) -> None:
        name, order = self.fonds_name.text(), self.order.currentText()
        done = ops.change(self, self.actor, lambda s: scheme.save(s, name, order) or True,
                          touches=("设置",))  # fmt: skip
        if done:
            self.message.setText("已保存档号方案")
            self.load()

    def save_org(self) -> None:
        code, name = self.org_code.text(), self.org_name.text()
        done = ops.change(self, self.actor, lambda s: scheme.save_org(s, code, name),
                          touches=("设置",))  # fmt: skip
        if done:
            self.org_code.clear()
            self.org_name.clear()
            self.message.setText(f"已保存机构（问题）{code.strip().upper()}")
            self.load()

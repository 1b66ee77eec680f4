"""审计日志: filter by date, user, 对象 and 操作; before/after in a detail pane; export."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.services import audit
from app.services.context import Actor
from app.services.registry import ExportQuery, file_stem
from app.ui import ops
from app.ui.exporting import export_kind
from app.ui.kit import Col, DateEdit, ListView, PagedTableModel, ServiceSource, empty_hint
from app.ui.messages import show_error
from app.ui.tasks import Task

HEADERS = ("时间", "用户", "电脑", "操作", "对象", "编号", "摘要")
ALL = "全部"


def _rows(session: Any, flt: audit.AuditFilter, **kw: Any) -> list[tuple[Any, ...]]:
    """id, the seven shown columns, then before/after for the detail pane (hidden)."""
    return [(r.id, r.at, r.username, r.pc, r.action, r.entity, r.entity_id, r.summary,
             r.before_json, r.after_json) for r in audit.page(session, flt, **kw)]  # fmt: skip


def audit_source(actor: Actor, flt: audit.AuditFilter) -> ServiceSource:
    at = Col("时间", fmt=lambda v: v.astimezone().strftime("%Y-%m-%d %H:%M:%S"))
    return ServiceSource(
        columns=[at, *(Col(h) for h in HEADERS[1:])],
        list_fn=_rows,
        count_fn=audit.count,
        flt=flt,
        actor=actor,
        sort_keys=["at", "username", "pc", "action", "entity", None, None],
    )


# Field names of the shared tables; a module's own snapshots show their column names.
FIELD_NAMES = {"id": "编号", "username": "登录名", "display_name": "姓名", "role": "角色",
               "active": "在用", "failed_attempts": "连续输错次数", "locked_until": "锁定至",
               "created_at": "创建时间", "version": "版本", "kind": "类型",
               "name": "名称"}  # fmt: skip


def pretty(text: str | None) -> str:
    """A JSON snapshot as 字段：值 lines a clerk can read."""
    if not text:
        return "（无）"
    values = json.loads(text)
    if not isinstance(values, dict):
        return str(values)
    return "\n".join(f"{FIELD_NAMES.get(k, k)}：{_shown(v)}" for k, v in values.items())


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return "（空）" if value is None else str(value)


class AuditTab(QWidget):
    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.date_from = DateEdit()
        self.date_to = DateEdit()
        self.username = QLineEdit(placeholderText="姓名")
        self.entity = QComboBox()
        self.action = QComboBox()
        self.message = QLabel()
        self.message.setObjectName("formError")
        self.model = PagedTableModel(audit_source(actor, audit.AuditFilter()))
        self.model.loadFailed.connect(lambda exc: show_error(self, exc))
        self.table = ListView("settings-audit")
        self.before = QPlainTextEdit(readOnly=True)
        self.after = QPlainTextEdit(readOnly=True)
        self._layout()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._load_choices()  # each time the tab shows: new entries since last time
        self.search()

    def _filters(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        for label, widget in (("日期从", self.date_from), ("到", self.date_to),
                              ("用户", self.username), ("对象", self.entity),
                              ("操作", self.action)):  # fmt: skip
            bar.addWidget(QLabel(label))
            bar.addWidget(widget)
        for widget in (self.date_from, self.date_to):
            widget.setMinimumWidth(150)  # room for 2026-03-05 and the calendar button
        self.username.setMaximumWidth(140)
        for widget in (self.date_from, self.date_to, self.username):
            widget.returnPressed.connect(self.search)
        search, export = QPushButton("查询"), QPushButton("导出")
        search.setObjectName("primary")
        search.clicked.connect(self.search)
        export.clicked.connect(self.export)
        bar.addWidget(search)
        bar.addWidget(export)
        bar.addStretch(1)
        return bar

    def _layout(self) -> None:
        self.table.setModel(self.model)
        self.table.setColumnWidth(0, 170)
        self.empty = empty_hint(
            self.table, "没有符合条件的操作记录：请放宽日期、操作人或操作类型。"
        )
        self.table.selectionModel().currentRowChanged.connect(self._show_detail)
        detail = QSplitter()
        for title, box in (("修改前", self.before), ("修改后", self.after)):
            pane = QWidget()
            column = QVBoxLayout(pane)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(QLabel(title))
            column.addWidget(box)
            detail.addWidget(pane)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(detail)
        split.setSizes([400, 180])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addLayout(self._filters())
        layout.addWidget(self.message)
        layout.addWidget(split, 1)
        self.count_label = QLabel()
        self.count_label.setObjectName("rowCount")
        layout.addWidget(self.count_label)
        self.model.modelReset.connect(self._show_count)  # each 查询
        self._show_count()

    def _show_count(self) -> None:
        self.count_label.setText(self.model.count_text("条"))

    def _load_choices(self) -> None:
        entities, actions = ops.perform(self.actor, audit.choices)
        for combo, values in ((self.entity, entities), (self.action, actions)):
            chosen = combo.currentText()
            combo.clear()
            combo.addItems([ALL, *values])
            combo.setCurrentText(chosen)

    def current_filter(self) -> audit.AuditFilter | None:
        """The typed filter, or None (with the reason shown) when a date cannot be read."""
        for name, field in (("日期从", self.date_from), ("到", self.date_to)):
            if not field.is_valid():
                self.message.setText(f"{name}：{field.error_text()}")
                return None
        self.message.clear()
        pick = lambda combo: "" if combo.currentText() == ALL else combo.currentText()  # noqa: E731
        return audit.AuditFilter(self.date_from.date(), self.date_to.date(),
                                 self.username.text().strip(),
                                 pick(self.entity), pick(self.action))  # fmt: skip

    def search(self) -> None:
        flt = self.current_filter()
        if flt is None:
            return
        self.model.set_filter(flt)
        self.before.clear()
        self.after.clear()

    def _show_detail(self, current: QModelIndex) -> None:
        if current.isValid():
            row = self.model.row_values(current.row()) or ()
            self.before.setPlainText(pretty(row[8] if row else None))
            self.after.setPlainText(pretty(row[9] if row else None))

    def export(self) -> None:
        flt = self.current_filter()
        if flt is None:
            return
        name, _ = QFileDialog.getSaveFileName(self, "导出审计日志", self.suggested_name(),
                                              "Excel 文件 (*.xlsx);;PDF 文件 (*.pdf)")  # fmt: skip
        if name:
            self.export_to(Path(name), flt)

    def suggested_name(self) -> str:
        """审计日志-20261201至20261204.xlsx: the dates the filter shows."""
        days = ExportQuery(date_from=self.date_from.date(), date_to=self.date_to.date())
        return f"{file_stem('审计日志', days)}.xlsx"

    def export_to(self, path: Path, flt: audit.AuditFilter) -> Task:
        options = {"username": flt.username, "entity": flt.entity, "action": flt.action}
        query = ExportQuery(date_from=flt.date_from, date_to=flt.date_to, options=options)
        return export_kind(self, self.actor, "audit", path, query)

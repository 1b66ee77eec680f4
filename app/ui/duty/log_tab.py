"""值班日志 tab: log a call by keyboard alone, close items, 交接班, 零报告, 突发事件 timers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from itertools import pairwise
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.services.context import Actor
from app.services.duty import log
from app.services.duty.config import ENTRY_KINDS
from app.services.registry import ExportQuery, file_stem
from app.services.transfer import export_file
from app.services.versions import Seen
from app.ui import ops
from app.ui.duty.common import (
    DUTY,
    Message,
    date_of,
    fill,
    kept_selection,
    selected_key,
    table,
)
from app.ui.duty.log_detail import EDIT, edit_entry, may_edit, open_entry
from app.ui.kit import DateEdit, attach_completer, empty_hint, save_keys, save_label

HEADERS = (
    "时间",
    "类型",
    "来源单位",
    "来源人",
    "电话",
    "内容",
    "领导批示",
    "处理情况",
    "办结",
    "记录人",
    "电话报告",
    "书面报告",
)
WARN_EVERY_MS = 30_000
# What the caller said, the leader's instruction and what was done share what the short
# columns leave (cut, whole on opening the entry): sized to their text, 书面报告 was past
# the right edge of a 1366-wide screen.
SHARED = ("内容", "领导批示", "处理情况")


def _texts_share_the_width(view: QTableWidget) -> None:
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    for name in SHARED:
        header.setSectionResizeMode(HEADERS.index(name), QHeaderView.ResizeMode.Stretch)


class LogTab(QWidget):
    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.message = Message()
        self.warnings = Message()
        self.versions: dict[int, int] = {}
        today = ops.query(self.message, actor, lambda s: log.shift_day_of(s, clock.now()))
        self.day = DateEdit(required=True)
        self.day.setDate(today or clock.today())
        self.day.returnPressed.connect(self.reload)
        self.entries = table(HEADERS)
        _texts_share_the_width(self.entries)
        self.empty = empty_hint(
            self.entries,
            "本班次还没有记录：来电、来文、来访时在右边填写后按回车记录；无事时点“零报告”。",
        )
        self.entries.activated.connect(lambda _i: self.open_selected())  # Enter, double-click
        self.entries.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.entries.customContextMenuRequested.connect(self._context_menu)
        self.rows: dict[int, log.EntryRow] = {}
        self.count_label = QLabel()
        self.count_label.setObjectName("rowCount")
        self._quick_form()
        self._action_row()
        self._layout()
        for first, second in pairwise(self.order):  # after the layout: one window for all
            QWidget.setTabOrder(first, second)
        QShortcut(QKeySequence("Ctrl+N"), self).activated.connect(self.new_call)
        QShortcut(QKeySequence("Ctrl+E"), self).activated.connect(self.choose_export)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self._tick)
        self.timer.start(WARN_EVERY_MS)
        self.reload()
        ops.watch(self, DUTY, kept_selection(self.entries, self.reload))  # another tab, 首页

    def _quick_form(self) -> None:
        self.at = QLineEdit()
        self.kind = QComboBox()
        self.kind.addItems(ENTRY_KINDS)
        self.unit, self.person, self.phone = QLineEdit(), QLineEdit(), QLineEdit()
        attach_completer(self.unit, lambda: self._learned(log.known_units))
        attach_completer(self.person, lambda: self._learned(log.known_people))
        self.content, self.instruction = QLineEdit(), QLineEdit()
        self.recorder = QLineEdit(self.actor.display_name)
        self.at.setPlaceholderText("时:分，留空为现在")
        for edit in (
            self.at,
            self.unit,
            self.person,
            self.phone,
            self.content,
            self.instruction,
            self.recorder,
        ):
            edit.returnPressed.connect(self.save_entry)
        self.save_button = QPushButton(save_label("记录"))
        self.save_button.clicked.connect(self.save_entry)
        save_keys(self, self.save_entry)
        self.order = (
            self.at,
            self.kind,
            self.unit,
            self.person,
            self.phone,
            self.content,
            self.instruction,
            self.recorder,
            self.save_button,
        )

    def _action_row(self) -> None:
        self.handling = QLineEdit()
        self.handling.setPlaceholderText("处理情况")
        self.close_button = QPushButton("办结所选")
        self.phone_button, self.written_button = (
            QPushButton("已电话报告"),
            QPushButton("已书面报告"),
        )
        self.handed_by, self.taken_by = QLineEdit(self.actor.display_name), QLineEdit()
        self.taken_by.setPlaceholderText("接班人")
        self.handover_button, self.zero_button = (
            QPushButton("交接班"),
            QPushButton("零报告（无事报平安）"),
        )
        self.close_button.clicked.connect(self.close_selected)
        self.phone_button.clicked.connect(lambda: self.mark_report("phone_report_at"))
        self.written_button.clicked.connect(lambda: self.mark_report("written_report_at"))
        self.handover_button.clicked.connect(self.handover)
        self.taken_by.returnPressed.connect(self.handover)
        self.zero_button.clicked.connect(self.zero_report)
        self.export_button = QPushButton("导出日志…")
        self.export_button.clicked.connect(self.choose_export)

    def _layout(self) -> None:
        form = QFormLayout()
        form.addRow("时间", self.at)
        form.addRow("类型", self.kind)
        form.addRow("来电/来文单位", self.unit)
        form.addRow("来电人", self.person)
        form.addRow("电话", self.phone)
        form.addRow("内容", self.content)
        form.addRow("领导批示", self.instruction)
        form.addRow("记录人", self.recorder)
        form.addRow(self.save_button)
        side = QWidget()
        side.setLayout(form)
        side.setFixedWidth(400)
        top = QHBoxLayout()
        top.addWidget(QLabel("班次日期"))
        top.addWidget(self.day)
        top.addStretch(1)
        for w in (
            QLabel("交班"),
            self.handed_by,
            QLabel("接班"),
            self.taken_by,
            self.handover_button,
            self.zero_button,
        ):
            top.addWidget(w)
        actions = QHBoxLayout()
        for w in (
            self.handling,
            self.close_button,
            self.phone_button,
            self.written_button,
            self.export_button,
        ):
            actions.addWidget(w)
        left = QVBoxLayout()
        left.addWidget(self.entries, 1)
        left.addWidget(self.count_label)
        left.addLayout(actions)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addWidget(side)
        outer = QVBoxLayout(self)
        outer.addLayout(top)
        outer.addWidget(self.warnings)
        outer.addLayout(body, 1)
        outer.addWidget(self.message)

    def _learned(self, fn: Callable[[Any], list[str]]) -> list[str]:
        return ops.query(self.message, self.actor, fn) or []

    def shift_day(self) -> date | None:
        return date_of(self.day.text(), self.message, "班次日期")

    def reload(self) -> None:
        day = self.shift_day()
        if day is None:
            return
        rows = ops.query(self.message, self.actor, lambda s: log.entries(s, day, day)) or []
        self.versions = {e.id: e.version for e in rows}  # what an edit of a row sends back
        self.rows = {e.id: e for e in rows}
        self.count_label.setText(f"共 {len(rows)} 件")
        fill(
            self.entries,
            [
                (
                    f"{e.at.astimezone():%m-%d %H:%M}",
                    e.kind,
                    e.source_unit,
                    e.source_person,
                    e.source_phone,
                    ("（上班移交）" if e.carried_from_id else "") + e.content,
                    e.instruction,
                    e.handling,
                    "已移交" if e.handed_on else "是" if e.done else "否",
                    e.recorder,
                    _clock(e.phone_report_at, e.kind),
                    _clock(e.written_report_at, e.kind),
                )
                for e in rows
            ],
            [e.id for e in rows],
        )
        self.check_warnings()

    def _tick(self) -> None:
        # A tab nobody can see (closed, or its window gone) has nobody to warn, and its
        # database may be closed already: the timer only speaks to a shown tab.
        if self.isVisible():
            self.check_warnings()

    def check_warnings(self) -> None:
        found = ops.query(self.message, self.actor, lambda s: log.emergency_warnings(s)) or []
        if found:
            self.warnings.error("⚠ " + "\n⚠ ".join(w.text for w in found))
        else:
            self.warnings.setText("")

    def new_call(self) -> None:
        self.kind.setCurrentText(log.CALL)
        self.at.setFocus()

    def save_entry(self) -> None:
        day = self.shift_day()
        if day is None:
            return
        typed = self.at.text().strip()  # "21:05", or blank for now

        def save(s: Any) -> int:
            at = log.moment_in_shift(s, day, typed) if typed else clock.now()
            form = log.EntryForm(
                at,
                self.kind.currentText(),
                self.content.text(),
                self.recorder.text(),
                self.unit.text(),
                self.person.text(),
                self.phone.text(),
                self.instruction.text(),
            )
            return log.add_entry(s, form, None if not typed else day)

        if ops.change(self.message, self.actor, save, touches=DUTY):
            self.message.ok(
                f"已记录：{self.unit.text() or self.person.text()} {self.content.text()[:20]}"
            )
            for edit in (
                self.at,
                self.unit,
                self.person,
                self.phone,
                self.content,
                self.instruction,
            ):
                edit.clear()
            self.reload()
            self.at.setFocus()

    def open_selected(self) -> Any:
        """The selected entry whole; 修改 from there while it is open."""
        entry_id = self._selected()
        self.detail = open_entry(self, self.actor, entry_id, self.reload) if entry_id else None
        return self.detail

    def build_menu(self, pos: QPoint) -> QMenu | None:
        """A row's menu: open it, and 修改 while the entry is still open in its shift."""
        item = self.entries.itemAt(pos)
        if item is None:
            return None
        self.entries.selectRow(item.row())
        row = self.rows.get(selected_key(self.entries))
        menu = QMenu(self.entries)
        menu.addAction("打开（回车）", self.open_selected)
        if row is not None and may_edit(row):
            menu.addAction(EDIT, lambda: edit_entry(self, self.actor, row, self.reload))
        return menu

    def _context_menu(self, pos: QPoint) -> None:
        menu = self.build_menu(pos)
        if menu is not None:
            menu.popup(self.entries.viewport().mapToGlobal(pos))

    def _selected(self) -> int | None:
        entry_id = selected_key(self.entries)
        if entry_id is None:
            self.message.error("请先在日志中选中一条")
        return entry_id

    def _seen(self, entry_id: int) -> Seen:
        """The entry as this tab lists it: saved elsewhere since, the edit is refused."""
        return Seen("值班日志", entry_id, self.versions.get(entry_id))

    def close_selected(self) -> None:
        entry_id = self._selected()
        handling = self.handling.text()
        if entry_id and ops.change(
            self.message,
            self.actor,
            lambda s: log.close_entry(s, entry_id, handling) or True,
            touches=DUTY,
            seen=self._seen(entry_id),
            reload=self.reload,
        ):
            self.handling.clear()
            self.reload()

    def mark_report(self, field: str) -> None:
        entry_id = self._selected()
        if entry_id is None:
            return
        now = clock.now()

        def mark(s: Any) -> bool:
            stamped: dict[str, Any] = {field: now}
            form = replace(log.form_of(log.entry(s, entry_id)), **stamped)
            log.update_entry(s, entry_id, form)
            return True

        if ops.change(
            self.message,
            self.actor,
            mark,
            touches=DUTY,
            seen=self._seen(entry_id),
            reload=self.reload,
        ):
            self.reload()

    def handover(self) -> None:
        day = self.shift_day()
        if day is None:
            return
        by, to, now = self.handed_by.text(), self.taken_by.text(), clock.now()
        done = ops.change(
            self.message, self.actor, lambda s: log.handover(s, day, by, to, now), touches=DUTY
        )
        if done is not None:
            self.message.ok(
                f"{done.handed_by}已交班给{done.taken_by}，移交未办结事项 {done.open_items} 件"
            )
            self.reload()

    def choose_export(self) -> None:
        day = self.shift_day()
        if day is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self,
            "导出值班日志",
            f"{file_stem('值班日志', ExportQuery(date_from=day, date_to=day))}.xlsx",
            "Excel (*.xlsx);;PDF (*.pdf)",
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        """The shown shift's log (零报告 and 交接班 included) as xlsx or pdf."""
        day = self.shift_day()
        if day is None:
            return
        query = ExportQuery(date_from=day, date_to=day)
        count = ops.query(
            self.message, self.actor, lambda s: export_file(s, "duty-log", path, query)
        )
        if count is not None:
            self.message.ok(f"已导出 {count} 行到 {path.name}")

    def zero_report(self) -> None:
        day = self.shift_day()
        who = self.recorder.text() or self.actor.display_name
        if day and ops.change(
            self.message,
            self.actor,
            lambda s: log.mark_zero_report(s, day, who) or True,
            touches=DUTY,
        ):
            self.message.ok(f"{day:%m月%d日} 已报零报告：无事报平安")


def _clock(value: datetime | None, kind: str) -> str:
    if kind != log.EMERGENCY:
        return ""
    return "未报" if value is None else f"{value.astimezone():%H:%M}"

"""年度归档: the year's 办结 收文 and 核发 发文, suggested; adjust by keyboard, then number."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.common.dates import format_date8
from app.services.archives import filing, scheme
from app.services.archives.codes import PERIOD_NAMES, PERIODS, SKIP
from app.services.context import Actor
from app.ui import ops
from app.ui.archives.file_action import code_of, org_choices
from app.ui.kit import Field, FormDialog, shortcut

HEADERS = ("来源", "文号", "责任者", "题名", "日期", "保管期限", "机构", "依据 / 不归档原因")
WIDTHS = (48, 170, 130, 300, 80, 80, 56, 230)
TITLE = 3
Index = QModelIndex | QPersistentModelIndex
REGISTERS = ("档案", "收文", "发文")


@dataclass(frozen=True)
class Line:
    """One candidate and what the archivist decided for it (the suggestion until changed)."""

    candidate: filing.Candidate
    period: str
    org_code: str
    reason: str = ""

    @property
    def why(self) -> str:
        if self.period == SKIP:
            return self.reason or f"建议不归档：{self.candidate.rule}"
        changed = self.period != self.candidate.period or self.org_code != self.candidate.org_code
        return "已调整" if changed else self.candidate.rule

    def decision(self) -> filing.Decision:
        c = self.candidate
        reason = self.reason or (f"保管期限表：{c.rule}" if self.period == SKIP else "")
        return filing.Decision(c.kind, c.doc_id, self.period, self.org_code, reason)


def default_year() -> int:
    """Until June the office is filing last year (due by the end of June); then this year."""
    today = clock.today()
    return today.year - 1 if today.month <= 6 else today.year


def _line(c: filing.Candidate) -> Line:
    return Line(c, c.period, c.org_code)


class YearModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[Line] = []

    def set_lines(self, lines: list[Line]) -> None:
        self.beginResetModel()
        self.lines = lines
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        line = self.lines[index.row()]
        c = line.candidate
        period = "不归档" if line.period == SKIP else PERIOD_NAMES.get(line.period, line.period)
        values = (c.kind, c.doc_no, c.author, c.title, format_date8(c.doc_date), period,
                  "" if line.period == SKIP else line.org_code, line.why)  # fmt: skip
        return values[index.column()]

    def change(self, rows: list[int], **values: Any) -> None:
        for row in rows:
            self.lines[row] = replace(self.lines[row], **values)
        if rows:
            self.dataChanged.emit(self.index(min(rows), 0),
                                  self.index(max(rows), len(HEADERS) - 1))  # fmt: skip


class YearTab(QWidget):
    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.dialog: FormDialog | None = None
        self.orgs: tuple[str, ...] = ()
        self.year = QSpinBox(minimum=2000, maximum=2100, value=default_year())
        self.year.setPrefix("年度 ")
        self.year.valueChanged.connect(lambda _y: self.reload())
        self.model = YearModel()
        self.view = QTableView()
        self.view.setObjectName("yearView")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        for column, width in enumerate(WIDTHS):
            header.resizeSection(column, width)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)  # 题名 takes the rest
        self.summary = QLabel()
        self.summary.setObjectName("yearSummary")
        self.result = QLabel()  # what the last 归档并编号 did; the list reloads empty after it
        self.result.setObjectName("yearResult")
        self._build()
        ops.watch(self, REGISTERS, self.reload)
        self.reload()

    def _build(self) -> None:
        # two rows: at 1366 px seven buttons with their keys cut each other short in one
        periods, others = QHBoxLayout(), QHBoxLayout()
        periods.addWidget(self.year)
        for row, text, keys, slot in (
            (periods, "永久", "Ctrl+1", lambda: self.set_period("Y")),
            (periods, "定期30年", "Ctrl+2", lambda: self.set_period("D30")),
            (periods, "定期10年", "Ctrl+3", lambda: self.set_period("D10")),
            (others, "不归档…", "Ctrl+0", self.skip),
            (others, "机构…", "Ctrl+G", self.choose_org),
            (others, "恢复建议", "Ctrl+R", self.restore),
        ):  # fmt: skip
            button = QPushButton(f"{text}（{keys}）")
            button.clicked.connect(slot)
            shortcut(self, keys, slot)
            row.addWidget(button)
        periods.addStretch(1)
        others.addStretch(1)
        self.file_button = QPushButton("归档并编号（Ctrl+Enter）")
        self.file_button.setObjectName("fileYear")
        self.file_button.clicked.connect(self.file_year)
        shortcut(self, "Ctrl+Return", self.file_year)
        others.addWidget(self.file_button)
        layout = QVBoxLayout(self)
        layout.addLayout(periods)
        layout.addLayout(others)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.result)

    def reload(self) -> None:
        year = self.year.value()
        found = ops.query(self, self.actor, lambda s: (
            filing.candidates(s, year), org_choices(scheme.orgs(s, active_only=True))))  # fmt: skip
        if found is None:
            return
        candidates, self.orgs = found
        self.model.set_lines([_line(c) for c in candidates])
        if candidates:
            self.view.selectRow(0)
        self.show_summary()

    def selected_rows(self) -> list[int]:
        return sorted({i.row() for i in self.view.selectionModel().selectedRows()})

    def set_period(self, period: str) -> None:
        self.model.change(self.selected_rows(), period=period, reason="")
        self.show_summary()

    def restore(self) -> None:
        for row in self.selected_rows():
            self.model.lines[row] = _line(self.model.lines[row].candidate)
        self.model.change(self.selected_rows())
        self.show_summary()

    def skip(self) -> FormDialog | None:
        rows = self.selected_rows()
        if not rows:
            return None
        fields = [Field("reason", "不归档原因", "choice", filing.SKIP_REASONS),
                  Field("detail", "说明（可不填）")]  # fmt: skip

        def save(v: dict[str, Any]) -> None:
            reason = "：".join(t for t in (v["reason"], v["detail"].strip()) if t)
            self.model.change(rows, period=SKIP, reason=reason)
            self.show_summary()

        return self._open(f"不归档：{len(rows)} 件", fields, save)

    def choose_org(self) -> FormDialog | None:
        rows = self.selected_rows()
        if not rows or not self.orgs:
            return None
        fields = [Field("org", "机构（问题）", "choice", self.orgs)]

        def save(v: dict[str, Any]) -> None:
            self.model.change(rows, org_code=code_of(v["org"]))

        return self._open(f"机构：{len(rows)} 件", fields, save)

    def _open(self, title: str, fields: list[Field], save: Any) -> FormDialog:
        self.dialog = FormDialog(self, title, fields, save)
        self.dialog.open()
        return self.dialog

    def show_summary(self) -> None:
        counts = {p: 0 for p in (*PERIODS, SKIP)}
        for line in self.model.lines:
            counts[line.period] = counts.get(line.period, 0) + 1
        parts = "，".join(f"{PERIOD_NAMES.get(p, p)} {n}" for p, n in counts.items())
        self.summary.setText(f"待归档 {len(self.model.lines)} 件：{parts}")

    def file_year(self) -> filing.YearFiled | None:
        year, decisions = self.year.value(), [line.decision() for line in self.model.lines]
        if not decisions:
            return None
        done = ops.change(self, self.actor, lambda s: filing.file_year(s, year, decisions),
                          touches=REGISTERS)  # fmt: skip
        if done is not None:
            parts = "，".join(f"{PERIOD_NAMES[p]} {n}" for p, n in done.per_period.items())
            self.result.setText(f"{done.year}年度已归档 {done.filed} 件（{parts}）；"
                                f"不归档 {done.skipped} 件")  # fmt: skip
            self.reload()
        return done

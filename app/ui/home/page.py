"""首页: greeting, each module's 逾期/今日/临期 tiles, then the 待办 list: today by the hour,
this week's 临期, one line of 逾期 per module."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.services import settings, todo
from app.services.calendar import weekday_name
from app.services.context import Actor
from app.services.modules import load_all
from app.services.registry import TodoItem
from app.ui import ops
from app.ui.calendar_ready import calendar_ready
from app.ui.home.model import HEADERS, TodoModel, days_text
from app.ui.kit import empty_hint
from app.ui.messages import EXPECTED, error_text

__all__ = ["HEADERS", "HomePage", "days_text"]
TILE_SEVERITIES = ("逾期", "今日", "临期")


# At 1366 px a tile needs about 290 px to show 逾期/今日/临期 and three-digit counts whole.
TILES_PER_ROW = 4


WATCHED = ("收文", "发文", "督办", "用印", "值班", "来访", "档案", "日历")  # 首页 lists their 待办


class HomePage(QWidget):
    open_page = Signal(str)  # the main window shows that module's page
    open_filtered = Signal(str, str)  # that page with only, e.g., its 逾期 records
    open_record = Signal(str, int, str)  # that page with only this record, selected

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.board = todo.Board([], {}, {})
        self.only: tuple[str, str] | None = None  # a tile picked: (module, severity)
        self.greeting = QLabel()
        self.greeting.setObjectName("greeting")
        self.summary = QLabel()
        self.summary.setObjectName("hint")
        self.summary.setWordWrap(True)
        self.tiles = QGridLayout()  # rows of TILES_PER_ROW: seven modules do not fit one row
        self.show_all = QPushButton("显示全部待办")
        self.show_all.clicked.connect(lambda: self._pick(None))
        self.show_all.hide()
        self.model = TodoModel()
        self.reads = ops.Latest(self, actor)
        # a change while 首页 shows (a background import ending) reads the 待办 again; on
        # coming back from a register showEvent reads them anyway (and a newer read wins)
        ops.watch(self, WATCHED, self.refresh_later)
        self.table = self._table()
        self.pending = QLabel(_pending_modules())
        self.pending.setObjectName("hint")
        self.pending.setWordWrap(True)
        self._layout()

    def _table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        # 情况 wide enough for a 带班's name and phone, or a loan's 借用人 and 应还 time
        for column, width in ((0, 48), (1, 48), (3, 210), (4, 262), (5, 96), (6, 120)):
            table.setColumnWidth(column, width)
        table.doubleClicked.connect(self._open)
        table.activated.connect(self._open)  # Enter on a line opens it too
        self.empty = empty_hint(table, "眼下没有要办的事：逾期、今日和本周临期的事项会列在这里。")
        return table

    def _layout(self) -> None:
        refresh = QPushButton("刷新")
        refresh.clicked.connect(self.refresh_later)
        top = QHBoxLayout()
        top.addWidget(self.greeting, 1)
        top.addWidget(refresh)
        title = QLabel("待办事项")
        title.setObjectName("pageTitle")
        heading = QHBoxLayout()
        heading.addWidget(title)
        heading.addWidget(self.summary, 1)
        heading.addWidget(self.show_all)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addLayout(self.tiles)
        layout.addLayout(heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.pending)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh_later()  # back from a register: what was closed there is gone

    def refresh_later(self) -> None:
        """On show and 刷新: the 待办 read off the GUI thread (every register's; a newer wins)."""
        today = clock.today()
        try:
            calendar_ready(self.actor, today.year)
        except EXPECTED as exc:
            self.error(error_text(exc))
            return
        self.reads.run(lambda s: _read(s, today), lambda found: self._show(today, *found))

    def refresh(self) -> None:
        """The 待办 read at once (tests, and after the clerk's own change)."""
        today = clock.today()
        try:
            calendar_ready(self.actor, today.year)
            found = ops.perform(self.actor, lambda s: _read(s, today), read_only=True)
        except EXPECTED as exc:
            self.error(error_text(exc))
            return
        self._show(today, *found)

    def error(self, text: str) -> None:
        """Where ops.Latest tells a failed read."""
        self.summary.setText(f"待办读取失败：{text}")

    def _show(self, today: date, org: str, board: Any) -> None:
        self.board = board
        self.greeting.setText(_greeting(self.actor.display_name, org, today))
        self._build_tiles()
        self._show_lines()

    def _build_tiles(self) -> None:
        while self.tiles.count():
            item = self.tiles.takeAt(0)
            old = None if item is None else item.widget()
            if old is not None:
                old.deleteLater()
        for place, (module, counts) in enumerate(self.board.counts.items()):
            row, column = divmod(place, TILES_PER_ROW)
            self.tiles.addWidget(self._tile(module, counts), row, column)

    def _tile(self, module: str, counts: dict[str, int]) -> QFrame:
        frame = QFrame()
        frame.setObjectName("tile")
        row = QHBoxLayout(frame)
        row.setContentsMargins(6, 2, 6, 2)
        row.setSpacing(4)
        row.addWidget(QLabel(module))
        for severity in TILE_SEVERITIES:
            button = QPushButton(f"{severity} {counts.get(severity, 0)}")
            button.setObjectName(f"tile-{module}-{severity}")
            button.setProperty("severity", severity)
            button.setEnabled(counts.get(severity, 0) > 0)
            button.clicked.connect(lambda _c=False, m=module, s=severity: self._tile_clicked(m, s))
            row.addWidget(button)
        return frame

    def _tile_clicked(self, module: str, severity: str) -> None:
        """逾期 opens the register with only its overdue; 今日/临期 narrow this list."""
        page = self.board.pages.get(module, "")
        if severity == "逾期" and page:
            self.open_filtered.emit(page, "逾期")
            return
        self._pick((module, severity))

    def _pick(self, only: tuple[str, str] | None) -> None:
        self.only = only
        self._show_lines()

    def _show_lines(self) -> None:
        lines = self.board.lines
        if self.only is not None:
            module, severity = self.only
            lines = [i for i in lines if i.module == module and todo.counted_as(i) == severity]
        self.model.set_items(lines, clock.today())
        self.show_all.setVisible(self.only is not None)
        self.summary.setText(_summary(self.board))

    def _open(self, index: QModelIndex) -> None:
        item = self.model.items[index.row()]
        if not item.page:
            return
        if item.filter:
            self.open_filtered.emit(item.page, item.filter)
        elif item.ref_id is not None:
            self.open_record.emit(item.page, item.ref_id, _label(item))
        else:
            self.open_page.emit(item.page)


def _label(item: TodoItem) -> str:
    return item.title.split(" ", 1)[0] if item.module == "收文" else item.title


def _read(session: Any, today: date) -> tuple[str, Any]:
    load_all()  # the first read after start: the areas register their 待办 here, off the GUI
    return settings.org_name(session), todo.board(session, today)


def _greeting(name: str, org: str, today: date) -> str:
    day = f"{today.year}年{today.month}月{today.day}日"
    return f"{name}，您好！　{org}　今天是 {day}　{weekday_name(today)}"


def _summary(board: todo.Board) -> str:
    """The totals over every module; the tiles above hold each module's."""
    if not board.lines:
        return "目前没有待办事项。"
    totals = {s: sum(c.get(s, 0) for c in board.counts.values()) for s in TILE_SEVERITIES}
    parts = "，".join(f"{s} {n} 件" for s, n in totals.items() if n)
    return f"{parts}。先办“今日”各行（按时刻排列）；双击一行打开它。"


def _pending_modules() -> str:
    from app.ui.pages import PAGES

    waiting = [spec.title for spec in PAGES if spec.factory is None]
    if not waiting:
        return ""
    return f"以下模块尚未上线，暂不提供待办：{'、'.join(waiting)}。"

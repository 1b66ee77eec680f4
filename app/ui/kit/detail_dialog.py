"""A record opened whole (double-click or Enter on a row): every field, its history, its
attachments, and the steps its state allows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.services.details import RecordDetail

Step = Callable[[str], object]


def _when(at: datetime | date) -> str:
    """A moment in the PC's own time (the services keep UTC); a day as it is."""
    return f"{at.astimezone():%Y-%m-%d %H:%M}" if isinstance(at, datetime) else at.isoformat()


class DetailDialog(QDialog):
    """Read-only view of one record; a step button closes it and starts that step's form.

    Any register's page opens it: ``DetailDialog(page, detail, steps, start)`` with the
    RecordDetail its service reads (app/services/details.py) and the steps (修改, 办结 …)
    that the record's state allows; ``start(step)`` opens that step's form.
    """

    def __init__(self, parent: QWidget, detail: RecordDetail, actions: Sequence[str],
                 start: Step) -> None:  # fmt: skip
        super().__init__(parent)
        self.detail, self.start = detail, start
        self.setWindowTitle(f"{detail.kind}：{detail.title}")
        self.values: dict[str, QLabel] = {}
        self.history = QListWidget()
        for line in detail.history:
            self.history.addItem(f"{_when(line.at)}  {line.who}  {line.what}")
            last = self.history.item(self.history.count() - 1)
            last.setToolTip(last.text())  # a long line is cut at the list's edge
        self.files = QListWidget(self)  # hidden for registers that keep no files
        self.files.addItems(list(detail.attachments or ()) or ["（无附件）"])
        self.step_buttons: dict[str, QPushButton] = {}
        outer = QVBoxLayout(self)
        body = QHBoxLayout()
        body.addWidget(self._fields(), 3)
        body.addLayout(self._side(), 2)
        outer.addLayout(body, 1)
        outer.addLayout(self._steps(actions))
        self.resize(1000, 600)

    def _fields(self) -> QScrollArea:
        form = QFormLayout()
        for label, value in self.detail.fields:
            shown = QLabel(value or "—")
            shown.setWordWrap(True)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(label, shown)
            self.values[label] = shown
        inner = QWidget()
        inner.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        return scroll

    def _side(self) -> QVBoxLayout:
        side = QVBoxLayout()
        side.addWidget(QLabel(f"办理经过（{len(self.detail.history)} 条）"))
        side.addWidget(self.history, 3)
        if self.detail.attachments is None:  # 用印, 来访, 值班日志 keep no files: no empty box
            self.files.hide()
            return side
        side.addWidget(QLabel(f"附件（{len(self.detail.attachments)} 个）"))
        side.addWidget(self.files, 1)
        return side

    def _steps(self, actions: Sequence[str]) -> QHBoxLayout:
        bar = QHBoxLayout()
        for action in actions:
            button = QPushButton(action)
            button.setObjectName(f"step-{action}")
            button.clicked.connect(lambda _c=False, a=action: self._step(a))
            bar.addWidget(button)
            self.step_buttons[action] = button
        if not actions:
            note = QLabel(self.detail.read_only or "本件已办结或已作废，只能查看。")
            note.setObjectName("readOnly")
            bar.addWidget(note)
        bar.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("关闭（Esc）")
        close.rejected.connect(self.reject)
        bar.addWidget(close)
        return bar

    def _step(self, action: str) -> None:
        self.accept()
        self.start(action)

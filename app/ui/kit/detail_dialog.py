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


def _own_label(detail: RecordDetail) -> tuple[str, ...]:
    """What the audit repeats to name the record (its number, its title): longest first."""
    number = detail.fields[0][1] if detail.fields else ""
    return tuple(sorted({w for w in (number, detail.title) if w.strip()}, key=len, reverse=True))


def without_label(what: str, label: Sequence[str]) -> str:
    """A history line as read inside the record itself: "登记：收〔2026〕1 关于…" → "登记"."""
    action, colon, rest = what.partition("：")
    if not colon:
        return what
    for word in label:
        rest = rest.replace(word, " ")
    rest = " ".join(rest.split()).replace(" ：", "：").strip("： ")
    return f"{action}：{rest}" if rest else action


def _history_list(detail: RecordDetail) -> QListWidget:
    """The 办理经过, wrapped to the list's width: a long line is read whole, never scrolled."""
    shown = QListWidget()
    shown.setWordWrap(True)
    shown.setTextElideMode(Qt.TextElideMode.ElideNone)
    shown.setResizeMode(QListWidget.ResizeMode.Adjust)  # re-wrap when the dialog is resized
    shown.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    label = _own_label(detail)
    for line in detail.history:
        shown.addItem(f"{_when(line.at)}  {line.who}  {without_label(line.what, label)}")
        last = shown.item(shown.count() - 1)
        last.setToolTip(last.text())  # as every cut-off cell: the line whole on hover
    return shown


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
        self.history = _history_list(detail)
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

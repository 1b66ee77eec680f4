"""打印: the chosen meeting's 会议通知, 签到表 and 纪要 (PDF) and its 落实情况表 (PDF or xlsx)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QMainWindow, QPushButton, QWidget

from app.services.context import Actor
from app.services.registry import ExportQuery
from app.ui import ops
from app.ui.tasks import Task

PDF = "PDF 文件 (*.pdf)"
TABLE = "PDF 文件 (*.pdf);;Excel 文件 (*.xlsx)"


def _notice(s: Any, meeting_id: int, path: Path) -> int:
    from app.services.meetings import outputs  # reportlab loads on the first print

    return outputs.write_notice(s, meeting_id, path)


def _sign_sheet(s: Any, meeting_id: int, path: Path) -> int:
    from app.services.meetings import outputs

    return outputs.write_sign_sheet(s, meeting_id, path)


def _minutes(s: Any, meeting_id: int, path: Path) -> int:
    from app.services.meetings import outputs

    return outputs.write_minutes(s, meeting_id, path)


def _decisions(s: Any, meeting_id: int, path: Path) -> int:
    from app.services.transfer import export_file

    query = ExportQuery(options={"meeting_id": meeting_id})
    return export_file(s, "decisions", path, query)


Writer = Callable[[Any, int, Path], int]
# key -> (button, file name, file types, writer)
PRINTS: dict[str, tuple[str, str, str, Writer]] = {
    "notice": ("会议通知", "会议通知", PDF, _notice),
    "signSheet": ("签到表", "签到表", PDF, _sign_sheet),
    "minutes": ("会议纪要", "会议纪要", PDF, _minutes),
    "decisionsSheet": ("落实情况表", "议定事项落实情况表", TABLE, _decisions),
}


class PrintBar(QWidget):
    """A row of print buttons over the chosen meeting; each file is written off the GUI thread."""

    def __init__(self, actor: Actor, meeting: Callable[[], tuple[int, str] | None]) -> None:
        super().__init__()
        self.actor, self.meeting = actor, meeting
        self.last_dir = ""
        self.task: Task | None = None
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("打印："))
        for key, (text, _name, _types, _writer) in PRINTS.items():
            button = QPushButton(text)
            button.setObjectName(key)
            button.clicked.connect(lambda _c=False, k=key: self.start(k))
            row.addWidget(button)
            self.buttons[key] = button
        row.addStretch(1)

    def set_enabled(self, on: bool) -> None:
        for button in self.buttons.values():
            button.setEnabled(on)

    def ask_path(self, name: str, types: str) -> str | None:
        """The file to write (tests replace this: no native window)."""
        start = str(Path(self.last_dir or Path.home()) / f"{name}.pdf")
        path, _ = QFileDialog.getSaveFileName(self, "保存", start, types)
        return path or None

    def start(self, key: str) -> Task | None:
        found = self.meeting()
        if found is None:
            return None
        meeting_id, meeting_name = found
        _text, name, types, writer = PRINTS[key]
        answer = self.ask_path(f"{meeting_name}{name}", types)
        if not answer:
            return None
        path = Path(answer)
        if path.suffix.lower() not in (".pdf", ".xlsx"):
            path = path.with_name(path.name + ".pdf")
        self.last_dir = str(path.parent)
        self.task = ops.in_background(self, self.actor, f"正在生成 {path.name} …",
                                      lambda s, _t: writer(s, meeting_id, path),
                                      on_done=lambda _n: self._done(path))  # fmt: skip
        return self.task

    def _done(self, path: Path) -> None:
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(f"已生成：{path}", 8000)

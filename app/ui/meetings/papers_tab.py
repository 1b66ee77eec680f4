"""材料: electronic 会议材料 (附件, refused on 涉密) and the printed copies handed out, 清退."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.services.context import Actor
from app.services.meetings import papers
from app.services.meetings.base import ATTACHMENT_KIND
from app.services.meetings.dto import MeetingDetail, PaperForm, PaperRow
from app.ui.kit import DateEdit
from app.ui.kit.attachments_dialog import AttachmentsDialog
from app.ui.meetings.common import change, current_row, day, fill, open_dialog, seen_of, table
from app.ui.meetings.forms import MeetingForm, read_day

HEADERS = ("材料名称", "份数", "编号", "领取人", "清退日期", "收回人")


class PaperDialog(MeetingForm):
    """发放登记: a printed material, how many copies, their 编号, to whom."""

    def __init__(self, actor: Actor, meeting_id: int, parent: QWidget | None = None) -> None:
        super().__init__(actor, "纸质材料发放登记", parent, ok_text="登记", width=520)
        self.meeting_id = meeting_id
        self.title = self.add("title", "材料名称", QLineEdit())
        self.copies = self.add("copies", "份数", QSpinBox(minimum=1, maximum=999))
        self.serials = self.add("serials", "编号", QLineEdit(placeholderText="如 01-05"))
        self.holder = self.add("holder", "领取人", QLineEdit())

    def save(self) -> int:
        form = PaperForm(self.title.text(), self.holder.text(), self.copies.value(),
                         self.serials.text().strip())  # fmt: skip
        return self.run(papers.add_paper, self.meeting_id, form)


class ReturnDialog(MeetingForm):
    """清退: the copies came back, on a day, to someone."""

    def __init__(self, actor: Actor, paper: PaperRow, parent: QWidget | None = None) -> None:
        super().__init__(
            actor, f"清退：{paper.title}（{paper.holder}）", parent, ok_text="登记清退"
        )
        self.paper = paper
        self.returned_on = self.add("returned_on", "清退日期", DateEdit())
        self.returned_on.setDate(clock.today())
        self.returned_to = self.add("returned_to", "收回人", QLineEdit(actor.display_name))

    def save(self) -> None:
        on = read_day(self.returned_on, "清退日期", "returned_on")
        self.run(papers.return_paper, self.paper.id, self.returned_to.text(), on)


class PapersTab(QWidget):
    def __init__(self, actor: Actor, refresh: Callable[[], None]) -> None:
        super().__init__()
        self.actor, self.refresh = actor, refresh
        self.detail: MeetingDetail | None = None
        self.rows: list[PaperRow] = []
        self.table = table("papers", HEADERS)
        self.table.itemSelectionChanged.connect(self._enable)
        self.buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        for key, text, slot in (("files", "电子会议材料（附件）…", self.files),
                                ("addPaper", "纸质材料发放…", self.add_paper),
                                ("returnPaper", "清退…", self.give_back),
                                ("removePaper", "删除发放记录", self.remove)):  # fmt: skip
            button = QPushButton(text)
            button.setObjectName(key)
            button.clicked.connect(lambda _c=False, s=slot: s())
            bar.addWidget(button)
            self.buttons[key] = button
        bar.addStretch(1)
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        self.show_detail(None)

    def show_detail(self, detail: MeetingDetail | None) -> None:
        self.detail = detail
        self.rows = detail.papers if detail else []
        fill(self.table, [(p.title, p.copies, p.serials, p.holder, day(p.returned_on),
                           p.returned_to) for p in self.rows])  # fmt: skip
        secret = bool(detail and detail.meeting.secrecy)
        out = sum(1 for p in self.rows if p.returned_on is None)
        self.hint.setText(
            ("涉密会议只登记纸质材料的发放与清退；" if secret else "")
            + (
                f"尚有 {out} 份（条）材料未清退，会后请及时收回。"
                if out
                else "发放的纸质材料都已清退。"
            )
        )
        self._enable()

    def _enable(self) -> None:
        row = current_row(self.table)
        picked = self.rows[row] if 0 <= row < len(self.rows) else None
        for key in ("files", "addPaper"):
            self.buttons[key].setEnabled(self.detail is not None)
        self.buttons["returnPaper"].setEnabled(picked is not None and picked.returned_on is None)
        self.buttons["removePaper"].setEnabled(picked is not None and picked.returned_on is None)

    def selected(self) -> PaperRow | None:
        row = current_row(self.table)
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def files(self) -> AttachmentsDialog | None:
        if self.detail is None:
            return None
        m = self.detail.meeting
        dialog = AttachmentsDialog(self, self.actor, ATTACHMENT_KIND, m.id, m.name)
        dialog.open()
        return dialog

    def add_paper(self) -> PaperDialog | None:
        if self.detail is None:
            return None
        dialog = PaperDialog(self.actor, self.detail.meeting.id, self)
        dialog.seen = seen_of(self.detail)
        return open_dialog(dialog, self.refresh)

    def give_back(self) -> ReturnDialog | None:
        paper = self.selected()
        if paper is None:
            return None
        dialog = ReturnDialog(self.actor, paper, self)
        dialog.seen = seen_of(self.detail)
        return open_dialog(dialog, self.refresh)

    def remove(self) -> None:
        paper = self.selected()
        if paper is not None:
            change(self, papers.remove_paper, paper.id)

"""The 收文 page: the register list (state, who holds the paper), search, filters, moves."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QPushButton

from app import clock
from app.services.context import Actor
from app.services.filing import flow, handling, queries
from app.ui import ops
from app.ui.archives.file_action import archive_spec
from app.ui.filing import incoming_actions
from app.ui.filing.common import ListCol
from app.ui.filing.list_page import ListPage
from app.ui.filing.receive_dialog import ReceiveDialog
from app.ui.kit import Field


def _holder(row: queries.IncomingRow) -> str:
    if not row.holder or row.held_since is None:
        return ""
    days = (clock.utcnow() - row.held_since).total_seconds() / 86400
    return f"{row.holder}（{days:.0f}天）" if days >= 1 else f"{row.holder}（今天）"


def _pass_line(c: handling.CirculationRow) -> str:
    back = f"{c.returned_at.astimezone():%m-%d %H:%M} {c.outcome}" if c.returned_at else "尚未归还"
    sent = f"{c.sent_at.astimezone():%m-%d %H:%M}"
    return f"传阅 {c.holder}：{sent} 送出，{back}，历时{c.held_days():.1f}天"


# A 领导批示 exists from 待分办 on: a 督办 task can be raised from it.
SUPERVISABLE = (flow.AWAIT_ASSIGN, flow.HANDLING, flow.DONE)

# What a clerk looks for first stays on screen at 1366 px: where the paper is and by when;
# 紧急, 密级 and 文种 (mostly blank) come last.
COLUMNS = [
    ListCol("收文编号", lambda r: r.receipt_no),
    ListCol("签收时间", lambda r: f"{r.received_at.astimezone():%Y-%m-%d %H:%M}"),
    ListCol("来文机关", lambda r: r.sender), ListCol("来文字号", lambda r: r.sender_doc_number),
    ListCol("标题", lambda r: r.title), ListCol("状态", lambda r: r.state_shown),
    ListCol("纸质件现在", _holder), ListCol("办理时限", lambda r: r.deadline),
    ListCol("紧急", lambda r: r.urgency), ListCol("密级", lambda r: r.secrecy),
    ListCol("文种", lambda r: r.doc_type), ListCol("档号", lambda r: r.archive_code),
]  # fmt: skip


class IncomingPage(ListPage):
    """收文 list; the buttons under it are exactly the legal moves of the selected 收文."""

    kind = "incoming"
    empty_text = "还没有收文：点“签收登记”（Ctrl+N）登记第一份来文。"
    owner = "收文"
    states = flow.INCOMING_STATES
    count_upto = 1000  # up to 1,000 hits counted on the server in ~5-12 ms; more counted after

    def __init__(self, actor: Actor) -> None:
        super().__init__(actor, COLUMNS, queries.list_incoming, queries.count_incoming)
        self.receive_button = QPushButton("签收登记（Ctrl+N）")
        self.receive_button.clicked.connect(self.open_receive)
        self.tools.insertWidget(0, self.receive_button)
        QShortcut(QKeySequence("Ctrl+N"), self).activated.connect(self.open_receive)
        self.trail = QLabel()
        self.trail.setObjectName("trail")
        self.trail.setWordWrap(True)
        self.body.addWidget(self.trail)
        self.receive_dialog: ReceiveDialog | None = None

    def open_receive(self) -> ReceiveDialog:
        if self.receive_dialog is None:
            self.receive_dialog = ReceiveDialog(self, self.actor, lambda _id: self.reload())
        self.receive_dialog.show()
        self.receive_dialog.activateWindow()
        self.receive_dialog.sender_edit.setFocus()
        return self.receive_dialog

    def record_label(self, row: queries.IncomingRow) -> str:
        return f"{row.receipt_no} {row.title}".strip()

    def selected_changed(self) -> None:
        row = self.current()
        may_supervise = row and row.instructed and row.state in SUPERVISABLE and not row.historical
        extra = ("立督办",) if may_supervise else ()
        self.set_actions((*row.actions, *extra) if row else ())
        self.trail.setText(self._trail(row.id) if row else "")

    def _trail(self, doc_id: int) -> str:
        passes = ops.perform(self.actor, lambda s: handling.circulations(s, doc_id))
        chases = ops.perform(self.actor, lambda s: handling.reminders(s, doc_id))
        lines = [_pass_line(c) for c in passes]
        lines += [f"催办 {r.on} {r.means} {r.result}（{r.pusher}）" for r in chases]
        return "\n".join(lines)

    def action_spec(self, action: str, record_id: int) -> tuple[Sequence[Field], Any]:
        if action == "归档":  # the archive gives the 档号
            return archive_spec(self.actor, "收文", record_id)
        return incoming_actions.action_spec(action, record_id)

"""The 发文 page: list, 登记 showing the allocated 发文字号, the later steps, 作废, 断号 report."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QPushButton

from app import clock
from app.services.context import Actor
from app.services.filing import flow, numbering, outgoing, queries, vocab
from app.ui import ops
from app.ui.archives.file_action import archive_spec
from app.ui.filing.common import FILING, ListCol
from app.ui.filing.list_page import ListPage
from app.ui.kit import Field, FormDialog

# 状态 right after 标题, where it stays on screen at 1366 px; 密级 and 紧急 (mostly blank) last.
COLUMNS = [
    ListCol("发文字号", lambda r: r.doc_number or "（未编号）"), ListCol("标题", lambda r: r.title),
    ListCol("状态", lambda r: r.state_shown), ListCol("文种", lambda r: r.doc_type),
    ListCol("签发人", lambda r: r.signer), ListCol("签发日期", lambda r: r.signed_on),
    ListCol("主送", lambda r: r.main_to), ListCol("拟稿人", lambda r: r.drafter),
    ListCol("作废原因", lambda r: r.void_reason), ListCol("密级", lambda r: r.secrecy),
    ListCol("紧急", lambda r: r.urgency), ListCol("档号", lambda r: r.archive_code),
]  # fmt: skip


VOID = QColor("#e2e3e5")  # a voided number stays in the list, greyed


def _gray_void(row: Any) -> QColor | None:
    return VOID if row.state == "作废" else None


LEVELS = ("下级", "平级", "上级")  # the township writes down far more often than up


class OutgoingPage(ListPage):
    kind = "outgoing"
    empty_text = "还没有发文：点“登记发文”（Ctrl+N）登记第一份发文。"
    owner = "发文"
    states = flow.OUT_STATES

    def __init__(self, actor: Actor) -> None:
        super().__init__(actor, COLUMNS, queries.list_outgoing, queries.count_outgoing, _gray_void)
        self.new_button = QPushButton("登记发文（Ctrl+N）")
        self.new_button.clicked.connect(self.open_register)
        self.gaps_button = QPushButton("断号报告")
        self.gaps_button.clicked.connect(self.show_gaps)
        self.tools.insertWidget(0, self.new_button)
        self.tools.insertWidget(1, self.gaps_button)
        QShortcut(QKeySequence("Ctrl+N"), self).activated.connect(self.open_register)
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setStyleSheet("font-size: 16px; color: #036")
        self.notice.hide()  # empty, it would leave a blank band above the list
        self.body.insertWidget(self.body.indexOf(self.view), self.notice)

    def record_label(self, row: Any) -> str:
        return f"{row.doc_number or '（未编号）'} {row.title}"

    def selected_changed(self) -> None:
        row = self.current()
        self.set_actions(row.actions if row else ())

    def open_register(self) -> FormDialog:
        codes = ops.perform(self.actor, outgoing.issuer_codes)
        today = clock.today()
        fields = [
            Field("code", "机关代字", "choice", codes), Field("title", "标题", required=True),
            Field("doc_type", "文种", "choice", vocab.DOC_TYPES, default="通知"),
            Field("main_to", "主送"),
            Field("main_to_level", "主送机关级别", "choice", LEVELS, default="下级"),
            Field("draft_dept", "拟稿部门"), Field("drafter", "拟稿人"),
            Field("checker", "核稿人"), Field("signer", "签发人"),
            Field("signed_on", "签发日期", "date", default=today), Field("reviewer", "复核人"),
        ]  # fmt: skip
        return self.open_form("登记发文（核稿、签发、复核已在纸面完成）", fields, self._register)

    def _register(self, v: dict[str, Any]) -> None:
        draft = outgoing.DraftForm(issuer_code=v["code"], title=v["title"], doc_type=v["doc_type"],
                                   main_to=v["main_to"], draft_dept=v["draft_dept"],
                                   drafter=v["drafter"],
                                   main_to_level=v["main_to_level"])  # fmt: skip
        signed_on = v["signed_on"] or clock.today()
        form = outgoing.SignedForm(draft, v["checker"], v["signer"], signed_on, v["reviewer"])
        done = ops.perform(self.actor, lambda s: outgoing.enter_signed(s, form), touches=FILING)
        self.tell(f"已登记，发文字号：{done.doc_number}")
        self.reload(keep=done.id)

    def action_spec(self, action: str, record_id: int) -> tuple[list[Field], Any]:
        if action == "归档":  # the archive gives the 档号
            return archive_spec(self.actor, "发文", record_id)
        return _spec(action, record_id)

    def moved(self, action: str, record_id: int) -> None:
        if action == "登记":
            self.tell(f"已登记，发文字号：{self._number(record_id)}")

    def _number(self, doc_id: int) -> str:
        row = ops.perform(self.actor, lambda s: queries.get_outgoing(s, doc_id))
        return row.doc_number if row else ""

    def show_gaps(self) -> QLabel:
        rows = ops.perform(self.actor, lambda s: numbering.gap_report(s, year=self.filter().year))
        lines = [_gap_line(r) for r in rows] or ["尚无已编号的发文。"]
        self.tell("\n".join(lines))
        return self.notice

    def tell(self, text: str) -> None:
        """The notice above the list, shown only while it has something to say."""
        self.notice.setText(text)
        self.notice.setVisible(bool(text))


def _gap_line(r: numbering.GapReportRow) -> str:
    head = f"{r.code}〔{r.year}〕：最大号 {r.last}，已用 {r.used}，"
    return head + f"作废 {_nums(r.voided)}，断号 {_nums(r.gaps)}，重号 {_nums(r.duplicates)}"


def _nums(values: tuple[Any, ...]) -> str:
    return "、".join(map(str, values)) or "无"


def _spec(action: str, doc_id: int) -> tuple[list[Field], Any]:
    today = clock.today()
    specs: dict[str, tuple[list[Field], Any]] = {
        "核稿": ([Field("who", "核稿人", required=True)],
                 lambda v: lambda s: outgoing.check_draft(s, doc_id, v["who"])),
        "签发": ([Field("who", "签发人", required=True),
                  Field("on", "签发日期", "date", default=today)],
                 lambda v: lambda s: outgoing.sign(s, doc_id, v["who"], v["on"] or clock.today())),
        "复核": ([Field("who", "复核人", required=True)],
                 lambda v: lambda s: outgoing.review(s, doc_id, v["who"])),
        "登记": ([], lambda v: lambda s: outgoing.register(s, doc_id)),
        "印制": ([Field("copies", "印制份数", default="1"), Field("by", "印发机关"),
                  Field("on", "印发日期", "date", default=today)],
                 lambda v: lambda s: outgoing.print_doc(s, doc_id, _int(v["copies"]), v["by"],
                                                        v["on"] or clock.today())),
        "核发": ([], lambda v: lambda s: outgoing.dispatch(s, doc_id)),
        "作废": ([Field("reason", "作废原因", required=True)],
                 lambda v: lambda s: outgoing.void(s, doc_id, v["reason"])),
    }  # fmt: skip
    return specs[action]


def _int(text: str) -> int:
    return int(text) if text.strip().isdigit() else 0

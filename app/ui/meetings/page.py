"""The 办会 page: the meeting list above (年度/类型/text), the chosen meeting's tabs below."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.services.context import Actor
from app.services.meetings import config, entries
from app.services.meetings.dto import MeetingDetail, MeetingRow
from app.services.meetings.entries import MeetingFilter
from app.services.registry import ExportQuery, file_stem
from app.ui import ops
from app.ui.kit import Col, ExportAction, PagedListPage, ServiceSource
from app.ui.meetings.common import TOUCHES, call, moment, open_dialog
from app.ui.meetings.meeting_dialog import MeetingDialog
from app.ui.meetings.minutes_tab import MinutesTab
from app.ui.meetings.papers_tab import PapersTab
from app.ui.meetings.people_tab import PeopleTab
from app.ui.meetings.prints import PrintBar
from app.ui.meetings.topics_tab import TopicsTab
from app.ui.messages import confirm

# No 类型 or 届次 column: the name says both (2026年第17次党委会, unless the clerk named it
# otherwise), 类型 is a filter above, and with them the list scrolled sideways at 1366 wide.
# The detail's heading and the exported 会议登记簿 keep both.
COLUMNS = [Col("会议名称"), Col("时间"), Col("会议室"), Col("主持人"), Col("记录人"), Col("涉密"),
           Col("应到"), Col("实到"), Col("列席"), Col("未通知"), Col("纪要编号"),
           Col("议定事项")]  # fmt: skip


def _cells(m: MeetingRow) -> tuple[Any, ...]:
    items = f"{m.decisions}（未办结{m.decisions_open}）" if m.decisions_open else m.decisions or ""
    return (m.id, m.name, moment(m.starts_at), m.room, m.host, m.recorder, m.secrecy or "",
            m.expected, m.present, m.observers, m.not_notified or "", m.minutes_doc_number,
            items)  # fmt: skip


def list_rows(
    session: Any, flt: MeetingFilter, *, offset: int, limit: int
) -> list[tuple[Any, ...]]:
    # a township holds a few hundred meetings a year: the whole year is one short read
    return [_cells(m) for m in entries.list_meetings(session, flt)[offset : offset + limit]]


def count_rows(session: Any, flt: MeetingFilter) -> int:
    return len(entries.list_meetings(session, flt))


class MeetingList(PagedListPage):
    unit = "次"
    empty_text = "还没有会议：点“新建会议”（Ctrl+N）登记第一次会议，再办理通知、签到和纪要。"

    def __init__(self, actor: Actor, kinds: list[str]) -> None:
        year = clock.today().year
        source = ServiceSource(COLUMNS, list_rows, count_rows, MeetingFilter(year=year), actor)
        super().__init__("meetings", source, make_filter=lambda v: MeetingFilter(**v))
        self.filters.add_year("year", "年度", range(year - 10, year + 2), current=year)
        self.filters.add_combo("kind", "类型", [("全部", ""), *[(k, k) for k in kinds]])
        self.filters.add_search("text", "搜索会议名称（Ctrl+F）")


class MeetingsPage(QWidget):
    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.detail: MeetingDetail | None = None
        self.list = MeetingList(actor, call(actor, config.kinds))
        self.list.view.selectionModel().currentRowChanged.connect(lambda *_: self.show_detail())
        self.list.view.opened.connect(lambda _id: self.edit_meeting())
        self.list.add_button("新建会议", self.new_meeting, "Ctrl+N")
        self.list.add_button("修改会议…", self.edit_meeting)
        self.list.add_button("删除会议", self.delete_meeting)
        # The service writes both (the register's own layout, items not done first).
        self.export = self._export("会议登记簿", "meetings")
        self.decisions_export = self._export("议定事项落实情况表", "decisions")
        self.decisions_export.setShortcut("")  # Ctrl+E is the register's
        self.list.add_button("导出会议登记簿（Ctrl+E）", self.export.trigger)
        self.list.add_button("导出落实情况表", self.decisions_export.trigger)
        self.heading = QLabel()
        self.heading.setObjectName("meetingHeading")
        self.heading.setWordWrap(True)
        self.prints = PrintBar(actor, self._chosen)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("meetingTabs")
        self.people = PeopleTab(actor, self.show_detail)
        self.topics = TopicsTab(actor, self.show_detail)
        self.papers = PapersTab(actor, self.show_detail)
        self.minutes = MinutesTab(actor, self.show_detail)
        tabs = ((self.people, "参会人员与签到"), (self.topics, "议题与记录"),
                (self.papers, "会议材料"), (self.minutes, "纪要与议定事项"))  # fmt: skip
        for tab, title in tabs:
            self.tabs.addTab(tab, title)
        self._layout()
        ops.watch(self, (*TOUCHES, "督办"), self.reload)  # a 督办 办结 moves an item's state
        self.show_detail()

    def _layout(self) -> None:
        lower = QWidget()
        box = QVBoxLayout(lower)
        box.setContentsMargins(9, 0, 9, 0)  # in line with the list's own margins
        top = QHBoxLayout()  # one row: the list keeps more of the height
        top.addWidget(self.heading, 1)
        top.addWidget(self.prints)
        box.addLayout(top)
        box.addWidget(self.tabs, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.list)
        split.addWidget(lower)
        split.setSizes([340, 360])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

    def _export(self, name: str, kind: str) -> ExportAction:
        """导出 of the year (or dates) under the list's filter, written by the service."""

        def write(flt: MeetingFilter, path: Path) -> int:
            from app.services.transfer import export_file  # the report kit loads on first export

            query = ExportQuery(year=flt.year, date_from=flt.date_from, date_to=flt.date_to)
            return ops.perform(self.actor, lambda s: export_file(s, kind, path, query))

        def stem() -> str:
            flt = self.list.source.flt
            shown = ExportQuery(year=flt.year, date_from=flt.date_from, date_to=flt.date_to)
            return file_stem(name, shown)

        return ExportAction(self.list, lambda flt: flt, default_name=name, writer=write,
                            capture=lambda: self.list.source.flt, stem=stem)  # fmt: skip

    def _chosen(self) -> tuple[int, str] | None:
        m = self.detail.meeting if self.detail else None
        return (m.id, m.name) if m else None

    def current_id(self) -> int | None:
        found = self.list.view.current_id()
        return int(found) if found is not None else None

    def reload(self) -> None:
        """After a change anywhere in 办会: the list again, the same meeting kept."""
        self.list.reload(select=self.current_id())
        self.show_detail()

    def show_detail(self) -> None:
        """The selected meeting's tabs, read again (also after each change on a tab)."""
        meeting_id = self.current_id()
        self.detail = None
        if meeting_id is not None:
            self.detail = ops.query(self, self.actor, lambda s: entries.get_meeting(s, meeting_id))
        self.heading.setText(_heading(self.detail))
        self.prints.set_enabled(self.detail is not None)
        for tab in (self.people, self.topics, self.papers, self.minutes):
            tab.show_detail(self.detail)

    def new_meeting(self) -> MeetingDialog:
        dialog = MeetingDialog(self.actor, None, self)
        return open_dialog(dialog, lambda: self.show_saved(dialog.saved_id))

    def edit_meeting(self) -> MeetingDialog | None:
        meeting_id = self.current_id()
        if meeting_id is None:
            ops.tell(self, "请先在列表中选中一次会议。")
            return None
        dialog = MeetingDialog(self.actor, meeting_id, self)
        return open_dialog(dialog, lambda: self.show_saved(meeting_id))

    def show_saved(self, meeting_id: int | None) -> None:
        if meeting_id is not None:
            self.show_record(meeting_id, "")

    def delete_meeting(self) -> None:
        m = self.detail.meeting if self.detail else None
        if m is None or not self.confirm(f"删除“{m.name}”？其名单、议题和记录一并删除。"):
            return
        if ops.change(self, self.actor, lambda s: entries.delete_meeting(s, m.id) or True,
                      touches=TOUCHES):  # fmt: skip
            self.reload()

    def confirm(self, text: str) -> bool:
        return confirm(self, text, "删除会议")

    def show_record(self, record_id: int, _label: str) -> None:
        """首页 and the 督办 page open a meeting: its year's list, the meeting selected."""
        found = ops.query(self, self.actor, lambda s: entries.get_meeting(s, record_id))
        if found is None:
            return
        bar = self.list.filters
        bar.reset()  # 全部 类型, no words: the meeting is surely listed
        year = bar.widgets["year"]
        assert isinstance(year, QComboBox)
        year.setCurrentIndex(max(0, year.findData(found.meeting.year)))
        self.list.view.select_id(record_id)
        self.show_detail()


def _heading(detail: MeetingDetail | None) -> str:
    if detail is None:
        return "选中一次会议，办理通知、签到、议题记录、材料和纪要。"
    m = detail.meeting
    ends = m.ends_at.astimezone()
    where = m.room or "地点未定"
    secret = f"　【涉密：{m.secrecy}】" if m.secrecy else ""
    series = "" if m.session_label in m.name else f"（{m.kind}{m.session_label}）"
    return (
        f"{m.name}{series}　{moment(m.starts_at)}—{ends:%H:%M}"
        f"　{where}　主持：{m.host or '—'}　记录：{m.recorder or '—'}{secret}"
    )

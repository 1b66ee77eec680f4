"""The frozen rows 办会's services hand to the window, the CLI and the prints."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class MeetingForm:
    """What the clerk types for a meeting; name "" becomes 2026年第5次党委会."""

    kind: str
    starts_at: datetime  # aware
    name: str = ""
    ends_at: datetime | None = None  # default: two hours after the start
    room: str = ""
    host: str = ""
    recorder: str = ""
    secrecy: str | None = None  # 绝密/机密/秘密 or None
    requirements: str = ""  # 会议要求, printed on the notice
    contact: str = ""
    phone: str = ""


@dataclass(frozen=True)
class MeetingRow:
    """A line of the meeting list."""

    id: int
    name: str
    kind: str
    year: int
    session_no: int
    starts_at: datetime
    ends_at: datetime
    room: str
    host: str
    recorder: str
    secrecy: str | None
    minutes_doc_number: str
    expected: int  # 应到
    present: int  # 实到
    observers: int  # 列席
    not_notified: int
    decisions: int
    decisions_open: int
    version: int

    @property
    def session_label(self) -> str:
        return f"第{self.session_no}次"


@dataclass(frozen=True)
class AttendeeForm:
    name: str
    unit: str = ""
    title: str = ""  # 职务
    role: str = "参会"  # 参会 / 列席
    id: int | None = None  # an existing attendee keeps its notice and 签到 marks


@dataclass(frozen=True)
class AttendeeRow:
    id: int
    name: str
    unit: str
    title: str
    role: str
    notice: str  # 未通知/已通知/已回执/请假
    present: bool | None  # None: not yet ticked
    late: bool
    absent_reason: str


@dataclass(frozen=True)
class TopicForm:
    title: str
    reporter: str = ""
    id: int | None = None  # an existing 议题 keeps its 记录


@dataclass(frozen=True)
class TopicRow:
    id: int
    position: int
    title: str
    reporter: str
    record: str


@dataclass(frozen=True)
class PaperForm:
    title: str
    holder: str
    copies: int = 1
    serials: str = ""  # 编号, e.g. 01-05


@dataclass(frozen=True)
class PaperRow:
    id: int
    title: str
    copies: int
    serials: str
    holder: str
    returned_on: date | None
    returned_to: str


@dataclass(frozen=True)
class DecisionForm:
    matter: str
    dept: str
    deadline: date
    leader: str = ""
    person: str = ""


@dataclass(frozen=True)
class DecisionRow:
    """A 议定事项 with its 督办 item's state (办理中/逾期/已办结/逾期办结, or 未转督办)."""

    id: int
    meeting_id: int
    meeting_name: str
    minutes_doc_number: str
    meeting_on: date
    position: int
    matter: str
    leader: str
    dept: str
    person: str
    deadline: date
    task_id: int | None
    state: str
    done_on: date | None
    evidence: str
    days_overdue: int

    @property
    def done(self) -> bool:
        return self.done_on is not None


@dataclass(frozen=True)
class DecisionLink:
    """From a 督办 item back to its meeting."""

    decision_id: int
    meeting_id: int
    meeting_name: str
    minutes_doc_number: str


@dataclass(frozen=True)
class MeetingDetail:
    """One meeting with everything the window shows on it."""

    meeting: MeetingRow
    requirements: str
    contact: str
    phone: str
    minutes_code: str
    minutes_no: int | None
    minutes_title: str
    minutes_issued_on: date | None
    outgoing_id: int | None
    attendees: list[AttendeeRow]
    topics: list[TopicRow]
    papers: list[PaperRow]
    decisions: list[DecisionRow]

    @property
    def absent(self) -> list[AttendeeRow]:
        """缺席: 应到 people ticked as not present."""
        return [a for a in self.attendees if a.role == "参会" and a.present is False]

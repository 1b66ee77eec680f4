"""办会: meetings, their attendees, 议题 with 记录, 涉密 printed materials and 议定事项."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, utcnow


class Meeting(Base):
    """One meeting; 届次 (session_no) runs per 类型 per year, the 纪要 number per 代字 per year
    through the 发文字号 counters (filing_counters)."""

    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))  # 会议名称
    kind: Mapped[str] = mapped_column(String(20))  # 类型: 党委会/政府常务会/…
    year: Mapped[int]
    session_no: Mapped[int]  # 第N次
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    room: Mapped[str] = mapped_column(String(60), default="")  # 会议室 from the list
    host: Mapped[str] = mapped_column(String(40), default="")  # 主持人
    recorder: Mapped[str] = mapped_column(String(40), default="")  # 记录人
    secrecy: Mapped[str | None] = mapped_column(String(4))  # 绝密/机密/秘密 or none
    requirements: Mapped[str] = mapped_column(Text, default="")  # 会议要求 (notice)
    contact: Mapped[str] = mapped_column(String(40), default="")  # 联系人
    phone: Mapped[str] = mapped_column(String(40), default="")
    # 会议纪要: its 代字, number and 文号 once numbered; 印发 date; the 发文 it became
    minutes_code: Mapped[str] = mapped_column(String(20), default="")
    minutes_no: Mapped[int | None]
    minutes_doc_number: Mapped[str] = mapped_column(String(80), default="")
    minutes_title: Mapped[str] = mapped_column(String(300), default="")
    minutes_issued_on: Mapped[date | None]
    outgoing_id: Mapped[int | None] = mapped_column(
        ForeignKey("outgoing_docs.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        UniqueConstraint("kind", "year", "session_no"),
        Index("ix_meetings_starts_at", "starts_at"),
        Index("ix_meetings_room", "room", "starts_at"),
    )


class MeetingAttendee(Base):
    """One person on the list: 参会 (应到) or 列席; notice, 签到, 迟到 and 缺席原因."""

    __tablename__ = "meeting_attendees"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(40))
    unit: Mapped[str] = mapped_column(String(100), default="")
    title: Mapped[str] = mapped_column(String(60), default="")  # 职务
    role: Mapped[str] = mapped_column(String(4), default="参会")  # 参会 / 列席
    notice: Mapped[str] = mapped_column(String(4), default="未通知")  # 未通知/已通知/已回执/请假
    present: Mapped[bool | None]  # 签到: None until the clerk ticks after the meeting
    late: Mapped[bool] = mapped_column(default=False)
    absent_reason: Mapped[str] = mapped_column(String(100), default="")  # 请假, 出差 …


class MeetingTopic(Base):
    """An 议题 in order; its 会议记录 text (never on a 涉密 meeting)."""

    __tablename__ = "meeting_topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(300))
    reporter: Mapped[str] = mapped_column(String(60), default="")  # 汇报人/汇报单位
    record: Mapped[str] = mapped_column(Text, default="")  # 会议记录


class MeetingPaper(Base):
    """A printed 涉密 material handed out: 份数, 编号, to whom, and its 清退."""

    __tablename__ = "meeting_papers"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    copies: Mapped[int] = mapped_column(default=1)
    serials: Mapped[str] = mapped_column(String(100), default="")  # 编号, e.g. 01-05
    holder: Mapped[str] = mapped_column(String(60))  # 发给谁
    returned_on: Mapped[date | None]  # 清退
    returned_to: Mapped[str] = mapped_column(String(40), default="")  # 收回人

    __table_args__ = (Index("ix_meeting_papers_open", "returned_on"),)


class MeetingDecision(Base):
    """A 议定事项 of the 纪要; task_id links it to its 督办 item (both ways)."""

    __tablename__ = "meeting_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    matter: Mapped[str] = mapped_column(String(300))  # 事项
    leader: Mapped[str] = mapped_column(String(40), default="")  # 牵头领导
    dept: Mapped[str] = mapped_column(String(100))  # 责任单位
    person: Mapped[str] = mapped_column(String(40), default="")  # 责任人
    deadline: Mapped[date] = mapped_column(index=True)  # 办理时限
    task_id: Mapped[int | None] = mapped_column(
        ForeignKey("supervision_tasks.id", ondelete="SET NULL"), unique=True
    )

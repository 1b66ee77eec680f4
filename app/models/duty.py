"""值班: people on the duty list, rosters, swaps, duty logs, handovers and 零报告 days."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, utcnow


class DutyPerson(Base):
    """One person who can stand duty; can_lead marks a 带班领导 (leads only, never plain duty)."""

    __tablename__ = "duty_people"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(40), default="")  # 职务
    dept: Mapped[str] = mapped_column(String(40), default="")  # 科室
    phone: Mapped[str] = mapped_column(String(40), default="")
    can_lead: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class DutyAbsence(Base):
    """A period when a person cannot stand duty: 休假, 出差, 培训 (both ends included)."""

    __tablename__ = "duty_absences"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("duty_people.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    start: Mapped[date]
    end: Mapped[date]
    note: Mapped[str] = mapped_column(String(200), default="")


class RosterDay(Base):
    """One day's duty: its kind, the shift times as generated, the 带班领导 and 值班人员."""

    __tablename__ = "roster_days"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(unique=True)
    kind: Mapped[str] = mapped_column(String(10))  # 工作日 | 周末 | 节假日
    holiday: Mapped[str] = mapped_column(String(40), default="")
    shift_start: Mapped[str] = mapped_column(String(5))  # "17:30"
    shift_end: Mapped[str] = mapped_column(String(5))  # "08:30" (next morning)
    leader_id: Mapped[int] = mapped_column(ForeignKey("duty_people.id"))
    note: Mapped[str] = mapped_column(String(200), default="")
    version: Mapped[int] = mapped_column(default=1)

    staff: Mapped[list[RosterStaff]] = relationship(
        cascade="all, delete-orphan", order_by="RosterStaff.position"
    )

    __mapper_args__ = {"version_id_col": version}


class RosterStaff(Base):
    """One 值班人员 on one roster day."""

    __tablename__ = "roster_staff"

    roster_day_id: Mapped[int] = mapped_column(
        ForeignKey("roster_days.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("duty_people.id"), primary_key=True)
    position: Mapped[int] = mapped_column(default=0)

    __table_args__ = (Index("ix_roster_staff_person", "person_id"),)


class DutySwap(Base):
    """A 换班 (or 代班 when day_b is empty), with the 带班领导's consent; kept as history."""

    __tablename__ = "duty_swaps"

    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[str] = mapped_column(String(10))  # 带班 | 值班
    day_a: Mapped[date]
    person_a_id: Mapped[int] = mapped_column(ForeignKey("duty_people.id"))
    day_b: Mapped[date | None]
    person_b_id: Mapped[int] = mapped_column(ForeignKey("duty_people.id"))
    consent_by: Mapped[str] = mapped_column(String(40))  # the 带班领导 who agreed
    consent_at: Mapped[datetime]
    reason: Mapped[str] = mapped_column(String(200), default="")
    recorded_by: Mapped[str] = mapped_column(String(40))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class DutyLogEntry(Base):
    """One entry of a shift's 值班日志; carried_from_id links an open item handed on."""

    __tablename__ = "duty_log_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    shift_day: Mapped[date] = mapped_column(index=True)
    at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(String(10))  # 来电 来文 来访 突发事件 领导交办
    source_unit: Mapped[str] = mapped_column(String(100), default="")
    source_person: Mapped[str] = mapped_column(String(40), default="")
    source_phone: Mapped[str] = mapped_column(String(40), default="")
    content: Mapped[str] = mapped_column(Text)
    instruction: Mapped[str] = mapped_column(Text, default="")  # 领导批示
    handling: Mapped[str] = mapped_column(Text, default="")  # 处理情况
    done: Mapped[bool] = mapped_column(default=False)  # 是否办结
    handed_on: Mapped[bool] = mapped_column(default=False)  # passed to the next shift
    recorder: Mapped[str] = mapped_column(String(40))
    phone_report_at: Mapped[datetime | None]  # 突发事件: 电话报告时间
    written_report_at: Mapped[datetime | None]  # 突发事件: 书面报告时间
    carried_from_id: Mapped[int | None] = mapped_column(ForeignKey("duty_log_entries.id"))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class DutyHandover(Base):
    """交接班: who handed the shift over to whom, and when."""

    __tablename__ = "duty_handovers"

    id: Mapped[int] = mapped_column(primary_key=True)
    shift_day: Mapped[date] = mapped_column(unique=True)
    handed_by: Mapped[str] = mapped_column(String(40))
    taken_by: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime]
    open_items: Mapped[int] = mapped_column(default=0)
    note: Mapped[str] = mapped_column(String(200), default="")


class ZeroReportDay(Base):
    """零报告: a shift with nothing to report (无事报平安)."""

    __tablename__ = "duty_zero_reports"

    day: Mapped[date] = mapped_column(primary_key=True)
    marked_by: Mapped[str] = mapped_column(String(40))
    marked_at: Mapped[datetime] = mapped_column(default=utcnow)

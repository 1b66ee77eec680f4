"""来访/信访: the case register, its 信访人, and the accused kept in a table of its own."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, utcnow


class VisitCase(Base):
    """One 信访事项 as registered at the 党政办, with the dates that drive its clocks."""

    __tablename__ = "visit_cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    seq: Mapped[int]
    reg_no: Mapped[str] = mapped_column(String(20), unique=True)
    received_at: Mapped[datetime]
    received_on: Mapped[date] = mapped_column(index=True)  # the local date the clocks start
    form: Mapped[str] = mapped_column(String(10))  # 走访 书信 电话 传真 信息网络
    headcount: Mapped[int] = mapped_column(default=1)
    village: Mapped[str] = mapped_column(String(60), default="", index=True)
    issue: Mapped[str] = mapped_column(Text, default="")
    demand: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(10), index=True)
    repeat_of_id: Mapped[int | None] = mapped_column(ForeignKey("visit_cases.id"))
    receiver: Mapped[str] = mapped_column(String(40), default="")
    receiving_leader: Mapped[str] = mapped_column(String(40), default="")
    recusal_confirmed: Mapped[bool] = mapped_column(default=False)
    handling: Mapped[str] = mapped_column(String(10), default="")
    handler_unit: Mapped[str] = mapped_column(String(60), default="")
    handler_person: Mapped[str] = mapped_column(String(40), default="")
    accepted_on: Mapped[date | None]
    notified_on: Mapped[date | None]
    routed_received_on: Mapped[date | None]  # a 转送/交办 matter reached us (异议 clock)
    objection_on: Mapped[date | None]
    extension_leader: Mapped[str] = mapped_column(String(40), default="")
    extension_approved_on: Mapped[date | None]
    extension_told_on: Mapped[date | None]
    facts: Mapped[str] = mapped_column(Text, default="")  # 事实认定 for the 处理意见书
    opinion: Mapped[str] = mapped_column(Text, default="")  # 处理意见
    outcome: Mapped[str] = mapped_column(String(10), default="")
    concluded_on: Mapped[date | None]
    delivery_means: Mapped[str] = mapped_column(String(20), default="")
    delivered_on: Mapped[date | None]
    satisfaction: Mapped[str] = mapped_column(String(10), default="")
    review_requested_on: Mapped[date | None]
    review_answered_on: Mapped[date | None]
    recheck_requested_on: Mapped[date | None]
    recheck_answered_on: Mapped[date | None]
    in_national_system: Mapped[bool] = mapped_column(default=False)
    national_no: Mapped[str] = mapped_column(String(40), default="")
    registered_by_id: Mapped[int | None]  # the clerk who registered it keeps access
    review_late: Mapped[bool] = mapped_column(default=False, server_default=false())
    # 历史补录: a past year's case typed from paper: its clocks are not run again
    historical: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    petitioners: Mapped[list[VisitPetitioner]] = relationship(
        back_populates="case", order_by="VisitPetitioner.position", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        UniqueConstraint("year", "seq"),
        # The register's order within a year: read in index order, not sorted per page.
        Index("ix_visit_cases_year_received", "year", "received_on", "id"),
    )


class VisitPetitioner(Base):
    """One 信访人 of a case; a group visit lists its representatives."""

    __tablename__ = "visit_petitioners"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("visit_cases.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(40))
    gender: Mapped[str] = mapped_column(String(2), default="")
    id_number: Mapped[str] = mapped_column(String(18), default="", index=True)
    address: Mapped[str] = mapped_column(String(120), default="")
    phone: Mapped[str] = mapped_column(String(20), default="", index=True)
    representative: Mapped[bool] = mapped_column(default=False)

    case: Mapped[VisitCase] = relationship(back_populates="petitioners")

    __table_args__ = (Index("ix_visit_petitioners_case", "case_id"),)


class VisitAccused(Base):
    """The person a 检举控告 names; never joined into a list query."""

    __tablename__ = "visit_accused"

    case_id: Mapped[int] = mapped_column(
        ForeignKey("visit_cases.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(String(40))
    position: Mapped[str] = mapped_column(String(60), default="")
    user_id: Mapped[int | None]  # the accused's own account, when they have one

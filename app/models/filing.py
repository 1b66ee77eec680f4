"""公文 registers: 收文 with 传阅/催办, 发文 with 发文字号 counters, and 督办 tasks."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    false,
    func,
    literal_column,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, utcnow
from app.models.counters import FilingCounter as FilingCounter  # its own module now


class IncomingDoc(Base):
    """收文登记簿 row (domain.md §1.3)."""

    __tablename__ = "incoming_docs"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    serial: Mapped[int | None]  # 收文编号 sequence, allocated at 登记
    receipt_no: Mapped[str | None] = mapped_column(String(40))  # 收文编号 as shown
    received_at: Mapped[datetime]  # 签收时间
    sender: Mapped[str] = mapped_column(String(100))  # 来文机关
    sender_doc_number: Mapped[str] = mapped_column(String(80), default="")  # 来文字号
    sender_doc_number_raw: Mapped[str] = mapped_column(String(80), default="")
    title: Mapped[str] = mapped_column(String(300))
    doc_type: Mapped[str | None] = mapped_column(String(10))  # 文种
    secrecy: Mapped[str | None] = mapped_column(String(4))  # 绝密/机密/秘密
    secrecy_years: Mapped[int | None]
    urgency: Mapped[str | None] = mapped_column(String(4))  # 特急/加急
    copies: Mapped[int] = mapped_column(default=1)
    pages: Mapped[int | None]
    attachments_note: Mapped[str] = mapped_column(String(200), default="")  # 附件
    issued_on: Mapped[date | None]  # 成文日期
    state: Mapped[str] = mapped_column(String(10))
    review_result: Mapped[str] = mapped_column(String(200), default="")  # 初审结论
    handling_kind: Mapped[str | None] = mapped_column(String(4))  # 阅知/批办
    proposal: Mapped[str] = mapped_column(Text, default="")  # 拟办意见
    instruction: Mapped[str] = mapped_column(Text, default="")  # 领导批示
    instructed_by: Mapped[str] = mapped_column(String(40), default="")
    lead_dept: Mapped[str] = mapped_column(String(100), default="")  # 主办
    co_depts: Mapped[str] = mapped_column(String(300), default="")  # 协办, 、-separated
    handler: Mapped[str] = mapped_column(String(40), default="")  # 承办人
    deadline: Mapped[date | None]  # 办理时限
    pusher: Mapped[str] = mapped_column(String(40), default="")  # 催办人
    result: Mapped[str] = mapped_column(Text, default="")  # 办理结果/答复
    done_on: Mapped[date | None]  # 办结日期
    archive_code: Mapped[str] = mapped_column(String(60), default="")  # 档号
    answered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("outgoing_docs.id", ondelete="SET NULL")
    )  # 复文
    # Who holds the paper now and since when: a copy of the open 传阅 (Circulation stays the
    # record), kept by the 传阅 services so every list row reads it without a join.
    holder: Mapped[str] = mapped_column(String(60), default="", server_default="")
    held_since: Mapped[datetime | None]
    # 历史补录: typed from a past year's paper register; it records, it does not re-enact
    historical: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        UniqueConstraint("year", "serial"),
        Index("ix_incoming_docs_sender_number", "sender", "sender_doc_number"),
        Index("ix_incoming_docs_received_at", "received_at"),
        Index("ix_incoming_docs_state", "state"),
        Index("ix_incoming_docs_deadline", "deadline"),
    )


class Circulation(Base):
    """传阅: one hand-over of the paper copy, its return, 收回 or cancel."""

    __tablename__ = "incoming_circulations"

    id: Mapped[int] = mapped_column(primary_key=True)
    incoming_id: Mapped[int] = mapped_column(
        ForeignKey("incoming_docs.id", ondelete="CASCADE"), index=True
    )
    holder: Mapped[str] = mapped_column(String(60))
    sent_at: Mapped[datetime]
    returned_at: Mapped[datetime | None]
    outcome: Mapped[str | None] = mapped_column(String(6))  # 归还/收回/取消; None = still out
    note: Mapped[str] = mapped_column(String(200), default="")
    recorded_by: Mapped[str] = mapped_column(String(40), default="")


class Reminder(Base):
    """催办: date, means (电话/当面/书面 …), result, who chased."""

    __tablename__ = "incoming_reminders"

    id: Mapped[int] = mapped_column(primary_key=True)
    incoming_id: Mapped[int] = mapped_column(
        ForeignKey("incoming_docs.id", ondelete="CASCADE"), index=True
    )
    on: Mapped[date]
    means: Mapped[str] = mapped_column(String(20))
    result: Mapped[str] = mapped_column(String(300), default="")
    pusher: Mapped[str] = mapped_column(String(40), default="")


class OutgoingDoc(Base):
    """发文登记簿 row (domain.md §1.4); doc_number is the 发文字号 once 登记."""

    __tablename__ = "outgoing_docs"

    id: Mapped[int] = mapped_column(primary_key=True)
    issuer_code: Mapped[str] = mapped_column(String(20))  # 机关代字
    year: Mapped[int]
    number: Mapped[int | None]
    doc_number: Mapped[str | None] = mapped_column(String(80), index=True)  # 发文字号
    doc_number_raw: Mapped[str] = mapped_column(String(80), default="")
    title: Mapped[str] = mapped_column(String(300))
    doc_type: Mapped[str] = mapped_column(String(10))
    draft_dept: Mapped[str] = mapped_column(String(100), default="")
    drafter: Mapped[str] = mapped_column(String(40), default="")
    checker: Mapped[str] = mapped_column(String(40), default="")  # 核稿人
    signer: Mapped[str] = mapped_column(String(40), default="")  # 签发人
    signed_on: Mapped[date | None]  # 签发日期 = 成文日期
    reviewer: Mapped[str] = mapped_column(String(40), default="")  # 复核人
    main_to: Mapped[str] = mapped_column(String(300), default="")  # 主送
    main_to_level: Mapped[str] = mapped_column(String(4), default="", server_default="")
    cc: Mapped[str] = mapped_column(String(300), default="")  # 抄送
    secrecy: Mapped[str | None] = mapped_column(String(4))
    secrecy_years: Mapped[int | None]
    urgency: Mapped[str | None] = mapped_column(String(4))
    print_copies: Mapped[int | None]
    printed_by: Mapped[str] = mapped_column(String(100), default="")  # 印发机关
    printed_on: Mapped[date | None]  # 印发日期
    disclosure: Mapped[str] = mapped_column(String(6), default="")  # 公开属性
    attachments_note: Mapped[str] = mapped_column(String(200), default="")
    state: Mapped[str] = mapped_column(String(10))
    registered_on: Mapped[date | None]
    void_reason: Mapped[str] = mapped_column(String(200), default="")
    archive_code: Mapped[str] = mapped_column(String(60), default="")
    historical: Mapped[bool] = mapped_column(default=False, server_default=false())  # 历史补录
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        UniqueConstraint("issuer_code", "year", "number"),
        Index("ix_outgoing_docs_state", "state"),
        # The 发文 list's order (newest year, newest entry): read in index order, not sorted.
        Index("ix_outgoing_docs_year_id", "year", "id"),
    )


# The 发文 list's order, newest 成文日期 first, then the newest 发文字号 and entry: a draft not
# yet signed stands above every date (it is the work in hand), one signed but not yet numbered
# above every number. Literals, not NULLS FIRST: SQLite sorts NULLS FIRST of a DESC key
# without its index, and these expressions are one text on both engines, so the index
# below (0030_outgoing_order) answers the list read backwards, and a year filter by its prefix.
OUTGOING_ORDER = (
    OutgoingDoc.year,
    func.coalesce(OutgoingDoc.signed_on, literal_column("'9999-12-31'")),
    func.coalesce(OutgoingDoc.number, literal_column("2147483647")),
    OutgoingDoc.id,
)
Index("ix_outgoing_docs_order", *OUTGOING_ORDER)


class SupervisionTask(Base):
    """督办 task; its state (办理中/逾期/已办结/逾期办结) is derived from the dates."""

    __tablename__ = "supervision_tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    matter: Mapped[str] = mapped_column(String(300))  # 事项
    source_kind: Mapped[str] = mapped_column(String(10))  # 领导批示/会议/上级文件/交办
    source_text: Mapped[str] = mapped_column(String(200), default="")
    incoming_id: Mapped[int | None] = mapped_column(
        ForeignKey("incoming_docs.id", ondelete="SET NULL"), index=True
    )
    dept: Mapped[str] = mapped_column(String(100))  # 责任单位
    person: Mapped[str] = mapped_column(String(40), default="")  # 责任人
    assigned_on: Mapped[date]
    deadline: Mapped[date] = mapped_column(index=True)
    done_on: Mapped[date | None]
    evidence: Mapped[str] = mapped_column(Text, default="")  # 办结 evidence
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
    # the 督办 list's order (newest 交办日期, newest entry): read in index order, not sorted
    __table_args__ = (Index("ix_supervision_tasks_assigned_id", "assigned_on", "id"),)


class TaskNote(Base):
    """A dated progress note on a 督办 task."""

    __tablename__ = "supervision_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(
        ForeignKey("supervision_tasks.id", ondelete="CASCADE"), index=True
    )
    on: Mapped[date]
    text: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(40), default="")

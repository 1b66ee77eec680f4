"""用印: the seals, their dated status records, the hash-chained use ledger and loans."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, utcnow


class Seal(Base):
    """One 印章 of the township; approvers is a JSON list of names or 职务."""

    __tablename__ = "seals"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[str] = mapped_column(
        String(20)
    )  # 党委章 | 政府章 | 党政办章 | 专用章 | 钢印 | 个人名章
    keeper: Mapped[str] = mapped_column(String(40), default="")  # 保管人
    approvers_json: Mapped[str] = mapped_column(Text, default="[]")
    status: Mapped[str] = mapped_column(String(10), default="在用")
    status_since: Mapped[date | None]
    note: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class SealStatusRecord(Base):
    """A dated change of a seal's status: 遗失 carries 声明作废 date, 销毁 the witnesses."""

    __tablename__ = "seal_status_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    seal_id: Mapped[int] = mapped_column(ForeignKey("seals.id"), index=True)
    status: Mapped[str] = mapped_column(String(10))
    effective_on: Mapped[date]
    reason: Mapped[str] = mapped_column(String(200), default="")
    void_declared_on: Mapped[date | None]  # 声明作废日期 (遗失)
    witnesses: Mapped[str] = mapped_column(String(200), default="")  # 销毁见证人
    recorded_by: Mapped[str] = mapped_column(String(40))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class SealUse(Base):
    """One line of the 用印登记簿; kind 作废 entries name the entry they void.

    Rows are never updated: hash = SHA-256(prev_hash + canonical content), seq is the
    chain position.
    """

    __tablename__ = "seal_uses"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(unique=True)
    kind: Mapped[str] = mapped_column(String(10), default="用印")  # 用印 | 作废
    year: Mapped[int | None]
    year_no: Mapped[int | None]
    number: Mapped[str | None] = mapped_column(String(20), unique=True)  # 用印编号 2026-0001
    used_at: Mapped[datetime]
    seal_id: Mapped[int] = mapped_column(ForeignKey("seals.id"), index=True)
    unit: Mapped[str] = mapped_column(String(80), default="")  # 用印单位/科室
    applicant: Mapped[str] = mapped_column(String(40), default="")  # 申请人/经办人
    purpose: Mapped[str] = mapped_column(String(200), default="")  # 事由
    doc_title: Mapped[str] = mapped_column(String(200), default="")  # 文件名称
    doc_number: Mapped[str] = mapped_column(String(60), default="")  # 文号
    copies: Mapped[int] = mapped_column(default=0)  # 份数
    approver: Mapped[str] = mapped_column(String(40), default="")
    approver_title: Mapped[str] = mapped_column(String(40), default="")
    approved_at: Mapped[datetime | None]
    supervisor: Mapped[str] = mapped_column(String(40), default="")  # 监印人
    copy_kept: Mapped[bool] = mapped_column(default=False)  # 留存复印件
    note: Mapped[str] = mapped_column(String(200), default="")
    attested: Mapped[bool] = mapped_column(default=False)  # 文件完整、非空白（经办人确认）
    # 历史补录 (an old paper register): the chain hashes the 备注 as marked, see chain.HASHED
    historical: Mapped[bool] = mapped_column(default=False, server_default=false())
    outgoing_id: Mapped[int | None] = mapped_column(ForeignKey("outgoing_docs.id"))  # 发文
    voids_id: Mapped[int | None] = mapped_column(ForeignKey("seal_uses.id"))
    void_reason: Mapped[str] = mapped_column(String(200), default="")
    recorded_by: Mapped[str] = mapped_column(String(40))
    recorded_at: Mapped[datetime]
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (
        Index("ix_seal_uses_year_no", "year", "year_no"),
        Index("ix_seal_uses_used_at", "used_at"),
        # The ledger pairs each entry with the 作废 entry voiding it on every page it lists.
        Index("ix_seal_uses_voids_id", "voids_id"),
    )


class SealChainHead(Base):
    """The single row holding the chain's length and last hash, updated first on every
    append: it serialises appends and makes a deleted last entry detectable."""

    __tablename__ = "seal_chain_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    count: Mapped[int] = mapped_column(default=0)
    last_hash: Mapped[str] = mapped_column(String(64))


class SealLoan(Base):
    """A seal taken out of the office (外借) and its return."""

    __tablename__ = "seal_loans"

    id: Mapped[int] = mapped_column(primary_key=True)
    seal_id: Mapped[int] = mapped_column(ForeignKey("seals.id"), index=True)
    borrower: Mapped[str] = mapped_column(String(40))  # 借用人
    purpose: Mapped[str] = mapped_column(String(200))  # 事由
    approvals_json: Mapped[str] = mapped_column(Text, default="[]")  # [{姓名, 职务, 时间}]
    lent_at: Mapped[datetime]
    due_at: Mapped[datetime]
    returned_at: Mapped[datetime | None]
    received_by: Mapped[str] = mapped_column(String(40), default="")  # 接收人
    lent_by: Mapped[str] = mapped_column(String(40), default="")
    note: Mapped[str] = mapped_column(String(200), default="")
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    __table_args__ = (Index("ix_seal_loans_open", "returned_at", "due_at"),)

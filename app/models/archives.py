"""档案 (文书档案, DA/T 22-2015): 件, boxes, 借阅, 鉴定, the 保管期限表 and the 机构 codes.

The 件's electronic files are ordinary attachments (owner_kind "archive_item"): the store
already keeps SHA-256, format and size and refuses files on a record with a 密级.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, utcnow

# 状态 of a 件; a destroyed or handed-over 件 stays in the table for good.
IN_STOCK = "在库"
DESTROYED = "已销毁"
TRANSFERRED = "已移交"


class ArchiveOrg(Base):
    """One 机构（问题） of the scheme: code (BGS) and name (办公室)."""

    __tablename__ = "archive_orgs"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(10), unique=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)


class RetentionRule(Base):
    """One line of the 保管期限表; the first active rule (by position) that matches wins."""

    __tablename__ = "archive_retention_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(80))  # shown as "which rule matched"
    direction: Mapped[str] = mapped_column(String(10), default="")  # 本级发文/上级来文/…; "" any
    doc_types: Mapped[str] = mapped_column(String(200), default="")  # 文种, 、-separated; "" any
    keywords: Mapped[str] = mapped_column(String(300), default="")  # 、-separated; "" any
    period: Mapped[str] = mapped_column(String(6))  # Y / D30 / D10 / 不归档
    org_code: Mapped[str] = mapped_column(String(10), default="")  # suggested 机构; "" default
    note: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(default=True)


class ArchiveBox(Base):
    """A box (装盒): never mixes 年度, 保管期限 or 机构; 盒号 runs per category."""

    __tablename__ = "archive_boxes"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    period: Mapped[str] = mapped_column(String(6))
    org_code: Mapped[str] = mapped_column(String(10), default="")
    box_no: Mapped[int]
    thickness_cm: Mapped[int] = mapped_column(default=2)  # 2, 3, 4 or 5
    # 备考表
    remarks: Mapped[str] = mapped_column(Text, default="")  # 盒内文件情况说明
    arranged_by: Mapped[str] = mapped_column(String(40), default="")  # 整理人
    arranged_on: Mapped[date | None]
    checked_by: Mapped[str] = mapped_column(String(40), default="")  # 检查人
    checked_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1, server_default="1")  # 备考表 edits

    __table_args__ = (UniqueConstraint("year", "period", "org_code", "box_no"),)


class ArchiveItem(Base):
    """One 件 of the 文书档案 with its 档号; never deleted once numbered."""

    __tablename__ = "archive_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]  # 年度
    period: Mapped[str] = mapped_column(String(6))  # 保管期限 Y / D30 / D10
    org_code: Mapped[str] = mapped_column(String(10), default="")  # "" when no 机构 level
    # 件号, 1.. within the lowest category, no gaps; it is the order (by 日期 then 文号
    # unless the archivist reorders), so no separate sort key.
    item_no: Mapped[int]
    archive_code: Mapped[str] = mapped_column(String(60), unique=True)  # 档号
    doc_no: Mapped[str] = mapped_column(String(80), default="")  # 文号
    author: Mapped[str] = mapped_column(String(100), default="")  # 责任者
    title: Mapped[str] = mapped_column(String(300))  # 题名; a made-up one in [ ]
    doc_date: Mapped[date | None]  # 日期
    secrecy: Mapped[str] = mapped_column(String(4), default="")  # 密级
    pages: Mapped[int] = mapped_column(default=0)  # 页数
    note: Mapped[str] = mapped_column(String(200), default="")  # 备注
    box_id: Mapped[int | None] = mapped_column(ForeignKey("archive_boxes.id"))
    incoming_id: Mapped[int | None] = mapped_column(
        ForeignKey("incoming_docs.id", ondelete="SET NULL"), unique=True
    )
    outgoing_id: Mapped[int | None] = mapped_column(
        ForeignKey("outgoing_docs.id", ondelete="SET NULL"), unique=True
    )
    rule_name: Mapped[str] = mapped_column(String(80), default="")  # 保管期限表 rule used
    status: Mapped[str] = mapped_column(String(6), default=IN_STOCK)
    # 鉴定: the year the period runs out after a 续存 (None: 年度 + period)
    retain_until_year: Mapped[int | None]
    # 销毁 (the row stays, marked 已销毁)
    destroyed_on: Mapped[date | None]
    destroyed_by: Mapped[str] = mapped_column(String(40), default="")
    destroy_supervisor: Mapped[str] = mapped_column(String(40), default="")  # 监销人
    destroy_batch: Mapped[str] = mapped_column(String(40), default="")  # 销毁清册 no.
    # 移交 to the county archive
    transferred_on: Mapped[date | None]
    transferred_by: Mapped[str] = mapped_column(String(40), default="")
    transfer_batch: Mapped[str] = mapped_column(String(40), default="")  # 移交清册 no.
    filed_by: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        # Also the index the 目录 order and the category scans read.
        UniqueConstraint("year", "period", "org_code", "item_no"),
        Index("ix_archive_items_box", "box_id"),
        Index("ix_archive_items_status", "status"),
    )


class ArchiveSkip(Base):
    """A 收文/发文 the archivist marked 不归档 at 年度归档, with the reason (重份, 事务性 …)."""

    __tablename__ = "archive_skips"

    id: Mapped[int] = mapped_column(primary_key=True)
    incoming_id: Mapped[int | None] = mapped_column(
        ForeignKey("incoming_docs.id", ondelete="CASCADE"), unique=True
    )
    outgoing_id: Mapped[int | None] = mapped_column(
        ForeignKey("outgoing_docs.id", ondelete="CASCADE"), unique=True
    )
    year: Mapped[int] = mapped_column(index=True)
    reason: Mapped[str] = mapped_column(String(100))
    decided_by: Mapped[str] = mapped_column(String(40), default="")
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)


class ArchiveLoan(Base):
    """One line of the 借阅 register."""

    __tablename__ = "archive_loans"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("archive_items.id"))
    archive_code: Mapped[str] = mapped_column(String(60))  # 档号 as lent
    title: Mapped[str] = mapped_column(String(300))  # 题名 as lent
    loaned_on: Mapped[date]  # 借阅日期
    borrower: Mapped[str] = mapped_column(String(40))  # 借阅人
    unit: Mapped[str] = mapped_column(String(100), default="")  # 单位
    purpose: Mapped[str] = mapped_column(String(200), default="")  # 利用目的
    mode: Mapped[str] = mapped_column(String(4))  # 查阅/借出/复制/摘抄
    approver: Mapped[str] = mapped_column(String(40), default="")  # 批准人
    due_on: Mapped[date | None]  # 应还日期
    returned_on: Mapped[date | None]  # 实还日期
    handler: Mapped[str] = mapped_column(String(40), default="")  # 经办人
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_archive_loans_item", "item_id"),
        Index("ix_archive_loans_open", "returned_on", "due_on"),
        Index("ix_archive_loans_loaned_on", "loaned_on"),
    )


class Appraisal(Base):
    """A 鉴定 decision on one 件: 续存 with a new period, or 销毁."""

    __tablename__ = "archive_appraisals"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("archive_items.id"), index=True)
    decided_on: Mapped[date]
    decision: Mapped[str] = mapped_column(String(4))  # 续存 / 销毁
    new_period: Mapped[str] = mapped_column(String(6), default="")  # for 续存: Y / D30 / D10
    retain_until_year: Mapped[int | None]  # for 续存
    panel: Mapped[str] = mapped_column(String(200))  # 鉴定小组
    reason: Mapped[str] = mapped_column(String(200), default="")
    decided_by: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


# The 目录's order, newest 年度 first, then as the 档号 run (Y, D30, D10 is the periods'
# reverse alphabetical order): read in index order, never sorted (100,000 件: 3 ms, not 130).
Index("ix_archive_items_catalog", ArchiveItem.year.desc(), ArchiveItem.period.desc(),
      ArchiveItem.org_code, ArchiveItem.item_no)  # fmt: skip
Index("ix_archive_items_catalog_org_first", ArchiveItem.year.desc(), ArchiveItem.org_code,
      ArchiveItem.period.desc(), ArchiveItem.item_no)  # fmt: skip

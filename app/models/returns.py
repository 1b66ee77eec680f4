"""The 模板库: the county's return templates the office keeps, as the county sent them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, utcnow


class ReturnTemplate(Base):
    """One template workbook (its bytes, so that a backup keeps it), under a name of the
    clerk's choosing (收文情况表, 信访情况统计表 …)."""

    __tablename__ = "return_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    file_name: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    kind: Mapped[str] = mapped_column(String(20), default="")  # the register it is filled from
    added_by: Mapped[str] = mapped_column(String(40), default="")
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

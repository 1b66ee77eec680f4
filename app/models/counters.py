"""The counter rows every running number and chain queues on (filing_counters)."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class FilingCounter(Base):
    """One running number per series per year: 收文编号, or one per 机关代字 for 发文字号.

    Allocation updates this row first in the transaction (UPDATE … RETURNING), so two
    sessions allocating at once serialise on the row and never share a number. Its own
    module: the audit chain holds a row too, and logging in must not load the 公文 models.
    """

    __tablename__ = "filing_counters"

    series: Mapped[str] = mapped_column(String(40), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    last: Mapped[int] = mapped_column(default=0)

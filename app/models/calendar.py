"""The year calendar: holidays and 调休 workdays, seeded from the State Council notice."""

from __future__ import annotations

from datetime import date

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class CalendarDay(Base):
    """A day that differs from the plain week: 节假日, or 调休 (a weekend made a workday)."""

    __tablename__ = "calendar_days"

    day: Mapped[date] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # 节假日 | 调休上班
    name: Mapped[str] = mapped_column(String(40), default="")
    source: Mapped[str] = mapped_column(String(10), default="国务院")  # 国务院 | 本地

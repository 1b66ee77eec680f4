"""The filter a 公文 list or search takes, and the small pieces its SQL is made of."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

NO_SECRECY = "无"  # filter value for records without a 密级 (or 紧急程度)


@dataclass(frozen=True)
class FilingFilter:
    text: str = ""
    year: int | None = None
    state: str | None = None
    doc_type: str | None = None
    secrecy: str | None = None  # 绝密/机密/秘密, or 无
    urgency: str | None = None  # 特急/加急, or 无
    date_from: date | None = None
    date_to: date | None = None
    record_id: int | None = None  # just this record: a search hit opened in its register
    overdue_on: date | None = None  # only the open ones whose 办理时限 is before this day

"""How a value reads to a clerk, the same on screen and on paper."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any


def display_text(value: Any) -> str:
    """Dates as 2026-03-05, times to the minute, whole numbers without .0, 是/否, blanks empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        local = value.astimezone() if value.tzinfo else value
        return local.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()

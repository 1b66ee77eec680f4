"""Dates as clerks and county sheets write them: 2026-03-05, 2026.3.5, 2026年3月5日, 20260305."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

_FULLWIDTH = str.maketrans("０１２３４５６７８９．／－", "0123456789./-")
_YMD = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_EXCEL_EPOCH = date(1899, 12, 30)  # Excel's serial 1 is 1900-01-01, counting its 1900-02-29


def parse_date(value: object) -> date | None:
    """A date from any form above, an Excel serial number, or a date object; else None."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_serial(float(value))
    return _from_text(str(value))


def _from_serial(serial: float) -> date | None:
    if 1 <= serial < 2958466:  # up to 9999-12-31
        return _EXCEL_EPOCH + timedelta(days=int(serial))
    return None


def _from_text(text: str) -> date | None:
    text = text.strip().translate(_FULLWIDTH)
    text = re.sub(r"[ T]\d{1,2}:\d{2}(:\d{2})?(\.\d+)?$", "", text)  # drop a time of day
    match = _YMD.match(text) or _COMPACT.match(text)
    if match is None:
        if re.fullmatch(r"\d{5}(\.\d+)?", text):
            return _from_serial(float(text))
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def local_midnight(day: date) -> datetime:
    """The start of a local calendar day as an aware moment (date ranges over timestamps)."""
    return datetime.combine(day, time()).astimezone()


def format_date(day: date | None) -> str:
    return "" if day is None else day.isoformat()


def format_date8(day: date | None) -> str:
    """DA/T 22 catalogue form: 20260315."""
    # isoformat, not strftime: a 目录 page formats 200 of them on every read
    return "" if day is None else day.isoformat()[:10].replace("-", "")

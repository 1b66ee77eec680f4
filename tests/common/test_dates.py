"""Every date form a clerk or a county sheet writes."""

from datetime import date, datetime

import pytest

from app.common.dates import format_date8, parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-05", date(2026, 3, 5)),
        ("2026.3.5", date(2026, 3, 5)),
        ("2026/3/5", date(2026, 3, 5)),
        ("2026年3月5日", date(2026, 3, 5)),
        ("2026 年 3 月 5 日", date(2026, 3, 5)),
        ("20260305", date(2026, 3, 5)),
        ("２０２６．３．５", date(2026, 3, 5)),
        ("2026-03-05 14:30", date(2026, 3, 5)),
        (46086, date(2026, 3, 5)),
        (46086.5, date(2026, 3, 5)),
        ("46086", date(2026, 3, 5)),
        (datetime(2026, 3, 5, 9), date(2026, 3, 5)),
        ("2026-02-30", None),
        ("明天", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_format_date8():
    assert format_date8(date(2026, 3, 15)) == "20260315"

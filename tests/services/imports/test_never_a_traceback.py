"""Property: every import kind, on any sheet, ends in a count or a Chinese refusal.

Random header rows from the kind's own synonym table (some columns left out, some doubled),
random cells: blank, text, numbers, impossible dates, 5,000-character text, tabs and line
breaks, #REF!, 合计. The only outcomes allowed are a count, ImportRejected (第N行 列名: 原因)
and a DomainError refusing the file; anything else is a bug.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.services import headers
from app.services.errors import DomainError
from app.services.transfer import import_file

CELLS = st.one_of(
    st.none(),
    st.just(""),
    st.text(max_size=30),
    st.sampled_from(
        [
            "2025-02-30",
            "2026-13-01",
            "#REF!",
            "合计",
            "#N/A",
            "²",
            "是",
            "否",
            "x" * 5000,
            "a\tb\nc",
            "=1+1",
            "-",
            "0",
            "-1",
            "2026.3.5",
            "20260305",
            "12345678901234567890",
            "党委章",
            "中共某某镇委员会",
            "建议意见类",
            "走访",
            "镇政〔2026〕3号",
            "2026-0001",
            "10:00",
            "2026-03-05 10:00",
        ]
    ),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 12, 31)),
    st.booleans(),
)


def _sheet(kind: str) -> st.SearchStrategy[list[list[Any]]]:
    table = headers.TABLES[kind]
    words = [word for field_words in table.values() for word in field_words]
    header = st.lists(st.sampled_from(words), min_size=1, max_size=len(table) + 2)
    required = list(headers.REQUIRED[kind])
    # half the time the required columns are there, so rows get read and checked
    full = header.map(lambda h: required + h)
    return st.one_of(header, full, full).flatmap(
        lambda h: st.lists(st.lists(CELLS, min_size=len(h), max_size=len(h)), max_size=6).map(
            lambda rows: [list(h), *rows]
        )
    )


@pytest.mark.parametrize("kind", sorted(headers.TABLES))
def test_any_sheet_ends_in_a_count_or_a_refusal(kind: str, uow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "表.xlsx"
    path.write_bytes(b"sheet")  # named and hashed for the batch; the grid is given

    slow_ok = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]

    @settings(max_examples=60, deadline=None, suppress_health_check=slow_ok)
    @given(grid=_sheet(kind))
    def run(grid: list[list[Any]]) -> None:
        try:
            with uow() as session:
                count = import_file(session, kind, path, grids=[grid])
            assert count >= 1
        except DomainError as refused:  # ImportRejected, UnreadableFile, ValidationError …
            assert refused.message

    run()

"""Running numbers: 收文编号 per year and 发文字号 per 机关代字 per year, never shared."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.filing import FilingCounter, IncomingDoc, OutgoingDoc
from app.models.meetings import Meeting
from app.services import counters, settings
from app.services.counters import allocate as allocate
from app.services.counters import allocate_block as allocate_block
from app.services.counters import last_number as last_number
from app.services.counters import raise_to as raise_to
from app.services.errors import ValidationError
from app.services.filing.docnumber import format_doc_number

INCOMING_SERIES = "*收文"  # '*' keeps it apart from any 机关代字
VISIT_SERIES = "*来访"  # 来访 登记编号 per year (0027 seeded it from the cases' highest)
INCOMING_FORMAT_KEY = "filing.incoming_number_format"
DEFAULT_INCOMING_FORMAT = "收〔{year}〕{n}号"  # or "{year}-{n:04d}" → 2026-0015


def receipt_pattern(pattern: str) -> re.Pattern[str]:
    """A regular expression reading year and n back out of a 收文编号 made by `pattern`."""
    parts = re.split(r"(\{year[^}]*\}|\{n[^}]*\})", pattern)
    body = "".join(
        "(?P<year>\\d{4})" if p.startswith("{year") else "0*(?P<n>\\d+)" if p.startswith("{n")
        else re.escape(p)
        for p in parts
    )  # fmt: skip
    return re.compile(f"^{body}$")


def raise_for_receipts(session: Session, pattern: str, items: list[dict[str, Any]]) -> None:
    """Imported 收文编号 in the configured shape: keep their serial and move the counter."""
    shape = receipt_pattern(pattern)
    tops: dict[int, int] = {}
    for item in items:
        found = shape.match(item["receipt_no"] or "")
        item["serial"] = None
        if found:
            year = int(found["year"]) if "year" in shape.groupindex else item["year"]
            tops[year] = max(tops.get(year, 0), int(found["n"]))
            # the serial is unique per year of 签收: a number of another year is only text
            item["serial"] = int(found["n"]) if year == item["year"] else None
    for year, top in tops.items():
        raise_to(session, INCOMING_SERIES, year, top)


def incoming_format(session: Session) -> str:
    return str(settings.get(session, INCOMING_FORMAT_KEY, DEFAULT_INCOMING_FORMAT))


def format_receipt_no(pattern: str, year: int, n: int) -> str:
    try:
        return pattern.format(year=year, n=n)
    except (KeyError, IndexError, ValueError) as exc:
        raise ValidationError(
            f"收文编号格式“{pattern}”不对：可用 {{year}} 与 {{n}}，如 收〔{{year}}〕{{n}}号。",
            field=INCOMING_FORMAT_KEY,
        ) from exc


def check_free_number(session: Session, code: str, year: int, number: int) -> None:
    """A back-dated entry may take a gap number explicitly: below the counter and unused."""
    last = last_number(session, code, year)
    if not 1 <= number <= last:
        raise ValidationError(
            f"补号只能使用已跳过的空号：{code}〔{year}〕目前最大号为{last}。", field="number"
        )
    taken = select(OutgoingDoc.id).where(
        OutgoingDoc.issuer_code == code, OutgoingDoc.year == year, OutgoingDoc.number == number
    )
    if session.scalar(taken) is not None:
        raise ValidationError(
            f"{format_doc_number(code, year, number)}已被使用（作废号也不得再用）。", field="number"
        )


@dataclass(frozen=True)
class GapReportRow:
    """断号/重号 report line for one 代字 and year."""

    code: str
    year: int
    last: int
    used: int
    voided: tuple[int, ...]
    gaps: tuple[int, ...]
    duplicates: tuple[str, ...]


def gap_report(session: Session, /, year: int | None = None) -> list[GapReportRow]:
    """Per 代字 per year: numbers skipped (断号), numbers used twice (重号), voids kept."""
    stmt = select(FilingCounter).where(~FilingCounter.series.startswith("*"))
    if year is not None:
        stmt = stmt.where(FilingCounter.year == year)
    counters = session.scalars(stmt.order_by(FilingCounter.year, FilingCounter.series)).all()
    return [_gap_row(session, c.series, c.year, c.last) for c in counters]


def _gap_row(session: Session, code: str, year: int, last: int) -> GapReportRow:
    docs = session.execute(
        select(OutgoingDoc.number, OutgoingDoc.state).where(
            OutgoingDoc.issuer_code == code, OutgoingDoc.year == year,
            OutgoingDoc.number.is_not(None),
        )
    ).all()  # fmt: skip
    numbers = {int(n or 0) for n, _ in docs} | _minutes_numbers(session, code, year)
    voided = sorted(int(n or 0) for n, state in docs if state == "作废")
    dupes = session.scalars(
        select(OutgoingDoc.doc_number)
        .where(OutgoingDoc.issuer_code == code, OutgoingDoc.year == year)
        .group_by(OutgoingDoc.doc_number)
        .having(func.count() > 1, OutgoingDoc.doc_number.is_not(None))
    ).all()
    gaps = tuple(n for n in range(1, last + 1) if n not in numbers)
    return GapReportRow(
        code, year, last, len(numbers), tuple(voided), gaps, tuple(str(d) for d in dupes)
    )


def _minutes_numbers(session: Session, code: str, year: int) -> set[int]:
    """A 会议纪要 takes its number from its 类型's series on these counters: held by a meeting
    but not (yet) entered as a 发文, the number is used, not skipped."""
    held = select(Meeting.minutes_no).where(
        Meeting.minutes_code == code, Meeting.year == year, Meeting.minutes_no.is_not(None)
    )
    return {int(n) for n in session.scalars(held) if n is not None}


def check_numbers(session: Session) -> list[str]:
    """`python -m app.cli check`: a counter behind a used 发文字号 or 收文编号 would hand it
    out again."""
    used = (
        select(OutgoingDoc.issuer_code, OutgoingDoc.year, func.max(OutgoingDoc.number))
        .where(OutgoingDoc.number.is_not(None))
        .group_by(OutgoingDoc.issuer_code, OutgoingDoc.year)
    )
    found = []
    for code, year, top in session.execute(used):
        last = last_number(session, code, year)
        if top is not None and last < top:
            found.append(f"{code}〔{year}〕计数器为{last}，但已用到{top}号：再登记会重号。")
    serials = (
        select(IncomingDoc.year, func.max(IncomingDoc.serial))
        .where(IncomingDoc.serial.is_not(None))
        .group_by(IncomingDoc.year)
    )
    return found + counters.behind(session, INCOMING_SERIES, session.execute(serials), "收文登记簿")


def check_duplicates(session: Session) -> list[str]:
    """`check`: a 收文编号 or 发文字号 held by two records (a merge or an old import did it)."""
    found = []
    for column, label in (
        (IncomingDoc.receipt_no, "收文编号"),
        (OutgoingDoc.doc_number, "发文字号"),
    ):
        stmt = (
            select(column, func.count())
            .where(column.is_not(None), column != "")
            .group_by(column)
            .having(func.count() > 1)
        )
        found += [f"{label}{no}被{n}条记录重复使用。" for no, n in session.execute(stmt)]
    return found

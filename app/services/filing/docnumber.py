"""文号 normalisation (GB/T 9704 §7.2.5): `机关代字〔YYYY〕N号`, keeping the raw text too."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from app import clock
from app.services.errors import ValidationError

OPEN, CLOSE = "〔", "〕"  # U+3014, U+3015
# Mis-keyed brackets seen in real registers, all mapped to the 六角括号.
_BRACKETS = str.maketrans({
    "﹝": OPEN, "﹞": CLOSE, "[": OPEN, "]": CLOSE, "【": OPEN, "】": CLOSE,
    "（": OPEN, "）": CLOSE, "(": OPEN, ")": CLOSE, "［": OPEN, "］": CLOSE,
    "〖": OPEN, "〗": CLOSE, "{": OPEN, "}": CLOSE, "｛": OPEN, "｝": CLOSE,
})  # fmt: skip
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_SHAPE = re.compile(
    rf"^(?P<code>[^{OPEN}{CLOSE}]+?){OPEN}(?P<year>\d{{2}}|\d{{4}}){CLOSE}第?(?P<n>\d+)号?$"
)
_SPACES = re.compile(r"[\s\u3000]+")


@dataclass(frozen=True)
class DocNumber:
    code: str  # 机关代字, e.g. 镇政发
    year: int
    number: int

    def __str__(self) -> str:
        return format_doc_number(self.code, self.year, self.number)


def format_doc_number(code: str, year: int, number: int) -> str:
    return f"{code}{OPEN}{year}{CLOSE}{number}号"


def _clean(raw: str) -> str:
    return _SPACES.sub("", raw.translate(_BRACKETS).translate(_FULLWIDTH_DIGITS))


def full_year(two_digits: int, on: date | None = None) -> int:
    """〔99〕 of a paper dated 1999 is 1999, 〔26〕 of 2026 is 2026: the latest year ending in
    those digits that is not after the paper's own date (today when the date is unknown)."""
    ref = (on or clock.today()).year
    return ref - (ref - two_digits) % 100


def parse(raw: str | None, on: date | None = None) -> DocNumber | None:
    """The parts of a 文号 in any usual mis-keyed form, or None when it has no such shape.

    on: the document's date, which gives a two-digit year its century."""
    match = _SHAPE.match(_clean(raw or ""))
    if match is None:
        return None
    year = int(match["year"])
    year = full_year(year, on) if year < 100 else year
    number = int(match["n"])
    if number < 1 or not 1949 <= year <= 2999:
        return None
    return DocNumber(match["code"], year, number)


def normalize(raw: str | None, on: date | None = None) -> str:
    """The canonical 文号, or ValidationError when the text is not a 文号 at all."""
    parsed = parse(raw, on)
    if parsed is None:
        raise ValidationError(
            f"文号“{(raw or '').strip()}”格式不对，"
            "应为 机关代字〔年份〕序号号，如 镇政发〔2026〕7号。",
            field="doc_number",
        )
    return str(parsed)


def normalize_lenient(raw: str | None, on: date | None = None) -> str:
    """For a 来文字号: canonical when it has the shape, else the text without stray spaces."""
    parsed = parse(raw, on)
    return str(parsed) if parsed else _SPACES.sub("", (raw or "").strip())

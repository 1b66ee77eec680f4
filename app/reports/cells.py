"""Cell text made safe both ways: control characters cleaned, text kept as text (CWE-1236)."""

from __future__ import annotations

import re
from typing import Any

# C0 controls except tab and newline, and DEL: openpyxl refuses them (IllegalCharacterError)
# and no clerk typed them on purpose; a carriage return becomes a line break.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# What Excel, WPS and LibreOffice read as the start of a formula when a cell is typed.
FORMULA_START = ("=", "+", "-", "@")


def clean_text(text: str) -> str:
    """Tab as a space, CR/CRLF as a line break, every other control character dropped."""
    if not _CONTROL.search(text) and "\t" not in text:
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROL.sub("", text)


def put_text(cell: Any, value: Any) -> Any:
    """Assign `value` to an openpyxl cell; a str is cleaned and stored as a string cell,
    never as a formula, whatever it begins with."""
    if isinstance(value, str):
        cell.value = clean_text(value)
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


_COUNT = re.compile(r"[0-9]{1,9}(?:\.0+)?")


def parse_count(value: Any, maximum: int) -> int | None:
    """A whole number 1..maximum from a cell (2, 2.0, "2", "2份"), else None.

    ASCII digits only: "²" passes str.isdigit() yet int() refuses it, and 20 digits overflow
    the database's integer."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e10:
        value = int(value)
    text = str(value).strip().removesuffix("份").removesuffix("页").removesuffix("人").strip()
    if not _COUNT.fullmatch(text):
        return None
    number = int(float(text))
    return number if 1 <= number <= maximum else None

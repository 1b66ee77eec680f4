"""Read the HTML tables that web systems save as ".xls" (their 导出Excel button does this)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

_LOOKS_HTML = re.compile(
    rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|table|meta)",
    re.IGNORECASE | re.DOTALL,
)
_CHARSET = re.compile(rb"charset\s*=\s*[\"']?([\w-]+)", re.IGNORECASE)


def looks_like_html(data: bytes) -> bool:
    return bool(_LOOKS_HTML.match(data[:2048].lstrip(b"\xef\xbb\xbf")))


def decode(data: bytes) -> str:
    """The declared charset, else UTF-8, else GB18030 (what GBK-era systems write)."""
    declared = _CHARSET.search(data[:4096])
    names = [declared[1].decode("ascii")] if declared else []
    for name in (*names, "utf-8-sig", "gb18030"):
        try:
            return data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("gb18030", errors="replace")


def html_grids(text: str) -> list[list[list[Any]]]:
    """Every <table> as a grid of cell texts; colspan/rowspan cells repeat their value."""
    parser = _TableParser()
    parser.feed(text)
    parser.close()
    return [grid for grid in parser.tables if grid]


class _TableParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[Any]]] = []
        self._rows: list[list[Any]] | None = None
        self._row: list[Any] | None = None
        self._cell: list[str] | None = None
        self._span = (1, 1)
        self._pending: dict[tuple[int, int], str] = {}  # (row, col) -> value from a rowspan

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._rows, self._pending = [], {}
        elif tag == "tr" and self._rows is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            values = dict(attrs)
            self._cell = []
            self._span = (_int(values.get("rowspan")), _int(values.get("colspan")))
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._place("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None and self._rows is not None:
            self._fill_pending(len(self._row))
            self._rows.append(self._row)
            self._row = None
        elif tag == "table" and self._rows is not None:
            self.tables.append(self._rows)
            self._rows = None

    def _place(self, value: str) -> None:
        assert self._row is not None and self._rows is not None
        self._fill_pending(len(self._row))
        rows, cols = self._span
        start = len(self._row)
        for c in range(start, start + cols):
            self._row.append(value)
            for r in range(1, rows):
                self._pending[(len(self._rows) + r, c)] = value

    def _fill_pending(self, column: int) -> None:
        """Cells covered by a rowspan from above, at the current position."""
        assert self._row is not None and self._rows is not None
        while (len(self._rows), column) in self._pending:
            self._row.append(self._pending.pop((len(self._rows), column)))
            column += 1


def _int(text: str | None) -> int:
    try:
        return max(1, min(int(text or 1), 1000))
    except ValueError:
        return 1

"""ReportTable: what every list export hands to the xlsx and pdf writers."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.common.display import display_text

Cell = Callable[[Mapping[str, Any]], Any]  # one printed cell from the full row, by header
RowMap = Callable[[Sequence[Any]], list[Any]]


# A column whose header ends so holds a 文号 or 编号: a number broken inside itself
# ("收〔2026〕" over "1号") cannot be read or matched against the paper
NUMBER_HEADERS = ("编号", "文号", "字号", "档号")


@dataclass(frozen=True)
class Column:
    header: str
    width: float = 12  # in characters; the pdf scales these to the page
    # True: the PDF makes the column as wide as its longest line, never wrapping inside
    # it; None: so when the header names a number (NUMBER_HEADERS)
    fit: bool | None = field(default=None, kw_only=True)

    @property
    def fits(self) -> bool:
        """Whether the PDF sizes this column to its longest line instead of by `width`."""
        return self.header.endswith(NUMBER_HEADERS) if self.fit is None else self.fit


@dataclass(frozen=True)
class PrintColumn(Column):
    """A column of the PDF's own layout, filled from the fields of the full row."""

    # the fields shown, one per line (blank ones left out); () is the field of the same
    # header; a function builds the cell from the whole row
    take: tuple[str, ...] | Cell = ()


@dataclass(frozen=True)
class Cover:
    """A cover page (PDF) or sheet (xlsx) before a table: a title and labelled fields."""

    title: str
    fields: Sequence[tuple[str, str]]
    unit: str = ""  # printed at the foot of the cover


@dataclass
class ReportTable:
    """A titled list: header rows, body rows (may be a generator), footer lines."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]
    unit: str = ""  # the 填报单位 / page-header unit name
    unit_label: str = "填报单位"  # a county return stamped by the unit says 填报单位（盖章）
    subtitle: str = ""
    footer_lines: list[str] = field(default_factory=list)
    landscape: bool = True
    # A4 holds about 84 characters across: a register with more fields than that prints
    # these columns instead, while the xlsx keeps one column per field
    printed: Sequence[PrintColumn] = ()
    # A section of a longer report: the PDF prints the heading above the table and, with
    # new_page off, runs the table on under the one before (same title band, same paper)
    heading: str = ""
    new_page: bool = True
    cover: Cover | None = None  # printed before the table (a 归档文件目录's 封面)

    @property
    def caption(self) -> str:
        """The title with the section heading, for a sheet of its own."""
        return f"{self.title} {self.heading}" if self.heading else self.title


def printed_layout(table: ReportTable) -> tuple[list[Column], RowMap]:
    """The columns the PDF prints and how a full row becomes a printed one."""
    if not table.printed:
        return list(table.columns), list
    names = [column.header for column in table.columns]
    cells = [_cell(names, column) for column in table.printed]

    def row(values: Sequence[Any]) -> list[Any]:
        named = dict(zip(names, values, strict=False))
        return [cell(named) for cell in cells]

    return list(table.printed), row


def _cell(names: Sequence[str], column: PrintColumn) -> Cell:
    if callable(column.take):
        return column.take
    fields = column.take or (column.header,)
    unknown = [name for name in fields if name not in names]
    if unknown:  # a renamed register column must not silently print blanks
        raise ValueError(f"打印列“{column.header}”引用了不存在的列：{'、'.join(unknown)}")
    if len(fields) == 1:
        return lambda named: named.get(fields[0])
    return lambda named: "\n".join(
        text for text in (display_text(named.get(name)) for name in fields) if text
    )


def folded(name: str, joint: str | re.Pattern[str], every: bool = False) -> Cell:
    """A field broken onto new lines at its own joints (a regex; the match is dropped), not
    wherever the column ends: a 文号 before its 〔, a day before its time."""
    pattern = re.compile(joint)
    return reads(name)(
        lambda row: pattern.sub("\n", display_text(row[name]), count=0 if every else 1)
    )


def reads(*fields: str) -> Callable[[Cell], Cell]:
    """Names the fields a cell function prints, so the xlsx keeps them in its print area."""

    def mark(cell: Cell) -> Cell:
        setattr(cell, "reads", fields)  # noqa: B010 - a function's own attribute
        return cell

    return mark


def paper_fields(table: ReportTable) -> list[str]:
    """The fields the printed columns show, in their order: the xlsx prints these."""
    found: list[str] = []
    for column in table.printed:
        take = column.take
        fields = getattr(take, "reads", ()) if callable(take) else (take or (column.header,))
        found += [name for name in fields if name not in found]
    return found

"""Write ReportTables to an A4 PDF: unit and title on every page, 第 N 页 共 M 页 at the foot."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

from app.common.display import display_text
from app.reports.fonts import FontSet, cjk_fonts
from app.reports.table import Column, Cover, ReportTable, printed_layout
from app.reports.xlsx import as_tables

# The writer paginates itself (measuring each row once) and then draws page by page on one
# canvas, so the page count is known before the first footer and the work grows linearly
# with the rows. Only the rows' text is held in memory until the file is saved. Measured on
# the shared build machine: 20,000 rows x 7 columns in ~45 s with 83 MB peak (about half the
# time when reportlab's C accelerator, the rl-accel package, is installed). A single row
# taller than a page is clipped to the page.
MM = 72 / 25.4
MARGIN = 14 * MM
TITLE_BAND = 22 * MM  # title, unit and subtitle above the table
FOOT_BAND = 10 * MM  # page number below the table
PAD = 2.5  # cell padding in points
BODY_SIZE, BODY_LEADING = 9, 11.5
FOOTER_SIZE, FOOTER_LEADING = 10, 16
HEADING_SIZE, HEADING_BAND = 11, 20  # a section's heading line above its table
GAP = 12  # between two tables sharing a page
ONE_LINE = BODY_LEADING + 2 * PAD  # the height of a row whose cells all fit on one line


@dataclass
class _Block:
    """A table's rows on one page, under its heading (repeated with 续 on a later page)."""

    table: ReportTable
    heading: str = ""
    rows: list[tuple[list[str], float]] = field(default_factory=list)
    bare: bool = False  # only the footer lines, run over onto a page of their own
    footer: bool = False  # draw the table's footer lines under the rows


@dataclass
class _Page:
    size: tuple[float, float]
    blocks: list[_Block] = field(default_factory=list)
    used: float = 0.0  # height taken under the title band
    cover: Cover | None = None  # a cover page: no table, no page number


@dataclass
class _Layout:
    """A table's geometry on its page size."""

    size: tuple[float, float]
    widths: list[float]
    header: list[str]
    header_height: float
    top: float  # the section heading (if any) and the header row
    room: float  # height between the title band and the page number
    footer_height: float


def write_pdf(tables: ReportTable | Sequence[ReportTable], path: Path | str) -> int:
    """Write every table, each on a new page unless it flows on; return the body rows."""
    from reportlab.pdfgen.canvas import Canvas

    fonts = cjk_fonts()
    found = as_tables(tables)
    flow = _Flow()
    layouts: dict[int, _Layout] = {}
    count = 0
    for table in found:
        layout, rows = _measured(table, fonts)
        layouts[id(table)] = layout
        count += _paginate(table, layout, rows, fonts, flow)
    canvas = Canvas(str(path), pageCompression=1, initialFontName=fonts.body)
    canvas.setTitle(found[0].title)
    total = sum(1 for page in flow.pages if page.cover is None)
    number = 0
    for page in flow.pages:
        if page.cover is not None:
            _draw_cover(canvas, page, fonts)
        else:
            number += 1
            _draw_page(canvas, page, layouts, fonts, (number, total))
        canvas.showPage()
    canvas.save()
    return count


def _measured(table: ReportTable, fonts: FontSet) -> tuple[_Layout, Iterable[list[str]]]:
    """The table's layout and its printed rows' texts: read ahead into a list only when a
    number column takes its width from its longest value."""
    columns, pick = printed_layout(table)
    rows: Iterable[list[str]] = (
        [display_text(value) for value in pick(values)] for values in table.rows
    )
    if any(column.fits for column in columns):
        rows = list(rows)
    return _layout(table, columns, rows if isinstance(rows, list) else [], fonts), rows


def _layout(
    table: ReportTable, columns: Sequence[Column], rows: Sequence[Sequence[str]], fonts: FontSet
) -> _Layout:
    from reportlab.lib.pagesizes import A4, landscape

    size = landscape(A4) if table.landscape else A4
    widths = _widths(columns, rows, size[0] - 2 * MARGIN, fonts)
    header = [_balanced(c.header, w, fonts.heading) for c, w in zip(columns, widths, strict=True)]
    header_height = _row_height(header, widths, fonts.heading)
    top = header_height + (HEADING_BAND if table.heading else 0)
    room = size[1] - 2 * MARGIN - TITLE_BAND - FOOT_BAND
    lines = len(table.footer_lines)
    footer_height = lines * FOOTER_LEADING + PAD * 4 if lines else 0
    return _Layout(size, widths, header, header_height, top, room, footer_height)


def _widths(
    columns: Sequence[Column], rows: Sequence[Sequence[str]], usable: float, fonts: FontSet
) -> list[float]:
    """Number columns as wide as their longest line; the others share the rest by weight."""
    fitted = {
        index: _fit_width(column.header, [row[index] for row in rows], usable, fonts)
        for index, column in enumerate(columns)
        if column.fits
    }
    weights = {i: max(c.width, 1.0) for i, c in enumerate(columns) if i not in fitted}
    rest = usable - sum(fitted.values())
    share = sum(weights.values()) or 1.0
    return [fitted[i] if i in fitted else rest * weights[i] / share for i in range(len(columns))]


def _fit_width(header: str, texts: Sequence[str], usable: float, fonts: FontSet) -> float:
    """The width that prints each line of the column whole (at most a fifth of the page),
    and the header on at most two lines of two characters or more."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines = {line for text in texts for line in text.split("\n")}
    # measure only the lines that may be the widest: a CJK character is about two digits
    units = {line: len(line) + (len(line.encode("utf-8")) - len(line)) // 2 for line in lines}
    most = max(units.values(), default=0)
    widest = max(
        (stringWidth(line, fonts.body, BODY_SIZE) for line in lines if units[line] >= most - 3),
        default=0.0,
    )
    half = header if len(header) < 4 else header[: -(-len(header) // 2)]
    least = stringWidth(half, fonts.heading, BODY_SIZE)
    return min(max(widest, least) + 2 * PAD + 1, usable / 5)


def column_widths(table: ReportTable) -> list[tuple[str, float]]:
    """Each printed column's header and width in points, as the writer lays the page out.

    The rows are read into a list kept on the table, so a check can go through them after."""
    if not isinstance(table.rows, list | tuple):
        table.rows = list(table.rows)
    layout, _ = _measured(table, cjk_fonts())
    names = [column.header for column in printed_layout(table)[0]]
    return list(zip(names, layout.widths, strict=True))


def _balanced(header: str, width: float, font: str) -> str:
    """A header too long for its column broken into even lines (紧急/程度, not 紧急程/度)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    room = width - 2 * PAD
    if "\n" in header or stringWidth(header, font, BODY_SIZE) <= room:
        return header
    for count in range(2, len(header) + 1):
        size = -(-len(header) // count)
        lines = [header[at : at + size] for at in range(0, len(header), size)]
        if all(stringWidth(line, font, BODY_SIZE) <= room for line in lines):
            return "\n".join(lines)
    return header


def wrap_lines(text: str, width: float, heading: bool = False) -> list[str]:
    """The lines a cell's text takes in a column `width` points wide (for layout checks)."""
    fonts = cjk_fonts()
    if heading:
        text = _balanced(text, width, fonts.heading)
    lines = []
    for part in text.split("\n"):
        paragraph = _paragraph(part, fonts.heading if heading else fonts.body)
        paragraph.wrap(width - 2 * PAD, 1e6)
        lines += [_line_text(line) for line in paragraph.blPara.lines] or [""]
    return lines


def _line_text(line: Any) -> str:
    # plain text wraps to (space, words); text with an escaped & or < to fragment lines
    words = line.words if hasattr(line, "words") else line[1]
    return "".join(getattr(word, "text", word) for word in words)


def _paginate(
    table: ReportTable, layout: _Layout, texts: Iterable[list[str]], fonts: FontSet, flow: _Flow
) -> int:
    tallest = layout.room - layout.top  # a taller row is clipped to the page
    rows = ((cells, min(_row_height(cells, layout.widths, fonts.body), tallest)) for cells in texts)
    first = next(rows, None)
    block = flow.open(table, layout, first[1] if first else layout.footer_height)
    count = 0
    for cells, height in chain([first] if first else [], rows):
        block = flow.add(block, layout, (cells, height))
        count += 1
    flow.close(block, layout)
    return count


class _Flow:
    """Pages filled top down: a table starts on the page before it when allowed and when its
    heading, header row and first row fit there, so that no heading is left alone."""

    def __init__(self) -> None:
        self.pages: list[_Page] = []

    def open(self, table: ReportTable, layout: _Layout, first: float) -> _Block:
        if table.cover is not None:
            self.pages.append(_Page(layout.size, cover=table.cover))
        page = self.pages[-1] if self.pages else None
        block = _Block(table, table.heading)
        if (
            page is None
            or page.cover is not None
            or table.new_page
            or page.size != layout.size
            or page.used + GAP + layout.top + first > layout.room
        ):
            return self._turn(layout, block, layout.top)
        return self._start(page, block, layout.top)

    def add(self, block: _Block, layout: _Layout, row: tuple[list[str], float]) -> _Block:
        if self.pages[-1].used + row[1] > layout.room and block.rows:
            going_on = _Block(block.table, _continued(block.table.heading))
            block = self._turn(layout, going_on, layout.top)  # the header row repeats
        block.rows.append(row)
        self.pages[-1].used += row[1]
        return block

    def close(self, block: _Block, layout: _Layout) -> None:
        """The footer lines under the last rows, or alone on a new page when they do not fit."""
        if block.table.footer_lines and self.pages[-1].used + layout.footer_height > layout.room:
            block = self._turn(layout, _Block(block.table, bare=True), 0)
        block.footer = True
        self.pages[-1].used += layout.footer_height

    def _turn(self, layout: _Layout, block: _Block, height: float) -> _Block:
        self.pages.append(_Page(layout.size))
        return self._start(self.pages[-1], block, height)

    def _start(self, page: _Page, block: _Block, height: float) -> _Block:
        page.used += height + (GAP if page.blocks else 0)
        page.blocks.append(block)
        return block


def _continued(heading: str) -> str:
    """一、逾期未办结事项（共27项） goes on as 一、逾期未办结事项（续）: the note gives way."""
    return _NOTE.sub("（续）", heading, count=1) if heading else ""


_NOTE = re.compile(r"(（[^（）]*）)?$")


def _row_height(cells: Sequence[str], widths: Sequence[float], font: str) -> float:
    """The height a row needs: the tallest cell, its text wrapped CJK-style to the column."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    tallest = BODY_LEADING
    for text, width in zip(cells, widths, strict=False):
        room = width - 2 * PAD
        if "\n" not in text and stringWidth(text, font, BODY_SIZE) <= room:
            continue  # one line; skipping Paragraph here keeps 100k rows quick
        tallest = max(tallest, _paragraph(text, font).wrap(room, 1e6)[1])
    return tallest + 2 * PAD


def _paragraph(text: str, font: str, align: int = 0) -> Any:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    style = _STYLES.get((font, align))
    if style is None:
        style = ParagraphStyle(
            f"{font}-{align}",
            fontName=font,
            fontSize=BODY_SIZE,
            leading=BODY_LEADING,
            wordWrap="CJK",
            alignment=align,
        )
        _STYLES[(font, align)] = style
    return Paragraph(_escape(text).replace("\n", "<br/>"), style)


_STYLES: dict[tuple[str, int], Any] = {}


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _draw_page(
    canvas: Any, page: _Page, layouts: dict[int, _Layout], fonts: FontSet, number: tuple[int, int]
) -> None:
    """The title band of the page's first table, then each table's part, one under another."""
    canvas.setPageSize(page.size)
    width, height = page.size
    table = page.blocks[0].table
    canvas.setFont(fonts.heading, 16)
    canvas.drawCentredString(width / 2, height - MARGIN - 12, table.title)
    canvas.setFont(fonts.body, 10)
    if table.unit:
        canvas.drawString(MARGIN, height - MARGIN - 30, f"{table.unit_label}：{table.unit}")
    if table.subtitle:
        canvas.drawRightString(width - MARGIN, height - MARGIN - 30, table.subtitle)
    canvas.setFont(fonts.body, 9)
    canvas.drawCentredString(width / 2, MARGIN - 4, f"第 {number[0]} 页 共 {number[1]} 页")
    top = height - MARGIN - TITLE_BAND
    for index, block in enumerate(page.blocks):
        layout = layouts[id(block.table)]
        top = _draw_block(canvas, block, layout, fonts, top - (GAP if index else 0))


def _draw_block(canvas: Any, block: _Block, layout: _Layout, fonts: FontSet, top: float) -> float:
    """Heading, header row, rows and footer lines from `top` down; returns where they end."""
    if not block.bare:
        if block.heading:
            canvas.setFont(fonts.heading, HEADING_SIZE)
            canvas.drawString(MARGIN, top - HEADING_SIZE - 2, block.heading)
            top -= HEADING_BAND
        top = _draw_table(canvas, block, layout, fonts, top)
    if block.footer:
        _draw_footer_lines(canvas, block.table.footer_lines, fonts, top - PAD * 2 - FOOTER_SIZE)
        top -= layout.footer_height
    return top


def _draw_table(canvas: Any, block: _Block, layout: _Layout, fonts: FontSet, top: float) -> float:
    """Header row and body rows drawn straight on the canvas; returns the table's bottom."""
    from reportlab.lib import colors

    total = sum(layout.widths)
    canvas.setFillColor(colors.HexColor("#E7E6E6"))
    canvas.rect(MARGIN, top - layout.header_height, total, layout.header_height, fill=1, stroke=0)
    canvas.setFillColor(colors.black)
    _draw_row(canvas, layout, layout.header, top, layout.header_height, fonts.heading, 1)
    edges = [top, top - layout.header_height]
    for cells, height in block.rows:
        _draw_row(canvas, layout, cells, edges[-1], height, fonts.body, 0)
        edges.append(edges[-1] - height)
    _draw_grid(canvas, layout, edges)
    return edges[-1]


def _draw_row(
    canvas: Any, layout: _Layout, cells: Sequence[str], top: float, height: float, font: str,
    align: int,
) -> None:  # fmt: skip
    """One row: a one-line cell as a string (fast), a longer one as a CJK-wrapped Paragraph."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    x = MARGIN
    middle = top - height / 2
    # a row of one-line height was measured so by _row_height: every cell fits, measure none
    one_line = height <= ONE_LINE
    for text, width in zip(cells, layout.widths, strict=False):
        room = width - 2 * PAD
        if text and (one_line or ("\n" not in text and stringWidth(text, font, BODY_SIZE) <= room)):
            canvas.setFont(font, BODY_SIZE)
            baseline = middle - BODY_SIZE * 0.35
            if align:
                canvas.drawCentredString(x + width / 2, baseline, text)
            else:
                canvas.drawString(x + PAD, baseline, text)
        elif text:
            _draw_wrapped(canvas, _paragraph(text, font, align), (x, top, width, height))
        x += width


def _draw_wrapped(canvas: Any, paragraph: Any, box: tuple[float, float, float, float]) -> None:
    """A wrapped cell, centred vertically; text taller than a whole page is clipped."""
    x, top, width, height = box
    _, used = paragraph.wrap(width - 2 * PAD, height)
    if used <= height:
        paragraph.drawOn(canvas, x + PAD, top - height / 2 - used / 2)
        return
    canvas.saveState()
    path = canvas.beginPath()
    path.rect(x, top - height, width, height)
    canvas.clipPath(path, stroke=0, fill=0)
    paragraph.drawOn(canvas, x + PAD, top - PAD - used)
    canvas.restoreState()


def _draw_grid(canvas: Any, layout: _Layout, edges: Sequence[float]) -> None:
    left, right = MARGIN, MARGIN + sum(layout.widths)
    lines = [(left, y, right, y) for y in edges]
    x = left
    for width in (0.0, *layout.widths):
        x += width
        lines.append((x, edges[0], x, edges[-1]))
    canvas.setLineWidth(0.5)
    canvas.lines(lines)


def _draw_footer_lines(canvas: Any, lines: Sequence[str], fonts: FontSet, y: float) -> None:
    canvas.setFont(fonts.body, FOOTER_SIZE)
    for line in lines:
        canvas.drawString(MARGIN, y, line)
        y -= FOOTER_LEADING


def _draw_cover(canvas: Any, page: _Page, fonts: FontSet) -> None:
    """The cover: its title large, then each field as 标签：值 on an underlined line."""
    assert page.cover is not None
    cover = page.cover
    canvas.setPageSize(page.size)
    width, height = page.size
    canvas.setFont(fonts.heading, 26)
    canvas.drawCentredString(width / 2, height * 0.72, cover.title)
    left, y = width / 2 - 70 * MM, height * 0.58
    canvas.setLineWidth(0.6)
    for label, value in cover.fields:
        canvas.setFont(fonts.heading, 14)
        canvas.drawString(left, y, f"{label}：")
        canvas.setFont(fonts.body, 14)
        canvas.drawString(left + 38 * MM, y, value)
        canvas.line(left + 36 * MM, y - 4, left + 140 * MM, y - 4)
        y -= 13 * MM
    if cover.unit:
        canvas.setFont(fonts.body, 14)
        canvas.drawCentredString(width / 2, MARGIN + 20 * MM, cover.unit)

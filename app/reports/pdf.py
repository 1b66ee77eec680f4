"""Write ReportTables to an A4 PDF: unit and title on every page, 第 N 页 共 M 页 at the foot."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.reports.display import display_text
from app.reports.fonts import FontSet, cjk_fonts
from app.reports.table import ReportTable, RowMap, printed_layout
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


@dataclass
class _Page:
    table: ReportTable
    rows: list[tuple[list[str], float]] = field(default_factory=list)
    footer: bool = False  # draw the table's footer lines under the rows


@dataclass
class _Layout:
    """A table's geometry on its page size."""

    size: tuple[float, float]
    widths: list[float]
    header: list[str]
    header_height: float
    body_height: float  # room for rows under the header
    pick: RowMap  # a full row to the printed one (the table's printed columns, or all)


def write_pdf(tables: ReportTable | Sequence[ReportTable], path: Path | str) -> int:
    """Write every table (each starting on a new page); return the number of body rows."""
    from reportlab.pdfgen.canvas import Canvas

    fonts = cjk_fonts()
    found = as_tables(tables)
    pages: list[_Page] = []
    layouts: dict[int, _Layout] = {}
    count = 0
    for table in found:
        layout = _layout(table, fonts)
        layouts[id(table)] = layout
        count += _paginate(table, layout, fonts, pages)
    canvas = Canvas(str(path), pageCompression=1, initialFontName=fonts.body)
    canvas.setTitle(found[0].title)
    for number, page in enumerate(pages, 1):
        _draw_page(canvas, page, layouts[id(page.table)], fonts, (number, len(pages)))
        canvas.showPage()
    canvas.save()
    return count


def _layout(table: ReportTable, fonts: FontSet) -> _Layout:
    from reportlab.lib.pagesizes import A4, landscape

    size = landscape(A4) if table.landscape else A4
    usable = size[0] - 2 * MARGIN
    columns, pick = printed_layout(table)
    weights = [max(column.width, 1.0) for column in columns] or [1.0]
    widths = [usable * weight / sum(weights) for weight in weights]
    header = [column.header for column in columns]
    header_height = _row_height(header, widths, fonts.heading)
    body_height = size[1] - 2 * MARGIN - TITLE_BAND - FOOT_BAND - header_height
    return _Layout(size, widths, header, header_height, body_height, pick)


def column_widths(table: ReportTable) -> list[tuple[str, float]]:
    """Each printed column's header and width in points, as the writer lays the page out."""
    layout = _layout(table, cjk_fonts())
    return list(zip(layout.header, layout.widths, strict=True))


def wrap_lines(text: str, width: float, heading: bool = False) -> list[str]:
    """The lines a cell's text takes in a column `width` points wide (for layout checks)."""
    fonts = cjk_fonts()
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


def _paginate(table: ReportTable, layout: _Layout, fonts: FontSet, pages: list[_Page]) -> int:
    page, used, count = _Page(table), 0.0, 0
    pages.append(page)
    for values in table.rows:
        cells = [display_text(value) for value in layout.pick(values)]
        height = min(_row_height(cells, layout.widths, fonts.body), layout.body_height)
        if used + height > layout.body_height and page.rows:
            page, used = _Page(table), 0.0
            pages.append(page)
        page.rows.append((cells, height))
        used += height
        count += 1
    footer_height = len(table.footer_lines) * FOOTER_LEADING + (
        PAD * 4 if table.footer_lines else 0
    )
    if table.footer_lines and used + footer_height > layout.body_height:
        page = _Page(table)
        pages.append(page)
    page.footer = True
    return count


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
    canvas: Any, page: _Page, layout: _Layout, fonts: FontSet, number: tuple[int, int]
) -> None:
    canvas.setPageSize(layout.size)
    width, height = layout.size
    table = page.table
    canvas.setFont(fonts.heading, 16)
    canvas.drawCentredString(width / 2, height - MARGIN - 12, table.title)
    canvas.setFont(fonts.body, 10)
    if table.unit:
        canvas.drawString(MARGIN, height - MARGIN - 30, f"填报单位：{table.unit}")
    if table.subtitle:
        canvas.drawRightString(width - MARGIN, height - MARGIN - 30, table.subtitle)
    canvas.setFont(fonts.body, 9)
    canvas.drawCentredString(width / 2, MARGIN - 4, f"第 {number[0]} 页 共 {number[1]} 页")
    top = height - MARGIN - TITLE_BAND
    bottom = _draw_table(canvas, page, layout, fonts, top)
    if page.footer:
        _draw_footer_lines(canvas, table.footer_lines, fonts, bottom - PAD * 2 - FOOTER_SIZE)


def _draw_table(canvas: Any, page: _Page, layout: _Layout, fonts: FontSet, top: float) -> float:
    """Header row and body rows drawn straight on the canvas; returns the table's bottom."""
    from reportlab.lib import colors

    total = sum(layout.widths)
    canvas.setFillColor(colors.HexColor("#E7E6E6"))
    canvas.rect(MARGIN, top - layout.header_height, total, layout.header_height, fill=1, stroke=0)
    canvas.setFillColor(colors.black)
    _draw_row(canvas, layout, layout.header, top, layout.header_height, fonts.heading, 1)
    edges = [top, top - layout.header_height]
    for cells, height in page.rows:
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
    for text, width in zip(cells, layout.widths, strict=False):
        room = width - 2 * PAD
        if text and "\n" not in text and stringWidth(text, font, BODY_SIZE) <= room:
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

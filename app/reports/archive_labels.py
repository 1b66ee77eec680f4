"""档案 sheets drawn to size on A4: 归档章 labels, 盒脊 strips, 盒面 and the 备考表 per box."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from app.reports.fonts import FontSet, cjk_fonts

MM = 72 / 25.4
# DA/T 22-2015 图1: the stamp is 45 mm x 16 mm, six cells of 15 mm x 8 mm.
STAMP_W, STAMP_H = 45 * MM, 16 * MM
STAMP_GAP_X, STAMP_GAP_Y = 2 * MM, 5 * MM
SHEET_MARGIN = 10 * MM
SPINE_HEIGHT = 250 * MM  # the strip pasted on the box spine (box 310 mm; A4 is 297)


@dataclass(frozen=True)
class StampDoc:
    """One 归档章: the required 全宗号, 年度, 保管期限, 件号, 页数; 机构 when the scheme has it."""

    fonds_code: str
    year: int
    period: str  # the code as stamped: Y / D30 / D10
    item_no: int
    pages: int
    org: str = ""  # 机构（问题） code, optional


@dataclass(frozen=True)
class BoxDoc:
    """One box: its 盒脊 / 盒面 fields and its 备考表."""

    fonds_code: str
    fonds_name: str
    year: int
    period: str  # 永久 / 定期30年 / 定期10年
    org: str  # 机构（问题） name, "" without that level
    first_no: int  # 起止件号
    last_no: int
    box_no: int
    thickness_cm: int = 2
    remarks: str = ""  # 盒内文件情况说明
    arranged_by: str = ""
    arranged_on: date | None = None
    checked_by: str = ""
    checked_on: date | None = None
    count: int = 0  # 件 in the box
    pages: int = 0

    @property
    def span(self) -> str:
        return f"{self.first_no:04d}—{self.last_no:04d}" if self.count else ""


def stamp_cells(stamp: StampDoc) -> list[list[tuple[str, str]]]:
    """The figure's 2 x 3 grid: 全宗号 年度 件号 / 机构（问题） 保管期限 页数."""
    return [
        [("全宗号", stamp.fonds_code), ("年度", str(stamp.year)), ("件号", f"{stamp.item_no:04d}")],
        [("机构（问题）", stamp.org), ("保管期限", stamp.period), ("页数", str(stamp.pages))],
    ]


def write_stamps(stamps: Sequence[StampDoc], path: Path | str) -> int:
    """A4 label sheets of 归档章 at true size, four across; returns the page count."""
    from reportlab.lib.pagesizes import A4

    fonds = cjk_fonts()
    width, height = A4
    across = int((width - 2 * SHEET_MARGIN + STAMP_GAP_X) // (STAMP_W + STAMP_GAP_X))
    down = int((height - 2 * SHEET_MARGIN - 8 * MM + STAMP_GAP_Y) // (STAMP_H + STAMP_GAP_Y))
    canvas = _canvas(path, "归档章")
    per_page = across * down
    pages = max(1, -(-len(stamps) // per_page))
    for page in range(pages):
        canvas.setFont(fonds.body, 8)
        canvas.drawString(SHEET_MARGIN, height - SHEET_MARGIN, "归档章（DA/T 22-2015）")
        for slot, stamp in enumerate(stamps[page * per_page : (page + 1) * per_page]):
            x = SHEET_MARGIN + (slot % across) * (STAMP_W + STAMP_GAP_X)
            top = height - SHEET_MARGIN - 8 * MM - (slot // across) * (STAMP_H + STAMP_GAP_Y)
            _stamp(canvas, stamp, x, top, fonds)
        canvas.showPage()
    canvas.save()
    return pages


FIRST_PAGE_TOP = 10 * MM  # the stamp's top edge below the paper's: the blank band of a 公文


def write_first_pages(stamps: Sequence[StampDoc], path: Path | str) -> int:
    """One A4 page per 件 with only its 归档章, at the top centre (DA/T 22-2015: 首页上端的空白
    位置): the 件's first pages go through the printer in 档号 order and come out stamped."""
    from reportlab.lib.pagesizes import A4

    fonts = cjk_fonts()
    width, height = A4
    canvas = _canvas(path, "归档章（首页套印）")
    for stamp in stamps:
        _stamp(canvas, stamp, (width - STAMP_W) / 2, height - FIRST_PAGE_TOP, fonts)
        canvas.showPage()
    if not stamps:
        canvas.showPage()
    canvas.save()
    return len(stamps)


def _stamp(canvas: Any, stamp: StampDoc, x: float, top: float, fonts: FontSet) -> None:
    cell_w, cell_h = STAMP_W / 3, STAMP_H / 2
    canvas.setLineWidth(0.8)
    canvas.rect(x, top - STAMP_H, STAMP_W, STAMP_H)
    canvas.setLineWidth(0.4)
    canvas.lines(
        [(x + cell_w * i, top, x + cell_w * i, top - STAMP_H) for i in (1, 2)]
        + [(x, top - cell_h, x + STAMP_W, top - cell_h)]
    )
    for r, row in enumerate(stamp_cells(stamp)):
        for c, (_, value) in enumerate(row):
            size = _fit(value, fonts.body, cell_w - 2, 10)
            canvas.setFont(fonts.body, size)
            middle = top - cell_h * r - cell_h / 2 - size * 0.35
            canvas.drawCentredString(x + cell_w * c + cell_w / 2, middle, value)


def _fit(text: str, font: str, room: float, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    while size > 5 and stringWidth(text, font, size) > room:
        size -= 0.5
    return size


def _canvas(path: Path | str, title: str) -> Any:
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), pageCompression=1, initialFontName=cjk_fonts().body)
    canvas.setTitle(title)
    return canvas


def spine_fields(box: BoxDoc) -> list[tuple[str, str]]:
    fields = [("全宗号", box.fonds_code), ("年度", str(box.year)), ("保管期限", box.period)]
    if box.org:
        fields.append(("机构（问题）", box.org))
    return [*fields, ("起止件号", box.span), ("盒号", str(box.box_no))]


def write_spines(boxes: Sequence[BoxDoc], path: Path | str) -> int:
    """盒脊 strips as wide as each box is thick (2–5 cm), side by side; returns pages."""
    from reportlab.lib.pagesizes import A4

    fonts = cjk_fonts()
    width, height = A4
    canvas = _canvas(path, "盒脊")
    x, pages = SHEET_MARGIN, 1
    for box in boxes:
        strip = box.thickness_cm * 10 * MM
        if x + strip > width - SHEET_MARGIN:
            canvas.showPage()
            x, pages = SHEET_MARGIN, pages + 1
        _spine(canvas, box, (x, height - SHEET_MARGIN - 10 * MM, strip), fonts)
        x += strip + 3 * MM
    canvas.showPage()
    canvas.save()
    return pages


def _spine(canvas: Any, box: BoxDoc, at: tuple[float, float, float], fonts: FontSet) -> None:
    x, top, strip = at
    canvas.setLineWidth(0.6)
    canvas.rect(x, top - SPINE_HEIGHT, strip, SPINE_HEIGHT)
    fields = spine_fields(box)
    row = SPINE_HEIGHT / len(fields)
    for index, (label, value) in enumerate(fields):
        y = top - row * index
        if index:
            canvas.line(x, y, x + strip, y)
        canvas.setFont(fonts.heading, _fit(label, fonts.heading, strip - 4, 9))
        canvas.drawCentredString(x + strip / 2, y - row * 0.3, label)
        lines = _spine_lines(value, fonts.body, strip - 4)
        size = min(_fit(line, fonts.body, strip - 4, 14) for line in lines)
        canvas.setFont(fonts.body, size)
        for n, line in enumerate(lines):
            canvas.drawCentredString(x + strip / 2, y - row * 0.62 - n * (size + 3), line)


def _spine_lines(value: str, font: str, room: float) -> list[str]:
    """起止件号 on a 2 cm spine breaks after its dash rather than shrinking to 7 points."""
    if "—" in value and _fit(value, font, room, 14) < 11:
        first, last = value.split("—", 1)
        return [f"{first}—", last]
    return [value]


def write_box_faces(boxes: Sequence[BoxDoc], path: Path | str) -> int:
    """盒面, one A4 page a box: 全宗名称 and the box's fields; returns pages."""
    from reportlab.lib.pagesizes import A4

    fonts = cjk_fonts()
    width, height = A4
    canvas = _canvas(path, "盒面")
    for box in boxes:
        canvas.setFont(fonts.heading, 24)
        canvas.drawCentredString(width / 2, height - 60 * MM, box.fonds_name)
        canvas.setFont(fonts.heading, 20)
        canvas.drawCentredString(width / 2, height - 80 * MM, "文书档案")
        _field_lines(canvas, spine_fields(box), height - 120 * MM, fonts)
        canvas.showPage()
    canvas.save()
    return len(boxes)


def _field_lines(canvas: Any, fields: list[tuple[str, str]], y: float, fonts: FontSet) -> None:
    left = 50 * MM
    for label, value in fields:
        canvas.setFont(fonts.heading, 14)
        canvas.drawString(left, y, f"{label}：")
        canvas.setFont(fonts.body, 14)
        canvas.drawString(left + 35 * MM, y, value)
        canvas.line(left + 33 * MM, y - 4, left + 115 * MM, y - 4)
        y -= 14 * MM


def _long_date(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def write_notes(boxes: Sequence[BoxDoc], path: Path | str) -> int:
    """备考表, one A4 page a box, placed after the box's last 件; returns pages."""
    from reportlab.lib.pagesizes import A4

    fonts = cjk_fonts()
    width, height = A4
    canvas = _canvas(path, "备考表")
    for box in boxes:
        canvas.setFont(fonts.heading, 22)
        canvas.drawCentredString(width / 2, height - 30 * MM, "备考表")
        canvas.setFont(fonts.body, 10.5)
        ident = (
            f"全宗号 {box.fonds_code}  {box.year}年度  {box.period}  {box.org}  盒号 {box.box_no}"
        )
        canvas.drawCentredString(width / 2, height - 40 * MM, " ".join(ident.split()))
        _notes_body(canvas, box, (25 * MM, height - 48 * MM, width - 50 * MM), fonts)
        canvas.showPage()
    canvas.save()
    return len(boxes)


def _notes_body(canvas: Any, box: BoxDoc, at: tuple[float, float, float], fonts: FontSet) -> None:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    x, top, frame_w = at
    frame_h = 200 * MM
    canvas.setLineWidth(0.8)
    canvas.rect(x, top - frame_h, frame_w, frame_h)
    canvas.setFont(fonts.heading, 14)
    canvas.drawString(x + 6 * MM, top - 10 * MM, "盒内文件情况说明")
    count = f"本盒共 {box.count} 件 {box.pages} 页，件号 {box.span}。" if box.count else ""
    text = "\n".join(part for part in (count, box.remarks) if part)
    style = ParagraphStyle(
        "备考", fontName=fonts.body, fontSize=12, leading=20, wordWrap="CJK", firstLineIndent=24
    )
    safe = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    para = Paragraph(safe.replace("\n", "<br/>"), style)
    _, used = para.wrap(frame_w - 16 * MM, 120 * MM)
    para.drawOn(canvas, x + 8 * MM, top - 16 * MM - used)
    lines = [
        ("整理人", box.arranged_by),
        ("整理日期", _long_date(box.arranged_on)),
        ("检查人", box.checked_by),
        ("检查日期", _long_date(box.checked_on)),
    ]
    y = top - frame_h + 48 * MM
    for label, value in lines:
        canvas.setFont(fonts.body, 13)
        canvas.drawString(x + frame_w - 85 * MM, y, f"{label}：{value}")
        y -= 11 * MM

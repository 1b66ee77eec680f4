"""The 归档文件目录 PDF of 10,000 件 (cover + table) against reportlab drawing the same table bare.

The bare baseline is what a hand-written reportlab script would do: the same font, page,
column widths and rows on one canvas, cells wrapped greedily character by character, a page
break when the next row does not fit, the header row repeated; no cover, no page numbers.
Usage: python bench/archives_pdf.py [ROWS]
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.reports.archives import CATALOG_COLUMNS, CatalogHead, CatalogRow, catalog_table, day8
from app.reports.fonts import cjk_fonts
from app.reports.pdf import BODY_SIZE, MARGIN, PAD, column_widths, write_pdf

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
HEAD = CatalogHead("Z109", "某某镇人民政府", 2025, "永久", "办公室")
LONG = "，请各村（社区）、镇直各单位认真贯彻落实并按时上报"


def items() -> list[CatalogRow]:
    start = date(2025, 1, 1)
    return [
        CatalogRow(
            f"Z109-WS·2025-Y-BGS-{i:04d}",
            f"镇政发〔2025〕{i}号",
            "某某镇人民政府",
            f"关于做好第{i}项重点工作的通知{LONG if i % 4 == 0 else ''}",
            start + timedelta(days=i % 365),
            "秘密" if i % 50 == 0 else "",
            1 + i % 12,
        )
        for i in range(1, ROWS + 1)
    ]


def cells(rows: list[CatalogRow]) -> list[list[str]]:
    return [
        [str(n), r.archive_code, r.doc_no, r.author, r.title, day8(r.doc_date), r.secrecy,
         str(r.pages), r.note]
        for n, r in enumerate(rows, 1)
    ]  # fmt: skip


def _wrap(text: str, room: float, font: str) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, font, BODY_SIZE) <= room:
        return [text]
    lines, line, used = [], "", 0.0
    for ch in text:
        step = stringWidth(ch, font, BODY_SIZE)
        if line and used + step > room:
            lines.append(line)
            line, used = "", 0.0
        line, used = line + ch, used + step
    return [*lines, line]


def bare(rows: list[CatalogRow], path: Path) -> None:
    """The same table drawn straight on a reportlab canvas, nothing else."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen.canvas import Canvas

    font = cjk_fonts().body
    width, height = landscape(A4)
    widths = [w for _, w in column_widths(catalog_table(HEAD, []))]
    canvas = Canvas(str(path), pagesize=(width, height), pageCompression=1)
    header = [c.header for c in CATALOG_COLUMNS]
    top = _header(canvas, header, widths, font, height)
    for row in cells(rows):
        wrapped = [_wrap(t, w - 2 * PAD, font) for t, w in zip(row, widths, strict=True)]
        tall = max(len(lines) for lines in wrapped) * 11.5 + 2 * PAD
        if top - tall < MARGIN + 28:
            canvas.showPage()
            top = _header(canvas, header, widths, font, height)
        _row(canvas, wrapped, widths, top, tall, font)
        top -= tall
    canvas.showPage()
    canvas.save()


def _header(canvas, header, widths, font, height) -> float:  # type: ignore[no-untyped-def]
    top = height - MARGIN - 62
    _row(canvas, [[h] for h in header], widths, top, 11.5 + 2 * PAD, font)
    return top - 11.5 - 2 * PAD


def _row(canvas, wrapped, widths, top, tall, font) -> None:  # type: ignore[no-untyped-def]
    canvas.setFont(font, BODY_SIZE)
    x = MARGIN
    for lines, w in zip(wrapped, widths, strict=True):
        for n, line in enumerate(lines):
            canvas.drawString(x + PAD, top - PAD - BODY_SIZE - n * 11.5, line)
        canvas.rect(x, top - tall, w, tall)
        x += w


def ours(rows: list[CatalogRow], path: Path) -> None:
    write_pdf(catalog_table(HEAD, rows), path)


def main() -> None:
    rows = items()
    cjk_fonts()  # registering the font is not part of either figure
    timings: dict[str, list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for name, write in (("reportlab bare", bare), ("归档文件目录", ours)) * 2:
            wall, cpu = time.perf_counter(), time.process_time()
            write(rows, Path(folder) / f"{name}.pdf")
            spent = (time.perf_counter() - wall, time.process_time() - cpu)
            timings.setdefault(name, []).append(spent)
    # CPU time too: the shared machine's load moves wall-clock figures by a factor of several
    best = {name: (min(v[0] for v in runs), min(v[1] for v in runs))
            for name, runs in timings.items()}  # fmt: skip
    for name, (wall, cpu) in best.items():
        print(f"{name:16s} wall {wall:6.2f} s  cpu {cpu:6.2f} s  ({ROWS / cpu:,.0f} 件/s cpu)")
    ratio = [best["归档文件目录"][i] / best["reportlab bare"][i] for i in (0, 1)]
    print(f"ratio 目录 / bare: wall {ratio[0]:.2f}, cpu {ratio[1]:.2f} (target ≤ 1.30)")


if __name__ == "__main__":
    main()

"""Find and register the embedded TrueType CJK fonts the pdf writer uses."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from app.config import resource_root

SHIPPED = "wqy-microhei.ttc"  # freely licensed TrueType outlines (Noto CJK is CFF: not embeddable)


@dataclass(frozen=True)
class FontSet:
    """Registered reportlab font names: body text (宋体/仿宋) and headings (黑体)."""

    body: str
    heading: str
    files: tuple[Path, ...]


def windows_fonts_dir() -> Path | None:
    windir = os.environ.get("WINDIR") or os.environ.get("SYSTEMROOT")
    folder = Path(windir) / "Fonts" if windir else None
    return folder if folder and folder.is_dir() else None


def candidates(fonts_dir: Path | None = None) -> tuple[Path | None, Path | None]:
    """(body, heading) font files: Windows 宋体 and 黑体 when present, else the shipped font."""
    folder = fonts_dir or windows_fonts_dir()
    shipped = resource_root() / "fonts" / SHIPPED
    body = heading = None
    if folder is not None:
        body = _first(folder, ("simsun.ttc", "SIMSUN.TTC", "simfang.ttf", "SIMFANG.TTF"))
        heading = _first(folder, ("simhei.ttf", "SIMHEI.TTF"))
    fallback = shipped if shipped.is_file() else None
    return body or heading or fallback, heading or body or fallback


def _first(folder: Path, names: tuple[str, ...]) -> Path | None:
    for name in names:
        if (folder / name).is_file():
            return folder / name
    return None


@cache
def cjk_fonts() -> FontSet:
    """Register once per process; raises FileNotFoundError when no CJK font can be found."""
    body, heading = candidates()
    if body is None or heading is None:
        raise FileNotFoundError(f"找不到中文字体：resources/fonts/{SHIPPED} 缺失")
    body_name = _register("DZB-Body", body)
    heading_name = body_name if heading == body else _register("DZB-Heading", heading)
    return FontSet(body_name, heading_name, (body, heading))


def _register(name: str, path: Path) -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    index = {"subfontIndex": 0} if path.suffix.lower() == ".ttc" else {}
    pdfmetrics.registerFont(TTFont(name, str(path), **index))
    return name

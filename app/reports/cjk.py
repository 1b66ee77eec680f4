"""A TrueType CJK font for reportlab (the report kit's font finder replaces this at merge)."""

from __future__ import annotations

from pathlib import Path

_NAME = "VisitsCJK"
_CANDIDATES = (
    Path(__file__).resolve().parents[2] / "resources" / "fonts" / "wqy-microhei.ttc",
    Path("C:/Windows/Fonts/simsun.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
)


def cjk_font_name() -> str:
    """Register the first font found (once) and return its reportlab name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if _NAME in pdfmetrics.getRegisteredFontNames():
        return _NAME
    for path in _CANDIDATES:
        if path.exists():
            pdfmetrics.registerFont(TTFont(_NAME, str(path), subfontIndex=0))
            return _NAME
    raise FileNotFoundError("找不到可嵌入的中文字体（wqy-microhei 或 宋体）")

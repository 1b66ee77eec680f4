"""The 信访事项处理意见书 as an A4 PDF, from a plain DTO (no session, no models)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.reports.fonts import cjk_fonts

REVIEW_RIGHT = (
    "如对本处理意见不服，可以自收到本意见书之日起30日内，向本机关的上一级机关、单位请求复查。"
)


@dataclass(frozen=True)
class OpinionDoc:
    """Everything the 处理意见书 prints; personal data already masked when it must be."""

    org_name: str
    reg_no: str
    petitioners: str  # 姓名（证件号）, masked as the role requires
    address: str
    received_on: str  # 2026年3月2日
    form: str
    issue: str
    demand: str
    acceptance: str  # 受理情况
    facts: str  # 事实认定
    opinion: str  # 处理意见
    outcome: str  # 予以支持 / 作出解释说明 / 不予支持
    signed_on: str


def _styles(font: str, heading: str) -> dict[str, object]:
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("正文", fontName=font, fontSize=14, leading=24, firstLineIndent=28,
                          alignment=TA_JUSTIFY, wordWrap="CJK")  # fmt: skip
    return {
        "title": ParagraphStyle(
            "标题",
            parent=base,
            fontName=heading,
            fontSize=20,
            leading=34,
            firstLineIndent=0,
            alignment=TA_CENTER,
            spaceAfter=6,
        ),
        "no": ParagraphStyle(
            "编号", parent=base, fontSize=12, firstLineIndent=0, alignment=TA_CENTER, spaceAfter=12
        ),
        "plain": ParagraphStyle("称呼", parent=base, firstLineIndent=0),
        "head": ParagraphStyle(
            "小标题", parent=base, fontName=heading, firstLineIndent=28, spaceBefore=6
        ),
        "body": base,
        "sign": ParagraphStyle("落款", parent=base, alignment=TA_RIGHT, firstLineIndent=0),
    }


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _story(doc: OpinionDoc, st: dict[str, object]) -> list[object]:
    from reportlab.platypus import Paragraph, Spacer

    def para(text: str, style: str) -> object:
        return Paragraph(_esc(text), st[style])

    return [
        para(f"{doc.org_name}", "title"),
        para("信访事项处理意见书", "title"),
        para(f"登记编号：{doc.reg_no}", "no"),
        para(f"信访人：{doc.petitioners}", "plain"),
        para(f"住址：{doc.address}", "plain"),
        para("一、受理情况", "head"),
        para(
            f"{doc.received_on}，你（们）以{doc.form}形式反映：{doc.issue}。"
            f"诉求：{doc.demand or '（未填写）'}。{doc.acceptance}",
            "body",
        ),
        para("二、事实认定", "head"),
        para(doc.facts or "（未填写）", "body"),
        para("三、处理意见", "head"),
        para(f"{doc.opinion or ''}经研究，对你（们）的信访诉求{doc.outcome}。", "body"),
        para("四、复查权利", "head"),
        para(REVIEW_RIGHT, "body"),
        Spacer(1, 24),
        para(doc.org_name, "sign"),
        para(doc.signed_on, "sign"),
    ]


def write_opinion(doc: OpinionDoc, path: Path) -> int:
    """Write the 处理意见书 and return its page count."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    pages: list[int] = []
    page = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=28 * mm, rightMargin=26 * mm,
                             topMargin=30 * mm, bottomMargin=28 * mm,
                             title="信访事项处理意见书")  # fmt: skip
    fonts = cjk_fonts()
    page.build(_story(doc, _styles(fonts.body, fonts.heading)),
               onLaterPages=lambda c, d: pages.append(c.getPageNumber()),
               onFirstPage=lambda c, d: pages.append(c.getPageNumber()))  # fmt: skip
    return len(pages)

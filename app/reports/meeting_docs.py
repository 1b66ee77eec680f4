"""办会's papers as A4 PDFs from plain DTOs: 会议通知, 签到表 and 会议纪要 (GB/T 9704-ish)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.reports.fonts import cjk_fonts

RED = "#C00000"  # 版头 and 分隔线 of a 纪要 (GB/T 9704 §7.2: red)
DEFAULT_REQUIREMENTS = (
    "请参会人员准时出席，不得无故缺席；因故不能参会的，请提前向会议主持人请假，并告知联系人。"
)


@dataclass(frozen=True)
class Person:
    name: str
    unit: str = ""
    title: str = ""  # 职务
    note: str = ""  # 列席, 请假 …


@dataclass(frozen=True)
class NoticeDoc:
    org_name: str
    meeting_name: str
    when: str  # 2026年12月1日（星期二）上午9:00
    place: str
    attendees: Sequence[Person]
    observers: Sequence[Person]
    topics: Sequence[str]
    requirements: str
    contact: str
    phone: str
    dated: str  # 2026年11月30日
    secrecy: str = ""


@dataclass(frozen=True)
class SignSheetDoc:
    org_name: str
    meeting_name: str
    when: str
    place: str
    people: Sequence[Person]


@dataclass(frozen=True)
class Decision:
    matter: str
    leader: str
    dept: str
    person: str
    deadline: str


@dataclass(frozen=True)
class MinutesDoc:
    org_name: str
    series: str  # the 版头: 某某镇党委会议纪要
    doc_number: str  # 镇委会纪〔2026〕5号
    title: str
    opening: str  # 2026年11月20日上午，王书记在一楼会议室主持召开……
    topics: Sequence[str]
    decisions: Sequence[Decision]
    present: Sequence[str]
    observers: Sequence[str]
    absent: Sequence[str]  # 刘委员（出差）
    issued_by: str  # 印发机关
    issued_on: str  # 2026年11月25日
    secrecy: str = ""


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _styles() -> dict[str, Any]:
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    fonts = cjk_fonts()
    # GB/T 9704: 正文 三号仿宋 (16 pt), 28 lines a page; titles 二号小标宋 (22 pt)
    body = ParagraphStyle(
        "正文",
        fontName=fonts.body,
        fontSize=16,
        leading=28.9,
        firstLineIndent=32,
        alignment=TA_JUSTIFY,
        wordWrap="CJK",
    )
    return {
        "body": body,
        "plain": ParagraphStyle("顶格", parent=body, firstLineIndent=0),
        "head": ParagraphStyle("黑体", parent=body, fontName=fonts.heading),
        "title": ParagraphStyle(
            "标题",
            parent=body,
            fontName=fonts.heading,
            fontSize=22,
            leading=36,
            firstLineIndent=0,
            alignment=TA_CENTER,
            spaceAfter=14,
        ),
        "banner": ParagraphStyle(
            "版头",
            parent=body,
            fontName=fonts.heading,
            fontSize=30,
            leading=44,
            firstLineIndent=0,
            alignment=TA_CENTER,
            textColor=RED,
        ),
        "number": ParagraphStyle("发文字号", parent=body, firstLineIndent=0, alignment=TA_CENTER),
        "right": ParagraphStyle(
            "落款", parent=body, firstLineIndent=0, alignment=TA_RIGHT, rightIndent=32
        ),
        "mark": ParagraphStyle(
            "密级", parent=body, fontName=fonts.heading, firstLineIndent=0, alignment=TA_LEFT
        ),
        "small": ParagraphStyle("小字", parent=body, fontSize=14, leading=22, firstLineIndent=0),
        "cell": ParagraphStyle("表格", parent=body, fontSize=12, leading=16, firstLineIndent=0),
    }


def _para(text: str, style: Any) -> Any:
    from reportlab.platypus import Paragraph

    return Paragraph(_esc(text), style)


def _page_number(canvas: Any, doc: Any) -> None:
    """GB/T 9704 §7.5: 4号 Arabic numerals between dashes at the foot of every page."""
    from reportlab.lib.units import mm

    canvas.saveState()
    canvas.setFont(cjk_fonts().body, 14)
    canvas.drawCentredString(doc.pagesize[0] / 2, 14 * mm, f"— {canvas.getPageNumber()} —")
    canvas.restoreState()


def _build(
    path: Path, title: str, story: list[Any], *, landscape_: bool = False, numbered: bool = True
) -> int:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    pages: list[int] = []
    size = landscape(A4) if landscape_ else A4

    def on_page(canvas: Any, doc: Any) -> None:
        pages.append(canvas.getPageNumber())
        if numbered:
            _page_number(canvas, doc)

    # GB/T 9704 §5.2.1: 天头 37 mm, 订口 28 mm; the 版心 is 156 × 225 mm
    page = SimpleDocTemplate(
        str(path),
        pagesize=size,
        leftMargin=28 * mm,
        rightMargin=26 * mm,
        topMargin=37 * mm if not landscape_ else 20 * mm,
        bottomMargin=35 * mm if not landscape_ else 20 * mm,
        title=title,
    )
    page.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return len(pages)


def _names(people: Sequence[Person]) -> str:
    return "、".join(f"{p.name}（{p.title}）" if p.title else p.name for p in people) or "（无）"


def write_notice(doc: NoticeDoc, path: Path) -> int:
    """会议通知: title, time, place, attendees, 议题, requirements, 联系人 and phone."""
    from reportlab.platypus import Spacer

    st = _styles()
    story: list[Any] = [_para(doc.secrecy, st["mark"])] if doc.secrecy else []
    story += [
        _para(f"关于召开{doc.meeting_name}的通知", st["title"]),
        _para("各参会人员：", st["plain"]),
        _para(
            f"经研究，定于{doc.when}在{doc.place}召开{doc.meeting_name}。现将有关事项通知如下：",
            st["body"],
        ),
        _para("一、会议时间", st["head"]),
        _para(doc.when, st["body"]),
        _para("二、会议地点", st["head"]),
        _para(doc.place, st["body"]),
        _para("三、参会人员", st["head"]),
        _para(_names(doc.attendees), st["body"]),
    ]
    if doc.observers:
        story += [_para(f"列席人员：{_names(doc.observers)}", st["body"])]
    story += [_para("四、会议议题", st["head"])]
    story += [_para(f"{n}. {t}", st["body"]) for n, t in enumerate(doc.topics, 1)] or [
        _para("（另行通知）", st["body"])
    ]
    story += [
        _para("五、会议要求", st["head"]),
        _para(doc.requirements or DEFAULT_REQUIREMENTS, st["body"]),
        _para(
            f"联系人：{doc.contact or '（未填）'}　　联系电话：{doc.phone or '（未填）'}",
            st["body"],
        ),
        Spacer(1, 40),
        _para(doc.org_name, st["right"]),
        _para(doc.dated, st["right"]),
    ]
    return _build(path, f"关于召开{doc.meeting_name}的通知", story)


def write_sign_sheet(doc: SignSheetDoc, path: Path) -> int:
    """签到表: one row per expected attendee, with a column to sign."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Table, TableStyle

    st = _styles()
    cell = st["cell"]
    head = [_para(h, cell) for h in ("序号", "姓名", "单位及职务", "签名", "备注")]
    rows = [
        [
            _para(str(n), cell),
            _para(p.name, cell),
            _para("　".join(x for x in (p.unit, p.title) if x), cell),
            "",
            _para(p.note, cell),
        ]
        for n, p in enumerate(doc.people, 1)
    ]
    table = Table(
        [head, *rows],
        colWidths=[14 * mm, 28 * mm, 52 * mm, 42 * mm, 20 * mm],
        rowHeights=[10 * mm] + [12 * mm] * len(rows),
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.6, "#000000"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (-1, 0), "#EEEEEE"),
            ]
        )
    )
    story = [
        _para(f"{doc.meeting_name}签到表", st["title"]),
        _para(f"时间：{doc.when}　　地点：{doc.place}", st["small"]),
        _para(
            f"应到 {sum(1 for p in doc.people if p.note != '列席')} 人"
            f"　　实到 ____ 人　　列席 {sum(1 for p in doc.people if p.note == '列席')} 人",
            st["small"],
        ),
        table,
    ]
    return _build(path, f"{doc.meeting_name}签到表", story, numbered=False)


def _rule(width_mm: float, thick: float, color: str) -> Any:
    from reportlab.lib.units import mm
    from reportlab.platypus import HRFlowable

    return HRFlowable(
        width=width_mm * mm, thickness=thick, color=color, spaceBefore=4, spaceAfter=10
    )


def _decision_text(n: int, d: Decision) -> str:
    lead = f"由{d.leader}牵头，" if d.leader else ""
    who = f"（责任人：{d.person}）" if d.person else ""
    return f"{_chinese(n)}、{d.matter}。{lead}{d.dept}负责{who}，{d.deadline}前完成。"


def _chinese(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("十" if tens == 1 else digits[tens] + "十") + (digits[ones] if ones else "")


def _attendance(doc: MinutesDoc, st: dict[str, Any]) -> list[Any]:
    lines = (("出席", doc.present), ("列席", doc.observers), ("请假", doc.absent))
    return [_para(f"{label}：{'、'.join(names)}", st["plain"]) for label, names in lines if names]


def write_minutes(doc: MinutesDoc, path: Path) -> int:
    """会议纪要: red 版头 and rule, number, title, body with 议定事项, attendance, 版记."""
    from reportlab.platypus import Spacer

    st = _styles()
    story: list[Any] = [_para(doc.secrecy, st["mark"])] if doc.secrecy else []
    story += [
        _para(doc.series, st["banner"]),
        Spacer(1, 10),
        _para(doc.doc_number, st["number"]),
        _rule(156, 2, RED),
        _para(doc.title, st["title"]),
        _para(doc.opening, st["body"]),
    ]
    if doc.topics:
        topics = "；".join(f"（{_chinese(n)}）{t}" for n, t in enumerate(doc.topics, 1))
        story.append(_para(f"会议研究了以下议题：{topics}。", st["body"]))
    story.append(_para("现将会议议定事项纪要如下：", st["body"]))
    story += [_para(_decision_text(n, d), st["body"]) for n, d in enumerate(doc.decisions, 1)]
    if not doc.decisions:
        story.append(_para("本次会议无议定事项。", st["body"]))
    story += [
        Spacer(1, 16),
        *_attendance(doc, st),
        Spacer(1, 24),
        _rule(156, 0.7, "#000000"),
        _para(f"{doc.issued_by}　　　　　　{doc.issued_on}印发", st["small"]),
        _rule(156, 0.7, "#000000"),
    ]
    return _build(path, doc.title, story)

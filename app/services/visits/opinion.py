"""The 信访事项处理意见书 of one case: the DTO for the PDF writer, masked as the role needs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from app.reports.visit_opinion import OpinionDoc, write_opinion
from app.services import settings
from app.services.errors import ValidationError
from app.services.visits.cases import load_case
from app.services.visits.queries import people_of


def _cn(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "（未填写）"


def _acceptance(handling: str, accepted_on: date | None, unit: str) -> str:
    if accepted_on is None:
        return "本机关已当场答复。" if handling == "当场答复" else "尚未受理。"
    unit = unit or "有关单位"
    how = {
        "交办": f"依法交由{unit}办理",
        "转送": f"依法转送{unit}处理",
        "导入法定程序": "依法导入相应法定程序处理",
    }.get(handling, f"依法受理，由{unit}承办")
    return f"本机关于{_cn(accepted_on)}{how}。"


def opinion_doc(session: Session, /, case_id: int) -> OpinionDoc:
    """Refused until the case has an outcome: the 意见书 states it."""
    case = load_case(session, case_id)
    if not case.outcome:
        raise ValidationError("该事项尚未办结，没有处理意见可出具", "outcome")
    people = people_of(session, case_id)  # masked unless the role may see personal data
    names = "、".join(f"{p.name}（{p.id_number}）" if p.id_number else p.name for p in people)
    return OpinionDoc(
        org_name=settings.org_name(session), reg_no=case.reg_no, petitioners=names,
        address=people[0].address if people else "", received_on=_cn(case.received_on),
        form=case.form, issue=case.issue, demand=case.demand,
        acceptance=_acceptance(case.handling, case.accepted_on, case.handler_unit),
        facts=case.facts, opinion=case.opinion, outcome=case.outcome,
        signed_on=_cn(case.concluded_on),
    )  # fmt: skip


def write_opinion_pdf(session: Session, /, case_id: int, path: Path) -> int:
    return write_opinion(opinion_doc(session, case_id), path)

"""`check` for the 来访 register: gaps in 登记编号, its counter behind, flagged cases unnumbered."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.visits import VisitCase
from app.services import counters
from app.services.filing import numbering


def check(session: Session) -> list[str]:
    findings = _gaps(session) + _counter_behind(session)
    rows = session.execute(
        select(VisitCase.reg_no).where(VisitCase.in_national_system, VisitCase.national_no == "")
    )
    # late cases are 待办, not data faults: they show on 首页, not here
    return findings + [f"{no} 标记已录入国家信访信息系统，但没有系统编号" for (no,) in rows]


def _counter_behind(session: Session) -> list[str]:
    """A counter below the year's highest 登记编号 would give a used number again."""
    tops = session.execute(select(VisitCase.year, func.max(VisitCase.seq)).group_by(VisitCase.year))
    return counters.behind(session, numbering.VISIT_SERIES, tops, "来访登记簿")


def _gaps(session: Session) -> list[str]:
    """登记编号 run 1, 2, 3 … each year; a missing number means a deleted record."""
    seen: dict[int, list[int]] = {}
    for year, seq in session.execute(select(VisitCase.year, VisitCase.seq)):
        seen.setdefault(year, []).append(seq)
    out = []
    for year, seqs in sorted(seen.items()):
        missing = sorted(set(range(1, max(seqs) + 1)) - set(seqs))
        if missing:
            out.append(f"{year}年来访登记编号缺号：{'、'.join(map(str, missing[:20]))}")
    return out

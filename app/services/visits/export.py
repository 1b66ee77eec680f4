"""`export visits`: the 来访登记簿 (masked by default) and the monthly statistics sheet."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from app.reports.table import Column, PrintColumn, ReportTable
from app.services import audit, settings
from app.services.registry import ExportQuery
from app.services.visits import rules
from app.services.visits.queries import CaseFilter, CaseRow, list_cases

REGISTER_COLUMNS = (
    ("登记编号", 10), ("登记日期", 10), ("形式", 6), ("信访人", 10), ("证件号", 18),
    ("电话", 12), ("住址", 14), ("人数", 5), ("村/社区", 8), ("反映问题", 24), ("类别", 10),
    ("初/重", 5), ("处理方式", 8), ("承办单位", 12), ("受理日期", 10), ("告知期限", 10),
    ("办结期限", 10), ("状态", 8), ("剩余/逾期", 9), ("处理意见", 10), ("系统录入", 6),
)  # fmt: skip


def _register_row(r: CaseRow) -> list[Any]:
    left = "" if r.days_left is None else (f"逾期{-r.days_left}天" if r.overdue
                                           else f"{r.next_clock}剩{r.days_left}天")  # fmt: skip
    return [r.reg_no, r.received_on, r.form, r.names, r.id_number, r.phone, r.address,
            r.headcount, r.village, r.issue, r.category, "重复访" if r.is_repeat else "初访",
            r.handling, r.handler_unit, r.accepted_on, r.notify_due, r.conclude_due, r.state,
            left, r.outcome, "是" if r.in_national_system else "否"]  # fmt: skip


def _rows_for(session: Session, query: ExportQuery) -> list[CaseRow]:
    reveal = bool((query.options or {}).get("unmasked"))
    rows = list_cases(session, CaseFilter(year=query.year), reveal=reveal)
    if reveal:  # an unmasked export of personal data leaves a trace
        audit.record(
            session, "导出", "来访", "未脱敏", summary=f"未脱敏导出来访登记簿 {len(rows)} 条"
        )
    return [r for r in rows if (query.date_from is None or r.received_on >= query.date_from)
            and (query.date_to is None or r.received_on <= query.date_to)]  # fmt: skip


def _d(day: date | None) -> str:
    return day.isoformat() if day else "—"


def _person(row: Mapping[str, Any]) -> str:
    # a masked address is only the village, already a column of its own
    address = "" if row["住址"] == rules.mask_address(row["住址"]) else row["住址"]
    return "\n".join(x for x in (row["信访人"], row["证件号"], row["电话"], address) if x)


def _clocks(row: Mapping[str, Any]) -> str:
    clocks = (("受理", "受理日期"), ("告知", "告知期限"), ("办结", "办结期限"))
    return "\n".join(f"{label} {_d(row[name])}" for label, name in clocks)


# A4 landscape holds about 84 characters of 9-point text: the pdf folds the 21 columns into
# 14 by stacking the person's details and the three dates in one cell each.
PDF_COLUMNS = (
    PrintColumn("登记编号", 6), PrintColumn("登记日期", 6),
    PrintColumn("形式", 5, ("形式", "初/重")), PrintColumn("信访人", 11.5, _person),
    PrintColumn("人数", 3), PrintColumn("村/社区", 5),
    PrintColumn("反映问题", 10), PrintColumn("类别", 6),
    PrintColumn("处理方式/承办", 8, ("处理方式", "承办单位")),
    PrintColumn("受理日期及期限", 9.5, _clocks), PrintColumn("状态", 4.6),
    PrintColumn("剩余/逾期", 6.2), PrintColumn("处理意见", 5.6), PrintColumn("系统录入", 3),
)  # fmt: skip


def build(session: Session, query: ExportQuery) -> list[ReportTable]:
    """The 来访登记簿 (masked unless asked otherwise by an allowed role) and the month counts."""
    rows = _rows_for(session, query)
    unit = settings.org_name(session)
    masked = not (query.options or {}).get("unmasked")
    register = ReportTable(
        "来访登记簿", [Column(h, w) for h, w in REGISTER_COLUMNS], [_register_row(r) for r in rows],
        unit=unit, subtitle=_span(query) + ("（个人信息已脱敏）" if masked else ""),
        footer_lines=[f"共 {len(rows)} 件，其中逾期 {sum(r.overdue for r in rows)} 件"],
        printed=PDF_COLUMNS,
    )  # fmt: skip
    stats = ReportTable("来访月度统计", [Column("月份", 9), Column("统计项", 9), Column("分项", 14),
                        Column("件数", 7), Column("其中逾期", 8)], monthly_stats(rows),
                        unit=unit, subtitle=_span(query), landscape=False)  # fmt: skip
    return [register, stats]


def _span(query: ExportQuery) -> str:
    if query.year:
        return f"{query.year}年"
    if query.date_from or query.date_to:
        return f"{query.date_from or ''}至{query.date_to or ''}"
    return ""


def monthly_stats(rows: list[CaseRow]) -> list[list[Any]]:
    """Per month: counts by 类别, 村/社区, 处理方式 and 处理意见, each with how many are late."""
    out: list[list[Any]] = []
    months = sorted({f"{r.received_on:%Y-%m}" for r in rows})
    for month in months:
        these = [r for r in rows if f"{r.received_on:%Y-%m}" == month]
        out.append([month, "合计", "全部", len(these), sum(r.overdue for r in these)])
        for label, key in (("类别", "category"), ("村/社区", "village"),
                           ("处理方式", "handling"), ("处理意见", "outcome")):  # fmt: skip
            total = Counter(getattr(r, key) or "（未填）" for r in these)
            late = Counter(getattr(r, key) or "（未填）" for r in these if r.overdue)
            out += [[month, label, k, n, late[k]] for k, n in sorted(total.items())]
    return out

"""One 来访 case whole: every field, its 信访人, its clocks and its history (steps, who, when)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.services.details import RecordDetail, audit_history, field_values, sorted_history
from app.services.visits.cases import load_case
from app.services.visits.queries import accused_of, clock_rows, people_of, repeat_of_no

_LABELS = (
    ("reg_no", "登记编号"), ("received_at", "登记时间"), ("form", "来访形式"),
    ("headcount", "人数"), ("village", "村（社区）"), ("category", "类别"), ("issue", "反映问题"),
    ("demand", "诉求"), ("reason", "理由"), ("receiver", "接待人"),
    ("receiving_leader", "接访领导"), ("handling", "处理方式"), ("handler_unit", "承办单位"),
    ("handler_person", "承办人"), ("accepted_on", "受理日期"), ("notified_on", "告知日期"),
    ("routed_received_on", "收到转送/交办日期"), ("objection_on", "提出异议日期"),
    ("extension_leader", "延期批准领导"), ("extension_approved_on", "延期批准日期"),
    ("extension_told_on", "延期告知日期"), ("outcome", "处理意见"), ("facts", "事实认定"),
    ("opinion", "处理意见（正文）"), ("concluded_on", "办结日期"),
    ("delivery_means", "送达方式"), ("delivered_on", "送达日期"), ("satisfaction", "满意度"),
    ("review_requested_on", "复查申请日期"), ("review_answered_on", "复查答复日期"),
    ("recheck_requested_on", "复核申请日期"), ("recheck_answered_on", "复核答复日期"),
    ("in_national_system", "已录入国家信访信息系统"), ("national_no", "系统编号"),
    ("historical", "历史补录"),
)  # fmt: skip


def case_detail(session: Session, /, case_id: int, *, accused: bool = False) -> RecordDetail:
    """The case as the clerk may read it (检举控告: only who may see it; 被反映人 if asked)."""
    case = load_case(session, case_id)
    people = tuple(
        (f"信访人{n}", f"{'【代表】' if p.representative else ''}{p.name} {p.gender} "
                       f"{p.id_number} {p.phone} {p.address}".strip())
        for n, p in enumerate(people_of(session, case_id), 1)
    )  # fmt: skip
    named = accused_of(session, case_id) if accused else None
    extra: tuple[tuple[str, str], ...] = (
        (("被反映人", f"{named[0]} {named[1]}".strip()),) if named else ()
    )
    earlier = repeat_of_no(session, case_id)
    extra += (("重复访", f"前次来访 {earlier}"),) if earlier else ()
    clocks = tuple(
        (c.name, f"起算 {c.start}，期限 {c.due}，{c.status}" + (f"（{c.note}）" if c.note else ""))
        for c in clock_rows(session, case_id)
    )
    fields = (*field_values(case, _LABELS[:2]), *people, *extra,
              *field_values(case, _LABELS[2:]), *clocks)  # fmt: skip
    history = sorted_history(audit_history(session, "来访", case_id))
    return RecordDetail("来访", case_id, case.reg_no, fields, history, None, case.version)

"""Registering a 信访事项 and the steps after it: 受理, 告知, 延期, 办结, 复查/复核."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import clock
from app.models.audit import AuditEntry
from app.models.visits import VisitAccused, VisitCase, VisitPetitioner
from app.services import audit, records
from app.services.context import Perm, actor_of, require
from app.services.errors import NotFoundError, ValidationError
from app.services.filing import numbering
from app.services.visits import clocks, people, rules
from app.services.visits.people import find_earlier_ids, may_see_accusation


@dataclass(frozen=True)
class PersonForm:
    name: str
    gender: str = ""
    id_number: str = ""
    address: str = ""
    phone: str = ""
    representative: bool = False


@dataclass(frozen=True)
class CaseForm:
    received_at: datetime
    form: str
    category: str
    persons: list[PersonForm]
    issue: str
    headcount: int = 1
    village: str = ""
    demand: str = ""
    reason: str = ""
    receiver: str = ""
    receiving_leader: str = ""
    recusal_confirmed: bool = False
    handling: str = ""
    handler_unit: str = ""
    handler_person: str = ""
    accepted_on: date | None = None
    notified_on: date | None = None
    routed_received_on: date | None = None
    accused_name: str = ""
    accused_position: str = ""
    accused_user_id: int | None = None  # the accused's own account, when they have one
    repeat_of_id: int | None = None  # None: found by the person's ID, phone or name + village
    # The form already looked up the first person's earlier cases (repeat_of_id holds the
    # newest, None if none), so registering searches only for the other people.
    first_person_searched: bool = False
    # 历史补录: a past year's case typed from paper; its clocks are not run again, and what
    # the sheet cannot show (the 推选代表 of a large 走访) is not asked for
    historical: bool = False


@dataclass(frozen=True)
class CaseRef:
    id: int
    reg_no: str
    repeat_of_id: int | None


@dataclass(frozen=True)
class ExtensionForm:
    leader: str
    approved_on: date
    told_on: date


@dataclass(frozen=True)
class ConcludeForm:
    outcome: str
    concluded_on: date
    facts: str = ""
    opinion: str = ""
    delivery_means: str = ""
    delivered_on: date | None = None
    satisfaction: str = ""
    in_national_system: bool = False
    national_no: str = ""


def register_case(session: Session, /, form: CaseForm) -> CaseRef:
    """登记: checks the form, numbers it in its year and links it to the person's earlier case."""
    require(session, Perm.EDIT_REGISTERS)
    check_form(form)
    if form.category == rules.ACCUSATION:
        people.check_account(session, form.accused_user_id)
    values = case_values(form)
    repeat_of = _repeat_of(session, form, values["village"])
    seq = numbering.allocate(session, numbering.VISIT_SERIES, values["year"])
    case = VisitCase(**values, seq=seq, reg_no=format_reg_no(values["year"], seq),
                     repeat_of_id=repeat_of,
                     registered_by_id=actor_of(session).user_id)  # fmt: skip
    case.petitioners = [VisitPetitioner(**p) for p in petitioner_values(form.persons)]
    session.add(case)
    session.flush()
    if (accused := accused_values(form)) is not None:
        session.add(VisitAccused(case_id=case.id, **accused))
    # the audit trail is readable by other roles: personal data and the accused stay out of it
    audit.record(session, "新增", "来访", case.id, after=_audit_view(case),
                 summary=f"登记来访 {case.reg_no}")  # fmt: skip
    return CaseRef(case.id, case.reg_no, repeat_of)


def case_values(form: CaseForm) -> dict[str, Any]:
    """The columns a registration fills from its form (not seq, 登记编号 or the repeat link)."""
    received_on = form.received_at.astimezone().date()
    return dict(
        year=received_on.year, received_at=form.received_at, received_on=received_on,
        form=form.form, category=form.category, headcount=form.headcount,
        village=form.village.strip(), issue=form.issue.strip(), demand=form.demand.strip(),
        reason=form.reason.strip(), receiver=form.receiver.strip(),
        receiving_leader=form.receiving_leader.strip(), recusal_confirmed=form.recusal_confirmed,
        handling=form.handling, handler_unit=form.handler_unit.strip(),
        handler_person=form.handler_person.strip(), accepted_on=form.accepted_on,
        notified_on=form.notified_on, routed_received_on=form.routed_received_on,
        # answered at the counter: nothing left open
        concluded_on=received_on if form.handling == "当场答复" else None,
        historical=form.historical,
    )  # fmt: skip


def petitioner_values(persons: list[PersonForm]) -> list[dict[str, Any]]:
    return [
        dict(position=n, name=p.name.strip(), gender=p.gender,
             id_number=rules.normalise_id(p.id_number), address=p.address.strip(),
             phone=p.phone.strip(), representative=p.representative)
        for n, p in enumerate(persons)
    ]  # fmt: skip


def accused_values(form: CaseForm) -> dict[str, Any] | None:
    """The accused of a 检举控告, kept in a table of its own; None when there is none."""
    if form.category != rules.ACCUSATION or not form.accused_name.strip():
        return None
    return dict(name=form.accused_name.strip(), position=form.accused_position.strip(),
                user_id=form.accused_user_id)  # fmt: skip


def format_reg_no(year: int, seq: int) -> str:
    """登记编号: 2026-0001, numbered in the year of receipt."""
    return f"{year}-{seq:04d}"


def check_form(form: CaseForm) -> None:
    check_choice(form.form, rules.FORMS, "信访形式", "form")
    check_choice(form.category, rules.CATEGORIES, "类别", "category")
    if form.handling:
        check_choice(form.handling, rules.HANDLINGS, "处理方式", "handling")
    if form.received_at.tzinfo is None:
        raise ValidationError("登记时间缺少时区", "received_at")
    if not form.issue.strip():
        raise ValidationError("请填写反映问题", "issue")
    _check_people(form)
    if form.accepted_on and form.accepted_on < form.received_at.astimezone().date():
        raise ValidationError("受理日期不能早于登记日期", "accepted_on")


def _check_people(form: CaseForm) -> None:
    if not form.persons or not all(p.name.strip() for p in form.persons):
        raise ValidationError("请填写信访人姓名", "persons")
    if form.headcount < len(form.persons):
        raise ValidationError("人数不能少于登记的信访人数", "headcount")
    reps = sum(p.representative for p in form.persons)
    if form.historical:
        return
    if form.form == "走访" and reps > rules.MAX_REPRESENTATIVES:
        raise ValidationError(f"推选代表{reps}人，超过5人。" + rules.REPRESENTATIVE_RULE, "persons")
    if form.form == "走访" and form.headcount > rules.MAX_REPRESENTATIVES and reps == 0:
        raise ValidationError(
            f"{form.headcount}人走访，应当推选代表（不超过5人）。" + rules.REPRESENTATIVE_RULE,
            "persons",
        )
    for p in form.persons:
        check_person(p)


def check_person(p: PersonForm) -> None:
    if p.gender and p.gender not in rules.GENDERS:
        raise ValidationError("性别只能是男或女", "gender")
    id_number = rules.normalise_id(p.id_number)
    if id_number and (problem := rules.id_number_problem(id_number)):
        raise ValidationError(f"{p.name}：{problem}", "id_number")
    if p.phone.strip() and (problem := rules.phone_problem(p.phone.strip())):
        raise ValidationError(f"{p.name}：{problem}", "phone")


def check_choice(value: str, allowed: tuple[str, ...], label: str, name: str) -> None:
    if value not in allowed:
        raise ValidationError(f"{label}只能是：{'、'.join(allowed)}", name)


def last_seq(session: Session, year: int) -> int:
    """The year's last 登记编号 number given out so far (0 before the first case)."""
    return numbering.last_number(session, numbering.VISIT_SERIES, year)


def _repeat_of(session: Session, form: CaseForm, village: str) -> int | None:
    if form.repeat_of_id and not form.first_person_searched:
        return form.repeat_of_id  # chosen by hand
    others = form.persons[1:] if form.first_person_searched else form.persons
    found = (form.repeat_of_id, _latest_earlier(session, others, village))
    return max((i for i in found if i), default=None)


def _latest_earlier(session: Session, persons: list[PersonForm], village: str) -> int | None:
    """The newest earlier case of any of these people (all cases count, seen or not)."""
    ids: set[int] = set()
    for p in persons:
        ids |= find_earlier_ids(session, rules.normalise_id(p.id_number), p.phone.strip(),
                                p.name.strip(), village, visible_only=False)  # fmt: skip
    return max(ids) if ids else None


def _audit_view(case: VisitCase) -> dict[str, object]:
    snap = audit.snapshot(case)
    snap["信访人数"] = len(case.petitioners)
    return snap


def load_case(session: Session, case_id: int) -> VisitCase:
    """The case, or NotFound; a 检举控告 case does not exist for whoever may not see it, and
    each opening of one by whoever may is audited (once per unit of work)."""
    case = session.get(VisitCase, case_id)
    if case is None:
        raise NotFoundError("没有这条来访记录，或无权查看。")
    if case.category == rules.ACCUSATION:
        seen = select(VisitCase.id).where(VisitCase.id == case_id, may_see_accusation(session))
        if session.scalar(seen) is None:
            raise NotFoundError("没有这条来访记录，或无权查看。")
        _audit_opening(session, case)
    return case


# One sitting's looks at a case (the row selected, then opened whole) are one opening: a
# double-click wrote two 查看 lines, the side panel's read and the detail's
OPENING = timedelta(minutes=10)


def _audit_opening(session: Session, case: VisitCase) -> None:
    opened: set[int] = session.info.setdefault("visits_accusations_opened", set())
    if case.id not in opened:
        opened.add(case.id)
        if not _opened_lately(session, case.id):
            audit.record(session, "查看", "来访", case.id, summary=f"查看检举控告件 {case.reg_no}")


def _opened_lately(session: Session, case_id: int) -> bool:
    """Whether whoever acts now has a 查看 of this case within OPENING."""
    actor = actor_of(session)
    who = (AuditEntry.username == actor.display_name[:40] if actor.user_id is None
           else AuditEntry.user_id == actor.user_id)  # fmt: skip
    stmt = select(AuditEntry.id).where(
        AuditEntry.entity == "来访", AuditEntry.entity_id == str(case_id),
        AuditEntry.action == "查看", who, AuditEntry.at >= clock.utcnow() - OPENING,
    ).limit(1)  # fmt: skip
    return session.scalar(stmt) is not None


def _may(session: Session, perm: Perm) -> bool:
    return actor_of(session).can(perm)


def dates_of(case: VisitCase) -> clocks.CaseDates:
    return clocks.CaseDates(
        received_on=case.received_on, handling=case.handling, accepted_on=case.accepted_on,
        notified_on=case.notified_on, routed_received_on=case.routed_received_on,
        objection_on=case.objection_on, extension_approved_on=case.extension_approved_on,
        concluded_on=case.concluded_on, delivered_on=case.delivered_on,
        review_requested_on=case.review_requested_on,
        review_answered_on=case.review_answered_on,
        recheck_requested_on=case.recheck_requested_on,
        recheck_answered_on=case.recheck_answered_on,
    )  # fmt: skip


STEPS = ("受理", "告知", "延期", "办结", "复查/复核", "转交办异议")  # the steps after 登记


def legal_steps(d: clocks.CaseDates) -> tuple[str, ...]:
    """The steps a case in this state may take now; the window offers exactly these."""
    open_ = d.concluded_on is None
    may = {
        "受理": open_ and d.accepted_on is None,
        "告知": open_ and d.notified_on is None,
        "延期": open_ and d.accepted_on is not None and d.extension_approved_on is None,
        "办结": open_,
        "复查/复核": d.delivered_on is not None and d.recheck_answered_on is None,
        "转交办异议": open_ and d.objection_on is None,
    }
    return tuple(step for step in STEPS if may[step])


def steps_of(session: Session, /, case_id: int) -> tuple[str, ...]:
    return legal_steps(dates_of(load_case(session, case_id)))


def _change(session: Session, case_id: int, what: str, apply: Callable[[VisitCase], None]) -> None:
    require(session, Perm.EDIT_REGISTERS)
    case = load_case(session, case_id)
    step = "复查/复核" if what in ("复查", "复核") else what
    if step not in legal_steps(dates_of(case)):
        raise ValidationError(_why_not(case, what), "state")
    with records.changed(session, "修改", "来访", case, f"{what} {case.reg_no}"):
        apply(case)


def _why_not(case: VisitCase, what: str) -> str:
    """Why a step the window does not offer is refused, in the words of its rule."""
    if what == "延期" and case.extension_approved_on is not None:
        return "办理期限只能延长一次（不超过30日），已延期过，不能再次延期。"
    if case.concluded_on is not None and what not in ("复查", "复核"):
        return f"该事项已办结（{case.concluded_on:%Y-%m-%d}），不能再{what}。"
    if what == "延期":
        return "尚未受理，不能延期"
    if what in ("复查", "复核"):
        return f"尚无可申请{what}的意见（先登记送达/复查答复），或复核已答复。"
    return f"该事项已登记过{what}，不能重复登记。"


def accept(
    session: Session, /, case_id: int, on: date, handling: str = "受理", unit: str = "",
    person: str = "",
) -> None:  # fmt: skip
    """受理 (or 转送/交办/导入法定程序): starts the 60-day clock."""
    check_choice(handling, rules.HANDLINGS, "处理方式", "handling")

    def apply(case: VisitCase) -> None:
        if on < case.received_on:
            raise ValidationError("受理日期不能早于登记日期", "accepted_on")
        if case.concluded_on:
            raise ValidationError("该事项已办结", "accepted_on")
        case.accepted_on, case.handling = on, handling
        case.handler_unit, case.handler_person = (
            unit or case.handler_unit,
            person or case.handler_person,
        )

    _change(session, case_id, "受理", apply)


def notify(session: Session, /, case_id: int, on: date) -> None:
    """书面告知 the 信访人 whether the matter is accepted (15-day clock)."""

    def apply(case: VisitCase) -> None:
        if on < case.received_on:
            raise ValidationError("告知日期不能早于登记日期", "notified_on")
        case.notified_on = on

    _change(session, case_id, "告知", apply)


def extend(session: Session, /, case_id: int, form: ExtensionForm) -> None:
    """The one 30-day 延期: a leader approves it before the 60 days run out; the 信访人 is told."""
    if not form.leader.strip():
        raise ValidationError("请填写批准延期的负责人", "leader")

    def apply(case: VisitCase) -> None:
        if case.accepted_on is None:
            raise ValidationError("尚未受理，不能延期", "approved_on")
        if case.concluded_on:
            raise ValidationError("该事项已办结，不能延期", "approved_on")
        if case.extension_approved_on is not None:
            raise ValidationError("办理期限只能延长一次（不超过30日），已延期过，不能再次延期。",
                                  "approved_on")  # fmt: skip
        due = clocks.conclude_due(case.accepted_on, extended=False)
        if not case.accepted_on <= form.approved_on <= due:
            raise ValidationError(f"延期须在办结期限{due:%Y-%m-%d}届满前批准", "approved_on")
        if form.told_on < form.approved_on:
            raise ValidationError("告知信访人的日期不能早于批准日期", "told_on")
        case.extension_leader = form.leader.strip()
        case.extension_approved_on, case.extension_told_on = form.approved_on, form.told_on

    _change(session, case_id, "延期", apply)


def conclude(session: Session, /, case_id: int, form: ConcludeForm) -> None:
    """办结 with the 处理意见书's outcome, its 送达 and the 信访人's 满意度."""
    check_conclusion(form)

    def apply(case: VisitCase) -> None:
        check_conclusion_dates(form, case.accepted_on or case.received_on)
        for key, value in conclusion_values(form).items():
            setattr(case, key, value)

    _change(session, case_id, "办结", apply)


def check_conclusion(form: ConcludeForm) -> None:
    check_choice(form.outcome, rules.OUTCOMES, "处理意见", "outcome")
    if form.delivery_means:
        check_choice(form.delivery_means, rules.DELIVERY, "送达方式", "delivery_means")
    if form.satisfaction:
        check_choice(form.satisfaction, rules.SATISFACTION, "满意度", "satisfaction")
    if form.in_national_system and not form.national_no.strip():
        raise ValidationError("已录入国家信访信息系统的，请填写系统编号", "national_no")


def check_conclusion_dates(form: ConcludeForm, started_on: date) -> None:
    """started_on: the 受理 date, or the 登记 date of a case never accepted."""
    if form.concluded_on < started_on:
        raise ValidationError("办结日期不能早于受理日期", "concluded_on")
    if form.delivered_on and form.delivered_on < form.concluded_on:
        raise ValidationError("送达日期不能早于办结日期", "delivered_on")


def conclusion_values(form: ConcludeForm) -> dict[str, Any]:
    """The columns 办结 sets."""
    keys = ("outcome", "concluded_on", "delivery_means", "delivered_on", "satisfaction",
            "in_national_system")  # fmt: skip
    return {key: getattr(form, key) for key in keys} | {
        "facts": form.facts.strip(), "opinion": form.opinion.strip(),
        "national_no": form.national_no.strip(),
    }  # fmt: skip


def record_review(
    session: Session, /, case_id: int, requested_on: date | None, answered_on: date | None,
    recheck: bool = False,
) -> str:  # fmt: skip
    """复查 (or 复核 with recheck=True): when the request came and when it was answered.

    A request after the 30 days is recorded as late (review_late, in the audit trail) and
    the returned warning says so; "" when in time."""
    label = "复核" if recheck else "复查"
    warning: list[str] = []

    def apply(case: VisitCase) -> None:
        start = case.review_answered_on if recheck else case.delivered_on
        if start is None:
            raise ValidationError(f"尚无可申请{label}的意见（先登记送达/复查答复）", "requested_on")
        if requested_on and requested_on < start:
            raise ValidationError(f"{label}申请日期不能早于收到意见的日期", "requested_on")
        if answered_on and (requested_on is None or answered_on < requested_on):
            raise ValidationError(f"{label}答复日期不能早于申请日期", "answered_on")
        prefix = "recheck" if recheck else "review"
        setattr(case, f"{prefix}_requested_on", requested_on)
        setattr(case, f"{prefix}_answered_on", answered_on)
        late = requested_on is not None and (requested_on - start).days > rules.REVIEW_REQUEST_DAYS
        case.review_late = late or (case.review_late and not recheck)
        if late:
            warning.append(_late_review(label, start, requested_on))  # type: ignore[arg-type]

    _change(session, case_id, label, apply)
    return warning[0] if warning else ""


def _late_review(label: str, start: date, requested_on: date) -> str:
    days = (requested_on - start).days
    return (f"{label}申请在收到意见后第{days}天提出，已超过{rules.REVIEW_REQUEST_DAYS}日申请期限"
            "。已登记并标记为逾期申请，请核实是否受理。")  # fmt: skip


def record_routing(
    session: Session, /, case_id: int, received_on: date, objection_on: date | None
) -> None:
    """A matter 转送/交办 to us: when it came, and when we objected that it is not ours."""

    def apply(case: VisitCase) -> None:
        if objection_on and objection_on < received_on:
            raise ValidationError("提出异议的日期不能早于收到日期", "objection_on")
        case.routed_received_on, case.objection_on = received_on, objection_on

    _change(session, case_id, "转交办异议", apply)

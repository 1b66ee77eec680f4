"""Demo data for 用印: the usual seals of a township and a year of believable uses."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.base import utcnow
from app.models.seals import Seal
from app.services import audit, office_hours
from app.services.context import Perm, require
from app.services.duty import staff
from app.services.seals import approvers, bulk, catalog, ledger, loans
from app.services.seals.dto import Approval, SealForm, SealLoanForm, UseForm

SEALS = (
    ("中共某某镇委员会", "党委章", "李红", ["党委书记"], ("王建国", "党委书记")),
    ("某某镇人民政府", "政府章", "李红", ["镇长"], ("张明", "镇长")),
    ("中共某某镇委员会办公室", "党政办章", "李红", ["党政办主任"], ("刘芳", "党政办主任")),
    ("某某镇人民政府财务专用章", "专用章", "陈静", ["镇长"], ("张明", "镇长")),
)
UNITS = ("党政办", "经济发展办", "社会事务办", "综治中心", "财政所", "农业服务中心", "村建办")
PEOPLE = ("赵磊", "孙丽", "周强", "吴敏", "郑浩", "王芳", "冯军", "陈晨")
DOCS = (
    ("关于报送2026年度工作总结的报告", "报送县委"), ("关于申请农村道路维修资金的请示", "申请资金"),
    ("介绍信", "外出联系工作"), ("关于做好防汛工作的通知", "发各村"), ("会议纪要", "存档"),
    ("证明", "为村民出具证明"), ("关于表彰先进个人的决定", "表彰"),
)  # fmt: skip
KEEPER = "李红"  # 监印人 of the demo's seals
REASONS = ("份数登记错误", "文件名称填错", "重复登记")  # why a demo entry was voided


def _seals(session: Session) -> list[tuple[int, tuple[str, str]]]:
    made = []
    for name, kind, keeper, allowed, approver in SEALS:
        seal_id = session.scalar(select(Seal.id).where(Seal.name == name))
        if seal_id is None:
            seal_id = catalog.add_seal(session, SealForm(name, kind, keeper, allowed))
        made.append((seal_id, approver))
    _on_staff(session, {approver for *_, approver in SEALS})
    return made


def _on_staff(session: Session, leaders: set[tuple[str, str]]) -> None:
    """The approvers are people on the staff list holding the 职务 (the ledger checks it)."""
    listed = {(p.name, p.title) for p in staff.people(session)}
    for name, title in sorted(leaders - listed):
        staff.add_person(session, staff.DutyPersonForm(name, title, "党政办", can_lead=True))


def _approved(rng: random.Random, at: datetime) -> datetime:
    """Approved up to four office hours before the stamping, the same day."""
    minute = office_hours.minute_of(at)
    return office_hours.at_minute(at.astimezone().date(), minute - rng.randint(0, min(240, minute)))


def _use(rng: random.Random, seal_id: int, approver: tuple[str, str], at: datetime) -> UseForm:
    title, purpose = rng.choice(DOCS)
    return UseForm(
        seal_id=seal_id, used_at=at, unit=rng.choice(UNITS), applicant=rng.choice(PEOPLE),
        purpose=purpose, doc_title=title, copies=rng.randint(1, 6), approver=approver[0],
        approver_title=approver[1], approved_at=_approved(rng, at),
        attested=True, supervisor=KEEPER, copy_kept=rng.random() < 0.5,
    )  # fmt: skip


def fill(session: Session, size: int, rng: random.Random) -> int:
    """size uses over the past year, a few voided, the 专用章 out on loan since this morning.

    Written in bulk (200,000 uses take seconds, not the quarter hour one register_use
    each would): checked, numbered and chained as the ledger does, one audit line in all.
    """
    seals = _seals(session)
    require(session, Perm.EDIT_REGISTERS)
    # kept by the seals' keeper, as a real register is: not by the PC user the demo ran as
    recorded_by = KEEPER
    now = utcnow()
    forms = _forms(rng, seals, size, _days(session, now))
    _check(session, forms)
    numbers = zip(forms, bulk.number_all(session, forms), strict=True)
    uses = [ledger.use_values(f, n, recorded_by, now) for f, n in numbers]
    voids = _voids(rng, forms, now)
    _append_in_time_order(session, uses, voids, recorded_by)
    summary = f"演示数据：用印 {len(uses)} 条，作废 {len(voids)} 条"
    audit.record(session, "新增", "用印登记", "", summary=summary)
    if not loans.list_loans(session, open_only=True):
        _lend(session, seals[-1][0], now - timedelta(hours=4))
    return len(uses)


Void = tuple[datetime, int, str]  # when, the index of the use it voids, why


def _voids(rng: random.Random, forms: list[UseForm], now: datetime) -> list[Void]:
    """One use in fifty voided later the same office day (as a clerk finds a slip), in time
    order; never later than now."""
    last = office_hours.MINUTES - 1
    minutes = [office_hours.minute_of(f.used_at) for f in forms]
    room = [i for i, minute in enumerate(minutes) if minute + 20 <= last]
    picked = rng.sample(room, k=min(len(room), max(1, len(forms) // 50)))
    timed = [(min(now, _later(forms[i].used_at, rng.randint(minutes[i] + 20, last))), i,
              rng.choice(REASONS)) for i in picked]  # fmt: skip
    return sorted(timed)


def _later(used_at: datetime, minute: int) -> datetime:
    return office_hours.at_minute(used_at.astimezone().date(), minute)


def _append_in_time_order(
    session: Session, uses: list[dict[str, Any]], voids: list[Void], by: str
) -> None:
    """The uses and their 作废 entries chained in time order, as the clerk made them: a
    run of uses is written when a 作废 needs one of them written first (for its id)."""
    made: dict[int, tuple[int, int, str]] = {}  # use index -> (id, seal_id, 用印编号)
    pending: list[tuple[int | None, dict[str, Any]]] = []  # (use index or None, row)
    upcoming = iter(voids)
    void = next(upcoming, None)
    for index, row in enumerate([*uses, None]):
        while void is not None and (row is None or void[0] < row["used_at"]):
            if void[1] not in made:
                _write(session, pending, made)
            pending.append((None, ledger.void_values(made[void[1]], void[2], by, void[0])))
            void = next(upcoming, None)
        if row is not None:
            pending.append((index, row))
    _write(session, pending, made)


def _write(session: Session, pending: list[tuple[int | None, dict[str, Any]]],
           made: dict[int, tuple[int, int, str]]) -> None:  # fmt: skip
    written = bulk.append(session, [row for _, row in pending])
    made.update(
        (index, entry)
        for (index, _), entry in zip(pending, written, strict=True)
        if index is not None
    )
    pending.clear()


def _days(session: Session, now: datetime) -> list[date]:
    """The working days of the past year before today: every use ends before the loan
    fill() makes began, and before now."""
    today = now.astimezone().date()
    return office_hours.workdays(session, today - timedelta(days=365), today - timedelta(days=1))


def _forms(
    rng: random.Random, seals: list[tuple[int, tuple[str, str]]], size: int, days: list[date]
) -> list[UseForm]:
    """size uses at random office moments of the given working days, in date order."""
    moments = sorted(office_hours.at_minute(rng.choice(days), rng.randrange(office_hours.MINUTES))
                     for _ in range(size))  # fmt: skip
    return [_use(rng, *rng.choice(seals), at) for at in moments]


def _check(session: Session, forms: list[UseForm]) -> None:
    """The ledger's own rules on every entry (those that need no query per entry)."""
    seals = {seal_id: catalog.get_seal(session, seal_id) for seal_id in {f.seal_id for f in forms}}
    staff = approvers.staff(session)
    for form in forms:
        ledger.check_use(seals[form.seal_id], form, staff)


def _lend(session: Session, seal_id: int, at: datetime) -> None:
    approved = at - timedelta(minutes=30)
    loans.lend(session, SealLoanForm(
        seal_id, "周强", "赴县财政局办理报账手续",
        [Approval("王建国", "党委书记", approved), Approval("张明", "镇长", approved)],
        lent_at=at, due_at=at + timedelta(hours=3),
    ))  # fmt: skip

"""The seals registry: add and list 印章, their approvers, and dated status changes."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.seals import Seal, SealLoan, SealStatusRecord
from app.services import audit, records, settings, versions
from app.services.context import Perm, require
from app.services.errors import NotFoundError, ValidationError
from app.services.seals.dto import (
    SEAL_KINDS,
    SEAL_STATUSES,
    SealForm,
    SealRow,
    StatusForm,
    StatusRecordRow,
)

# Local practice (domain §2): who approves which kind of seal; kept in settings.
DEFAULT_APPROVERS_KEY = "seals.default_approvers"
DEFAULT_APPROVERS = {
    "党委章": ["党委书记"],
    "政府章": ["镇长"],
    "党政办章": ["党政办主任"],
    "专用章": ["党政办主任"],
    "钢印": ["党委书记", "镇长"],
    "个人名章": ["党委书记", "镇长"],
}
# Which status may follow which; 遗失 and 销毁 are final.
TRANSITIONS = {
    "在用": {"停用", "封存", "遗失", "销毁"},
    "停用": {"在用", "封存", "遗失", "销毁"},
    "封存": {"在用", "遗失", "销毁"},
    "遗失": set(),
    "销毁": set(),
}


def _clean(items: list[str]) -> list[str]:
    return [s.strip() for s in items if s and s.strip()]


def default_approvers(session: Session, kind: str) -> list[str]:
    table = settings.get(session, DEFAULT_APPROVERS_KEY, DEFAULT_APPROVERS)
    return list(table.get(kind, []))


def add_seal(session: Session, /, form: SealForm) -> int:
    require(session, Perm.EDIT_REGISTERS)
    name = form.name.strip()
    if not name:
        raise ValidationError("请填写印章名称", "name")
    if form.kind not in SEAL_KINDS:
        raise ValidationError(f"印章类别只能是：{'、'.join(SEAL_KINDS)}", "kind")
    if session.scalar(select(Seal.id).where(Seal.name == name)) is not None:
        raise ValidationError(f"印章「{name}」已登记", "name")
    approvers = _clean(form.approvers) or default_approvers(session, form.kind)
    if not approvers:
        raise ValidationError("请填写可审批用印的人员或职务", "approvers")
    seal = Seal(name=name, kind=form.kind, keeper=form.keeper.strip(), note=form.note.strip(),
                approvers_json=json.dumps(approvers, ensure_ascii=False))  # fmt: skip
    session.add(seal)
    session.flush()
    audit.record(session, "新增", "印章", seal.id, after=audit.snapshot(seal), summary=name)
    return seal.id


def set_approvers(
    session: Session, /, seal_id: int, approvers: list[str], version: int | None = None
) -> None:
    """Who may approve its use; version is the seal's as the clerk loaded it (None: no check)."""
    require(session, Perm.MANAGE_SETTINGS)
    seal = get_seal(session, seal_id)
    versions.check(session, seal, version, "印章", f"印章「{seal.name}」")
    cleaned = _clean(approvers)
    if not cleaned:
        raise ValidationError("请填写可审批用印的人员或职务", "approvers")
    with records.changed(session, "修改", "印章", seal):
        seal.approvers_json = json.dumps(cleaned, ensure_ascii=False)


def get_seal(session: Session, seal_id: int) -> Seal:
    seal = session.get(Seal, seal_id)
    if seal is None:
        raise NotFoundError("找不到该印章")
    return seal


def approvers_of(seal: Seal) -> tuple[str, ...]:
    return tuple(json.loads(seal.approvers_json))


def _row(seal: Seal, out: set[int]) -> SealRow:
    return SealRow(seal.id, seal.name, seal.kind, seal.keeper, approvers_of(seal), seal.status,
                   seal.status_since, seal.note, seal.id in out, seal.version)  # fmt: skip


def list_seals(session: Session, /, include_retired: bool = True) -> list[SealRow]:
    stmt = select(Seal).order_by(Seal.id)
    if not include_retired:
        stmt = stmt.where(Seal.status == "在用")
    out = _seals_out(session)
    return [_row(s, out) for s in session.scalars(stmt)]


def seal_row(session: Session, /, seal_id: int) -> SealRow:
    return _row(get_seal(session, seal_id), _seals_out(session))


def _next_status(seal: Seal, form: StatusForm) -> str:
    """印章's rule for a status change (records.step): where it may go from where it is."""
    if form.status not in SEAL_STATUSES:
        raise ValidationError(f"印章状态只能是：{'、'.join(SEAL_STATUSES)}", "status")
    if form.status == seal.status:
        raise ValidationError(f"印章「{seal.name}」已是{seal.status}状态", "status")
    if form.status not in TRANSITIONS[seal.status]:
        raise ValidationError(
            f"印章「{seal.name}」已{seal.status}，不能再改为{form.status}", "status"
        )
    return form.status


def _check_status(seal: Seal, form: StatusForm) -> None:
    _next_status(seal, form)  # the step first: its message is the one a clerk needs
    if seal.status_since and form.effective_on < seal.status_since:
        raise ValidationError(
            f"生效日期不能早于上次状态变更（{seal.status_since.isoformat()}）", "effective_on"
        )
    if form.status == "遗失" and form.void_declared_on is None:
        raise ValidationError("印章遗失须登记声明作废的日期", "void_declared_on")
    if (
        form.status == "遗失"
        and form.void_declared_on
        and form.void_declared_on < form.effective_on
    ):
        raise ValidationError("声明作废日期不能早于遗失日期", "void_declared_on")
    if form.status == "销毁" and not _clean(form.witnesses):
        raise ValidationError("销毁印章须登记见证人（监销人）", "witnesses")
    if form.status != "在用" and not form.reason.strip():
        raise ValidationError(f"请填写{form.status}的原因", "reason")


def change_status(session: Session, /, form: StatusForm) -> int:
    """Record a dated status change; a seal out on loan must come back first."""
    actor = require(session, Perm.EDIT_REGISTERS)
    seal = get_seal(session, form.seal_id)
    versions.check(session, seal, form.version, "印章", f"印章「{seal.name}」")
    _check_status(seal, form)
    if form.status != "遗失" and seal.id in _seals_out(session):
        raise ValidationError(f"印章「{seal.name}」外借未还，归还后才能改为{form.status}", "status")
    record = SealStatusRecord(
        seal_id=seal.id, status=form.status, effective_on=form.effective_on,
        reason=form.reason.strip(), void_declared_on=form.void_declared_on,
        witnesses="、".join(_clean(form.witnesses)), recorded_by=actor.display_name,
    )  # fmt: skip
    summary = lambda before: f"{seal.name}：{before['status']}→{form.status}"  # noqa: E731
    step = lambda: _next_status(seal, form)  # noqa: E731
    with records.changed(session, "修改", "印章", seal, summary, step, field="status"):
        session.add(record)
        seal.status_since = form.effective_on
    return record.id


def _seals_out(session: Session) -> set[int]:
    return set(session.scalars(select(SealLoan.seal_id).where(SealLoan.returned_at.is_(None))))


def status_history(session: Session, /, seal_id: int) -> list[StatusRecordRow]:
    stmt = (
        select(SealStatusRecord)
        .where(SealStatusRecord.seal_id == seal_id)
        .order_by(SealStatusRecord.effective_on, SealStatusRecord.id)
    )
    return [
        StatusRecordRow(
            r.id,
            r.seal_id,
            r.status,
            r.effective_on,
            r.reason,
            r.void_declared_on,
            r.witnesses,
            r.recorded_by,
            r.recorded_at,
        )
        for r in session.scalars(stmt)
    ]

"""The 档号 scheme in settings: 全宗号 (from init), 全宗名称, 门类, level order, 机构 codes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.archives import ArchiveItem, ArchiveOrg
from app.services import audit, settings
from app.services.archives.codes import CATEGORY, ORDER_PERIOD_ORG, ORDERS, Scheme
from app.services.context import Perm, require
from app.services.errors import ValidationError

FONDS_NAME = "archives.fonds_name"  # 全宗名称; the unit's name when unset
ORDER = "archives.order"  # one of codes.ORDERS
settings.LABELS.update({FONDS_NAME: "全宗名称", ORDER: "档号分类层级"})

# The usual 机构（问题） of a township office; the archivist edits them in settings.
DEFAULT_ORGS = (("BGS", "党政办公室"), ("DJB", "党建办公室"), ("JJB", "经济发展办公室"),
                ("SHB", "社会事务办公室"), ("ZFB", "综合治理办公室"))  # fmt: skip


@dataclass(frozen=True)
class OrgRow:
    id: int
    code: str
    name: str
    position: int
    active: bool


@dataclass(frozen=True)
class SchemeInfo:
    """What the settings tab shows: the scheme plus the names."""

    fonds: str
    fonds_name: str
    category: str
    order: str
    orgs: tuple[OrgRow, ...]
    items: int  # 件 already numbered: the order and 全宗号 are then fixed


def guard_fonds(session: Session, old: str, new: str) -> None:
    """Every 档号, label and 目录 carries the 全宗号: once 件 are numbered it stays (a
    全宗号 is assigned by the county archive; a wrong one is corrected with the archive)."""
    count = session.scalar(select(func.count()).select_from(ArchiveItem)) or 0
    if count:
        raise ValidationError(
            f"已有 {count} 件档案按全宗号 {old} 编了档号，全宗号不能再改为 {new}："
            "档号、归档章和目录都带着全宗号。如确需更正，请与县档案馆联系。",
            "fonds_code",
        )


def load(session: Session) -> Scheme:
    """The scheme every builder and parser call uses."""
    codes = session.scalars(select(ArchiveOrg.code)).all()
    fonds = str(settings.get(session, settings.FONDS_CODE, "") or "")
    return Scheme(fonds, order(session), frozenset(codes), CATEGORY)


def order(session: Session) -> str:
    """The 档号's order of levels alone (a 目录 page needs no more of the scheme)."""
    return str(settings.get(session, ORDER, ORDER_PERIOD_ORG))


def info(session: Session) -> SchemeInfo:
    scheme = load(session)
    name = settings.get(session, FONDS_NAME, "") or settings.org_name(session)
    count = session.scalar(select(func.count()).select_from(ArchiveItem)) or 0
    return SchemeInfo(scheme.fonds, str(name), scheme.category, scheme.order, orgs(session),
                      int(count))  # fmt: skip


def orgs(session: Session, *, active_only: bool = False) -> tuple[OrgRow, ...]:
    stmt = select(ArchiveOrg).order_by(ArchiveOrg.position, ArchiveOrg.id)
    if active_only:
        stmt = stmt.where(ArchiveOrg.active.is_(True))
    return tuple(OrgRow(o.id, o.code, o.name, o.position, o.active)
                 for o in session.scalars(stmt))  # fmt: skip


def save(session: Session, /, fonds_name: str, order: str) -> None:
    """全宗名称 and the level order; the order is fixed once a 件 has its 档号."""
    require(session, Perm.MANAGE_SETTINGS)
    if order not in ORDERS:
        raise ValidationError(f"分类层级“{order}”不对：应为 {'、'.join(ORDERS)} 之一。", "order")
    current = load(session)
    if order != current.order and info(session).items:
        raise ValidationError("已有件编了档号，不能再改分类层级（否则档号前后不一）。", "order")
    settings.put(session, FONDS_NAME, fonds_name.strip(), check=False)
    settings.put(session, ORDER, order, check=False)


def save_org(session: Session, /, code: str, name: str, active: bool = True) -> int:
    """Add a 机构（问题） or rename one; a code in use by a 件 cannot be removed."""
    require(session, Perm.MANAGE_SETTINGS)
    clean = code.strip().upper()
    if not re.fullmatch(r"[A-Z0-9]{1,10}", clean):
        raise ValidationError("机构代码只能由1–10位字母或数字组成（如 BGS）。", "code")
    label = name.strip()
    if not label:
        raise ValidationError("请填写机构（问题）名称（如 党政办公室）。", "name")
    row = session.scalar(select(ArchiveOrg).where(ArchiveOrg.code == clean))
    clash = session.scalar(select(ArchiveOrg).where(ArchiveOrg.name == label))
    if clash is not None and clash is not row:
        raise ValidationError(f"机构名称“{label}”已用于代码 {clash.code}。", "name")
    if row is None:
        last = session.scalar(select(func.max(ArchiveOrg.position))) or 0
        row = ArchiveOrg(code=clean, name=label, position=last + 1)
        session.add(row)
    row.name, row.active = label, active
    session.flush()
    audit.record(session, "修改", "档案机构", row.id, summary=f"机构（问题）{clean} {label}")
    return row.id


def ensure_defaults(session: Session) -> None:
    """Seed the usual 机构 codes once, so a new office can file on day one."""
    if session.scalar(select(func.count()).select_from(ArchiveOrg)):
        return
    for position, (code, name) in enumerate(DEFAULT_ORGS, 1):
        session.add(ArchiveOrg(code=code, name=name, position=position))
    session.flush()


def org_code_for(session: Session, text: str) -> str | None:
    """A 机构 given as its code or its configured name; None when neither is known."""
    value = str(text or "").strip()
    if not value:
        return None
    row = session.scalar(
        select(ArchiveOrg).where((ArchiveOrg.code == value.upper()) | (ArchiveOrg.name == value))
    )
    return None if row is None else row.code


def default_org(session: Session) -> str:
    """The 机构 a 件 goes to when nothing says otherwise: the first active one."""
    found = orgs(session, active_only=True)
    return found[0].code if found and load(session).has_org else ""

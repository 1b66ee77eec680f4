"""Office settings (unit, 全宗号, 机关代字, local practice) kept as JSON by key."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from app import clock
from app.models.settings import Setting
from app.services import audit, versions
from app.services.context import Perm, require
from app.services.errors import ValidationError
from app.services.first_glance import ORG_NAME, SETUP_DONE

FONDS_CODE = "org.fonds"  # 全宗号
ISSUER_CODES = "filing.issuer_codes"  # 机关代字 list, e.g. ["镇委", "镇政", "镇政办"]
LABELS = {ORG_NAME: "单位名称", FONDS_CODE: "全宗号", ISSUER_CODES: "机关代字",
          SETUP_DONE: "初始设置",
          "visits.roll_holiday_deadlines": "信访期限末日遇法定节假日顺延"}  # fmt: skip


def get(session: Session, key: str, default: Any = None) -> Any:
    row = session.get(Setting, key)
    return default if row is None else json.loads(row.value_json)


def put(session: Session, key: str, value: Any, *, check: bool = True) -> None:
    """Save one setting and audit the change (check=False only for first-run setup)."""
    if check:
        require(session, Perm.MANAGE_SETTINGS)
    row = session.get(Setting, key)
    before = None if row is None else json.loads(row.value_json)
    text = json.dumps(value, ensure_ascii=False)
    if row is None:
        session.add(Setting(key=key, value_json=text))
    else:
        row.value_json = text
    if before != value:
        shown = _shown(value)
        audit.record(session, "修改", "设置", key, before={"值": before}, after={"值": value},
                     summary=f"{LABELS.get(key, key)}：{shown}")  # fmt: skip


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    return "、".join(map(str, value)) if isinstance(value, list) else str(value)


def dated(subtitle: str) -> str:
    """A printed register's line under its title: its period, then 填报日期 (today)."""
    return "　　".join(p for p in (subtitle, f"填报日期：{clock.today():%Y年%m月%d日}") if p)


def org_name(session: Session) -> str:
    return str(get(session, ORG_NAME, ""))


@dataclass(frozen=True)
class OrgInfo:
    """单位信息: the unit's name, 全宗号 and 机关代字 list."""

    name: str
    fonds_code: str
    issuer_codes: tuple[str, ...]


def clean_org(name: str, fonds_code: str, issuer_codes: list[str]) -> OrgInfo:
    """Check and tidy what the clerk typed; the message names the field to fix."""
    org = name.strip()
    if not org:
        raise ValidationError("请填写单位名称（如：某某镇人民政府）", "org_name")
    fonds = fonds_code.strip().upper()
    if not fonds or not fonds.isalnum():
        raise ValidationError("全宗号只能由字母和数字组成（如：Z109）", "fonds_code")
    codes = tuple(dict.fromkeys(c.strip() for c in issuer_codes if c.strip()))
    if not codes:
        raise ValidationError("至少填写一个机关代字（如：镇政）", "issuer_codes")
    return OrgInfo(org, fonds, codes)


def org_info(session: Session) -> OrgInfo:
    codes = get(session, ISSUER_CODES, []) or []
    return OrgInfo(org_name(session), str(get(session, FONDS_CODE, "")), tuple(codes))


# Checks a module runs before the 全宗号 changes (old, new): 档案 refuses once 档号 carry it.
FONDS_GUARDS: list[Callable[[Session, str, str], None]] = []


def save_org(
    session: Session, /, info: OrgInfo, *, check: bool = True, seen: OrgInfo | None = None
) -> OrgInfo:
    """Save 单位信息 (each changed value audited); only roles that may change settings.

    seen: the 单位信息 as the form loaded it; changed since, the save is refused (versions)."""
    if check:
        require(session, Perm.MANAGE_SETTINGS)
    keys = (ORG_NAME, FONDS_CODE, ISSUER_CODES)
    versions.check_value(session, seen, org_info(session), "设置", keys, "单位信息")
    clean = clean_org(info.name, info.fonds_code, list(info.issuer_codes))
    old = str(get(session, FONDS_CODE, "") or "")
    if old and old != clean.fonds_code:
        for guard in FONDS_GUARDS:
            guard(session, old, clean.fonds_code)
    put(session, ORG_NAME, clean.name, check=False)
    put(session, FONDS_CODE, clean.fonds_code, check=False)
    put(session, ISSUER_CODES, list(clean.issuer_codes), check=False)
    return clean

"""Office settings (unit, 全宗号, 机关代字, local practice) kept as JSON by key."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from app.models.settings import Setting
from app.services import audit
from app.services.context import Perm, require

ORG_NAME = "org.name"  # e.g. 某某镇人民政府
FONDS_CODE = "org.fonds"  # 全宗号
ISSUER_CODES = "filing.issuer_codes"  # 机关代字 list, e.g. ["镇委", "镇政", "镇政办"]
SETUP_DONE = "setup.done"


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
        audit.record(session, "修改", "设置", key, before={"值": before}, after={"值": value})


def org_name(session: Session) -> str:
    return str(get(session, ORG_NAME, ""))

"""Edits made on an old copy are refused, naming who saved the record since and when."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.audit import AuditEntry
from app.services.errors import ConflictError


def check(session: Session, record: Any, seen: int | None, entity: str, label: str) -> None:
    """Refuse when ``record`` changed since the clerk loaded ``seen`` (None: nothing to check).

    entity is the audit trail's name for the register (值班人员, 用户, 印章 …); label says
    which record in the message (“值班人员 张三”).
    """
    if seen is None or record.version == seen:
        return
    raise conflict(session, entity, record.id, label)


def conflict(session: Session, entity: str, entity_id: Any, label: str) -> ConflictError:
    """The ConflictError for a record changed by someone else, from its last audit entry."""
    last = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.entity == entity, AuditEntry.entity_id == str(entity_id))
        .order_by(AuditEntry.id.desc())
        .limit(1)
    ).first()
    if last is None:
        return ConflictError(f"{label}已被他人修改，您看到的是旧内容。请重新载入后再改。")
    when = last.at.astimezone()  # stored in UTC, told in local time
    return ConflictError(
        f"{label}已被{last.username}于{when:%Y-%m-%d %H:%M}修改，您看到的是旧内容。"
        "请重新载入后再改。",
        who=last.username,
        at=when,
    )

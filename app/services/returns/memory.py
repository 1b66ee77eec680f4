"""The clerk's confirmed mapping of a template, remembered under its name and its header."""

from __future__ import annotations

import hashlib

from sqlalchemy.orm import Session

from app.services import settings
from app.services.returns.recognise import Plan


def _key(plan: Plan, with_name: bool) -> str:
    parts = [plan.kind, plan.shape, *plan.header]
    if with_name:
        parts.insert(0, plan.template)
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]
    return f"returns.mapping.{digest}"


def recall(session: Session, /, plan: Plan) -> dict[str, str] | None:
    """The mapping kept for this template; else one kept for another with the same header
    (next month's return arrives under a new file name)."""
    for with_name in (True, False):
        value = settings.get(session, _key(plan, with_name))
        if isinstance(value, dict):
            return {str(k): str(v) for k, v in value.items()}
    return None


def remember(session: Session, /, plan: Plan) -> None:
    """Keep the plan's mapping (the 不填 choices too) for the next fill of this header.

    Any user who fills returns may keep one, as any user who imports may keep an import's."""
    mapping = plan.mapping()
    for with_name in (True, False):
        settings.put(session, _key(plan, with_name), mapping, check=False)


def forget(session: Session, /, plan: Plan) -> None:
    for with_name in (True, False):
        if settings.get(session, _key(plan, with_name)) is not None:
            settings.put(session, _key(plan, with_name), None, check=False)

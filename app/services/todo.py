"""首页's one 待办 list: every module's provider, gathered and sorted by urgency."""

from __future__ import annotations

import logging
from datetime import date

from sqlalchemy.orm import Session

from app.services import registry
from app.services.registry import TodoItem

SEVERITY_ORDER = ("逾期", "今日", "临期", "提示")
_log = logging.getLogger(__name__)


def _rank(item: TodoItem) -> tuple[int, date, str]:
    order = SEVERITY_ORDER.index(item.severity) if item.severity in SEVERITY_ORDER else 99
    return order, item.due or date.max, item.module


def collect(session: Session, today: date) -> list[TodoItem]:
    """Every registered provider's items; one that fails becomes a line of its own."""
    items: list[TodoItem] = []
    for module, provider in registry.TODOS:
        try:
            # A savepoint so a provider's failed query cannot spoil the others' reads.
            with session.begin_nested():
                items.extend(provider(session, today))
        except Exception as exc:  # a broken module must not take 首页 down with it
            _log.exception("待办读取失败：%s", module)
            items.append(_failure(module, exc))
    return sorted(items, key=_rank)


def _failure(module: str, exc: Exception) -> TodoItem:
    detail = getattr(exc, "message", "") or type(exc).__name__
    return TodoItem(module=module, title=f"待办读取失败：{module}", detail=str(detail),
                    severity="提示")  # fmt: skip

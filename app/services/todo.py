"""首页's one 待办 list: what runs today by the hour, then this week's 临期, then one line of
逾期 per module; with each module's counts for the tiles at the top."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy.orm import Session

from app import clock
from app.services import registry
from app.services.registry import MORE, TodoItem, overdue_line

SEVERITY_ORDER = ("逾期", "今日", "临期", "提示")
NOW, WEEK, LATE, NOTE = "今日", "本周", "逾期", "提示"  # the sections, in this order
SECTIONS = (NOW, WEEK, LATE, NOTE)
WEEK_DAYS = 7
TOMORROW_TOO = ("来访",)  # 信访 deadlines of tomorrow are worked on today
FAILED = "待办读取失败"
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Board:
    """首页 in one read: the ordered lines and each module's 逾期/今日/临期 counts."""

    lines: list[TodoItem]
    counts: dict[str, dict[str, int]]  # module -> severity -> count, in provider order
    pages: dict[str, str]  # module -> its page key


def section(item: TodoItem, today: date) -> str:
    """Where a line goes: its clock runs today, it is due this week, it is late, or a note."""
    if item.title.startswith(FAILED):
        return NOW
    if item.due_at is not None:
        due_day = item.due_at.astimezone().date()
        if due_day <= today:
            return NOW
        return WEEK if (due_day - today).days <= WEEK_DAYS else NOTE
    if item.filter == "逾期":
        return LATE
    if item.severity == MORE:
        return WEEK
    if item.days_left is None:
        return NOW if item.severity == "今日" else NOTE
    if item.days_left < 0:
        return LATE
    if item.days_left == 0 or (item.days_left == 1 and item.module in TOMORROW_TOO):
        return NOW
    return WEEK if item.days_left <= WEEK_DAYS else NOTE


def collect(session: Session, today: date) -> list[TodoItem]:
    """Every registered provider's lines in 首页's order; one that fails becomes a line."""
    return board(session, today).lines


def board(session: Session, today: date) -> Board:
    modules = [module for module, _ in registry.TODOS]
    raw = _gather(session, today)
    lines = _order(_fold(raw, today), today, modules)
    pages = {i.module: i.page for i in raw if i.page}
    return Board(lines, _counts(lines, modules), pages)


def _gather(session: Session, today: date) -> list[TodoItem]:
    items: list[TodoItem] = []
    for module, provider in registry.TODOS:
        try:
            # A savepoint so a provider's failed query cannot spoil the others' reads.
            with session.begin_nested():
                items.extend(provider(session, today))
        except Exception as exc:  # a broken module must not take 首页 down with it
            _log.exception("待办读取失败：%s", module)
            items.append(_failure(module, exc))
    return items


def _fold(items: list[TodoItem], today: date) -> list[TodoItem]:
    """A module's day-level 逾期 items become one line (those a provider folded count too)."""
    late: dict[str, list[TodoItem]] = defaultdict(list)
    kept: list[TodoItem] = []
    for item in items:
        (late[item.module] if section(item, today) == LATE else kept).append(item)
    for module, group in late.items():
        count = sum(i.hidden or 1 for i in group)
        earliest = min(i.due for i in group if i.due is not None)
        first = group[0]
        kept += overdue_line(module, count, earliest, today, first.page, first.action)
    return kept


def _order(items: list[TodoItem], today: date, modules: list[str]) -> list[TodoItem]:
    def key(item: TodoItem) -> tuple[int, object, int, date]:
        part = SECTIONS.index(section(item, today))
        place = modules.index(item.module) if item.module in modules else 99
        if part == SECTIONS.index(NOW):  # by the hour
            failed = not item.title.startswith(FAILED)  # a module that cannot be read leads
            return part, (failed, _clock_time(item, today)), place, date.min
        more = item.severity == MORE  # a module's “另有 N 件” closes its week lines
        return part, (place, more), 0, item.due or date.max

    return sorted(items, key=key)


def _clock_time(item: TodoItem, today: date) -> datetime:
    if item.due_at is not None:
        return item.due_at.astimezone()
    day = (item.due or today) + timedelta(days=1)  # a day's deadline runs to its end
    return datetime.combine(day, time()).astimezone(clock.now().tzinfo)


def counted_as(item: TodoItem) -> str:
    """The tile a line counts under (a week's “另有 N 件” line counts as 临期)."""
    return "临期" if item.severity == MORE else item.severity


def _counts(lines: list[TodoItem], modules: list[str]) -> dict[str, dict[str, int]]:
    counts = {m: {"逾期": 0, "今日": 0, "临期": 0} for m in modules}
    for item in lines:
        severity = counted_as(item)
        if severity in ("逾期", "今日", "临期"):
            counts.setdefault(item.module, {"逾期": 0, "今日": 0, "临期": 0})
            counts[item.module][severity] += item.hidden or 1
    return counts


def _failure(module: str, exc: Exception) -> TodoItem:
    detail = getattr(exc, "message", "") or type(exc).__name__
    return TodoItem(module=module, title=f"{FAILED}：{module}", detail=str(detail),
                    severity="提示", action="请联系管理员查看日志")  # fmt: skip

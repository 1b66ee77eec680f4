"""The statutory clocks of one case, computed from the dates entered, and its state."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from app.services.visits import rules

WorkdayAdder = Callable[[date, int], date]
Roll = Callable[[date], date]  # a last day on a 法定节假日 → the next working day


def _same(day: date) -> date:
    return day


NOT_OURS = ("转送", "导入法定程序")
WORKDAY_CLOCKS = ("异议",)  # counted in 工作日, so only as right as the year's calendar


@dataclass(frozen=True)
class CaseDates:
    """Everything the clocks read; a plain copy of the case's dates."""

    received_on: date
    handling: str = ""
    accepted_on: date | None = None
    notified_on: date | None = None
    routed_received_on: date | None = None
    objection_on: date | None = None
    extension_approved_on: date | None = None
    concluded_on: date | None = None
    delivered_on: date | None = None
    review_requested_on: date | None = None
    review_answered_on: date | None = None
    recheck_requested_on: date | None = None
    recheck_answered_on: date | None = None


@dataclass(frozen=True)
class Clock:
    """One time limit: due date, and days left (open) or days late (open or done late)."""

    name: str
    start: date
    due: date
    done_on: date | None
    duty: bool  # the township's own duty (feeds 待办); False for the 信访人's window

    def days_left(self, today: date) -> int | None:
        return None if self.done_on else (self.due - today).days

    def days_late(self, today: date) -> int:
        end = self.done_on or today
        return max(0, (end - self.due).days)

    def status(self, today: date) -> str:
        if self.done_on:
            return "逾期完成" if self.done_on > self.due else "按期完成"
        if not self.duty:
            return "已过期限" if today > self.due else f"剩{(self.due - today).days}天"
        left = (self.due - today).days
        return f"逾期{-left}天" if left < 0 else f"剩{left}天"


def conclude_due(accepted_on: date, extended: bool) -> date:
    days = rules.CONCLUDE_DAYS + (rules.EXTENSION_DAYS if extended else 0)
    return accepted_on + timedelta(days=days)


def clocks(d: CaseDates, add_workdays: WorkdayAdder, roll: Roll = _same) -> list[Clock]:
    """Every clock that has started; add_workdays counts 工作日 from the calendar, roll moves
    the last day of a period counted in calendar days off a 法定节假日."""
    out: list[Clock] = []
    if d.handling != "当场答复":
        due = roll(d.received_on + timedelta(days=rules.NOTIFY_DAYS))
        # a case answered in full no longer waits on its 告知 (late is still shown as late)
        done = d.notified_on or d.concluded_on
        out.append(Clock("告知", d.received_on, due, done, True))
    if d.routed_received_on:
        due = add_workdays(d.routed_received_on, rules.OBJECTION_WORKDAYS)
        done = d.objection_on or d.accepted_on or d.concluded_on  # taking it on ends the window
        out.append(Clock("异议", d.routed_received_on, due, done, True))
    if d.accepted_on:
        due = roll(conclude_due(d.accepted_on, d.extension_approved_on is not None))
        # a matter 转送 to the body with power over it, or taken into a 法定程序, is not ours
        # to finish: its 60 days are shown for follow-up but never counted late against us
        ours = d.handling not in NOT_OURS
        out.append(Clock("办结", d.accepted_on, due, d.concluded_on, ours))
    out += _review_clocks(d, roll)
    return out


def _review_clocks(d: CaseDates, roll: Roll) -> list[Clock]:
    out: list[Clock] = []
    steps = (
        ("复查申请", d.delivered_on, d.review_requested_on, False),
        ("复查答复", d.review_requested_on, d.review_answered_on, True),
        ("复核申请", d.review_answered_on, d.recheck_requested_on, False),
        ("复核答复", d.recheck_requested_on, d.recheck_answered_on, True),
    )
    for name, start, done, duty in steps:
        if start is None:
            continue
        days = rules.REVIEW_ANSWER_DAYS if duty else rules.REVIEW_REQUEST_DAYS
        out.append(Clock(name, start, roll(start + timedelta(days=days)), done, duty))
    return out


def state(d: CaseDates) -> str:
    """登记 → 已受理 → 办理中 (or 已转送/已交办) → 已办结 → 复查中 → 已复查 → 复核中 → 已复核."""
    if d.recheck_requested_on:
        return "已复核" if d.recheck_answered_on else "复核中"
    if d.review_requested_on:
        return "已复查" if d.review_answered_on else "复查中"
    if d.concluded_on:
        return "已办结"
    if d.handling in ("转送", "交办") and d.notified_on:
        return f"已{d.handling}"
    if d.handling == "导入法定程序" and d.notified_on:
        return "已导入法定程序"
    if d.notified_on:
        return "办理中"
    return "已受理" if d.accepted_on else "登记"


def worst_open(found: list[Clock], today: date) -> Clock | None:
    """The open duty clock that runs out first (the one the list shows)."""
    open_ = [c for c in found if c.duty and c.done_on is None]
    return min(open_, key=lambda c: c.due) if open_ else None

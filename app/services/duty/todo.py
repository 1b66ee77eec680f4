"""值班 on 首页: today's (and tonight's) people with phones, overdue 突发事件 reports."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from app import clock
from app.services.duty.log import emergency_warnings, shift_day_of
from app.services.duty.roster import RosterDayRow, on_duty
from app.services.registry import TodoItem


def _who(row: RosterDayRow) -> str:
    """Each name with the phone right after it: 首页's 情况 column shows the 带班领导's
    number whole, the title after it (a title first pushed the number out of sight)."""
    leader = row.leader
    lead = f"带班 {leader.name} {leader.phone or '无手机'}（{leader.title}）"
    staff = "、".join(f"{p.name} {p.phone or '无手机'}" for p in row.staff)
    return f"{lead}；值班 {staff}"


def todos(session: Session, today: date) -> list[TodoItem]:
    """Today's (and tonight's) 带班领导 and 值班人员 with phones; 突发事件 overdue reports."""
    items = []
    yesterday = on_duty(session, today - timedelta(days=1))
    still_last_night = shift_day_of(session, clock.now()) < clock.today()
    if yesterday is not None and today == clock.today() and still_last_night:
        items.append(
            TodoItem(
                "值班",
                f"昨夜至今晨在班（{yesterday.shift}）",
                _who(yesterday),
                today,
                0,
                "今日",
                "duty",
                action="交接班，记值班日志",
            )
        )
    row = on_duty(session, today)
    if row is not None:
        when = "今日值班（24小时）" if row.kind != "工作日" else "今晚值班"
        items.append(TodoItem("值班", f"{when} {row.shift}", _who(row), today, 0, "今日", "duty",
                              action="提醒值班人员到岗"))  # fmt: skip
    else:
        items.append(TodoItem("值班", "今日尚未排班", "", today, 0, "今日", "duty",
                              action="在“值班—排班”中生成排班"))  # fmt: skip
    for w in emergency_warnings(session):
        due_at = clock.now() - timedelta(minutes=w.minutes_late)
        items.append(TodoItem("值班", w.short, w.note, today, 0, "逾期", "duty", w.entry_id,
                              action="立即上报，记值班日志", due_at=due_at))  # fmt: skip
    return items

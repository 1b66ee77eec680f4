"""首页 from 办会: the next working day's meetings with people not yet notified, 议定事项 not
yet sent to 督办 falling due this week, and printed 涉密 materials not yet returned (清退)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.meetings import Meeting, MeetingAttendee, MeetingDecision, MeetingPaper
from app.services import calendar
from app.services.registry import TODO_LIMIT, TodoItem, more_line

MODULE, PAGE = "会议", "meetings"
SOON_DAYS = 7


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time()).astimezone()


def todo_items(session: Session, today: date) -> list[TodoItem]:
    return _unnotified(session, today) + _decisions(session, today) + _papers(session, today)


def _unnotified(session: Session, today: date) -> list[TodoItem]:
    """A meeting tomorrow, or up to the next working day (Monday's, seen on a Friday), with
    people still 未通知 is work for today."""
    start = _midnight(today + timedelta(days=1))
    end = _midnight(calendar.add_workdays(session, today, 1) + timedelta(days=1))
    waiting = (
        select(Meeting, func.count(MeetingAttendee.id))
        .join(MeetingAttendee, MeetingAttendee.meeting_id == Meeting.id)
        .where(
            Meeting.starts_at >= start,
            Meeting.starts_at < end,
            MeetingAttendee.notice == "未通知",
        )
        .group_by(Meeting.id)
        .order_by(Meeting.starts_at)
    )
    items = []
    for meeting, count in session.execute(waiting):
        at = meeting.starts_at.astimezone()
        where = meeting.room or "地点未定"
        items.append(
            TodoItem(
                MODULE,
                f"{meeting.name}（{_day_name(at.date(), today)}{at:%H:%M}，{where}）",
                f"还有{count}人未通知",
                severity="今日",
                page=PAGE,
                ref_id=meeting.id,
                action="通知参会人员并登记回执",
            )
        )
    return items


def _day_name(day: date, today: date) -> str:
    """明天, or the day and its weekday past a weekend or holiday (12月7日星期一)."""
    if day == today + timedelta(days=1):
        return "明天"
    return f"{day.month}月{day.day}日{calendar.weekday_name(day)}"


def _decisions(session: Session, today: date) -> list[TodoItem]:
    """议定事项 not yet sent to 督办, due within the week or overdue (sent ones are 督办's)."""
    horizon = today + timedelta(days=SOON_DAYS)
    stmt = (
        select(MeetingDecision, Meeting)
        .join(Meeting, Meeting.id == MeetingDecision.meeting_id)
        .where(MeetingDecision.task_id.is_(None), MeetingDecision.deadline <= horizon)
    )
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    items = []
    for item, meeting in session.execute(stmt.order_by(MeetingDecision.deadline).limit(TODO_LIMIT)):
        left = (item.deadline - today).days
        severity = "逾期" if left < 0 else ("今日" if left == 0 else "临期")
        when = f"已逾期{-left}天" if left < 0 else ("今天到期" if left == 0 else f"{left}天后到期")
        items.append(
            TodoItem(
                MODULE,
                item.matter,
                f"{meeting.name}，{item.dept}，{when}",
                item.deadline,
                left,
                severity,
                PAGE,
                meeting.id,
                action="转督办，催办责任单位",
            )
        )
    return items + more_line(MODULE, total - len(items), "议定事项本周到期", PAGE)


def _papers(session: Session, today: date) -> list[TodoItem]:
    """Printed materials of a past meeting not yet returned stay until they are."""
    stmt = (
        select(MeetingPaper, Meeting)
        .join(Meeting, Meeting.id == MeetingPaper.meeting_id)
        .where(MeetingPaper.returned_on.is_(None), Meeting.ends_at < _midnight(today))
    )
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    items = []
    for paper, meeting in session.execute(stmt.order_by(Meeting.starts_at).limit(TODO_LIMIT)):
        held = (today - meeting.starts_at.astimezone().date()).days
        items.append(
            TodoItem(
                MODULE,
                _paper_title(paper),
                f"{meeting.name}发给{paper.holder}，已{held}天未清退",
                severity="今日",
                page=PAGE,
                ref_id=meeting.id,
                action=f"向{paper.holder}收回材料并登记清退",
            )
        )
    return items + more_line(MODULE, total - len(items), "涉密材料未清退", PAGE)


def _paper_title(paper: MeetingPaper) -> str:
    numbers = f" {paper.serials}" if paper.serials else ""
    return f"{paper.title}（{paper.copies}份{numbers}）"

"""The year calendar: holidays and 调休 from the State Council notice, correctable locally."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.models.calendar import CalendarDay
from app.services import audit
from app.services.context import Perm, require
from app.services.errors import ValidationError

HOLIDAY = "节假日"
SHIFTED_WORKDAY = "调休上班"
PLAIN = "普通"  # a local correction back to the ordinary week
KINDS = (HOLIDAY, SHIFTED_WORKDAY)
_WEEKDAYS = "一二三四五六日"


def weekday_name(day: date) -> str:
    return "星期" + _WEEKDAYS[day.weekday()]


@dataclass(frozen=True)
class DayInfo:
    day: date
    workday: bool
    kind: str  # 工作日 | 周末 | 节假日 | 调休上班
    name: str
    source: str


def seed_year(session: Session, year: int) -> int:
    """Load one year's holidays and 调休 from chinesecalendar; local corrections are kept.

    Returns the number of days added; 0 when the package does not know the year yet.
    """
    import chinese_calendar

    try:
        chinese_calendar.is_holiday(date(year, 1, 1))
    except NotImplementedError:
        return 0
    local = set(session.scalars(select(CalendarDay.day).where(CalendarDay.source == "本地")))
    start, end = date(year, 1, 1), date(year, 12, 31)
    session.execute(
        delete(CalendarDay).where(CalendarDay.day.between(start, end), CalendarDay.source != "本地")
    )
    added = 0
    for day, kind, name in _notice_days(start, end):
        if day not in local:
            session.add(CalendarDay(day=day, kind=kind, name=name, source="国务院"))
            added += 1
    return added


def ensure_seeded(session: Session, year: int) -> bool:
    """Seed a year from the package the first time it is shown; False when it is unknown."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    known = session.scalar(
        select(func.count()).where(
            CalendarDay.day.between(start, end), CalendarDay.source != "本地"
        )
    )
    return bool(known) or seed_year(session, year) > 0


def _notice_days(start: date, end: date) -> list[tuple[date, str, str]]:
    """Named holidays (weekends inside them included) and weekend days made workdays."""
    import chinese_calendar

    days = []
    for offset in range((end - start).days + 1):
        day = start + timedelta(days=offset)
        on_holiday, name = chinese_calendar.get_holiday_detail(day)
        if name and on_holiday:
            days.append((day, HOLIDAY, _holiday_name(name)))
        elif name and day.weekday() >= 5:
            days.append((day, SHIFTED_WORKDAY, _holiday_name(name)))
    return days


_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}


def _holiday_name(name: object) -> str:
    return _NAMES.get(str(name), str(name or ""))


def days_in(session: Session, start: date, end: date) -> dict[date, CalendarDay]:
    stmt = select(CalendarDay).where(CalendarDay.day.between(start, end))
    return {row.day: row for row in session.scalars(stmt)}


def day_info(special: dict[date, CalendarDay], day: date) -> DayInfo:
    row = special.get(day)
    if row is not None and row.kind in KINDS:
        return DayInfo(day, row.kind == SHIFTED_WORKDAY, row.kind, row.name, row.source)
    weekend = day.weekday() >= 5
    source = row.source if row is not None else ""  # a local "普通" day overrides the notice
    return DayInfo(day, not weekend, "周末" if weekend else "工作日", "", source)


def month(session: Session, year: int, month_no: int) -> list[DayInfo]:
    start = date(year, month_no, 1)
    end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    special = days_in(session, start, end)
    return [day_info(special, start + timedelta(n)) for n in range((end - start).days + 1)]


def is_workday(session: Session, day: date) -> bool:
    return day_info(days_in(session, day, day), day).workday


def add_workdays(session: Session, start: date, count: int) -> date:
    """The date `count` working days after start (start itself not counted)."""
    special = days_in(session, start, start + timedelta(days=count * 3 + 30))
    day, left = start, count
    while left > 0:
        day += timedelta(days=1)
        if day_info(special, day).workday:
            left -= 1
    return day


def set_day(session: Session, /, day: date, kind: str | None, name: str = "") -> None:
    """A local correction: kind None returns the day to the plain week."""
    require(session, Perm.EDIT_REGISTERS)
    if kind is not None and kind not in KINDS:
        raise ValidationError(f"日期类型只能是{'、'.join(KINDS)}", "kind")
    row = session.get(CalendarDay, day)
    before = None if row is None else {"类型": row.kind, "名称": row.name}
    if row is not None:
        session.delete(row)
        session.flush()
    session.add(CalendarDay(day=day, kind=kind or PLAIN, name=name, source="本地"))
    audit.record(session, "修改", "日历", day.isoformat(), before=before,
                 after={"类型": kind or PLAIN, "名称": name})  # fmt: skip

"""The year calendar: holidays and 调休 from the State Council notice, correctable locally."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.models.calendar import CalendarDay
from app.services import audit, versions
from app.services.context import Perm, require
from app.services.errors import ValidationError
from app.services.registry import TodoItem

HOLIDAY = "节假日"
SHIFTED_WORKDAY = "调休上班"
PLAIN = "普通"  # a local correction back to the ordinary week
KINDS = (HOLIDAY, SHIFTED_WORKDAY)
NOTICE, STATUTORY, LOCAL = "国务院", "法定", "本地"  # where a day's entry came from
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

    A year the package does not know yet gets the statutory days of 全国年节及纪念日放假办法
    (source 法定): its 调休 are then unknown until the clerk enters the State Council's notice.
    Returns the number of days added.
    """
    import chinese_calendar

    start, end = date(year, 1, 1), date(year, 12, 31)
    try:
        chinese_calendar.is_holiday(start)
        days, source = _notice_days(start, end), NOTICE
    except NotImplementedError:
        days, source = statutory_days(year), STATUTORY
    return replace_year(session, year, days, source)


def replace_year(session: Session, year: int, days: list[tuple[date, str, str]],
                 source: str) -> int:  # fmt: skip
    """Put a year's holidays and 调休 in place of what was loaded before; local days stay."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    local = set(session.scalars(select(CalendarDay.day).where(
        CalendarDay.day.between(start, end), CalendarDay.source == LOCAL)))  # fmt: skip
    session.execute(
        delete(CalendarDay).where(CalendarDay.day.between(start, end), CalendarDay.source != LOCAL)
    )
    added = 0
    for day, kind, name in days:
        if day not in local:
            session.add(CalendarDay(day=day, kind=kind, name=name, source=source))
            added += 1
    session.flush()
    return added


# "Chinese New Year" first: "Chinese New Year's Eve" also holds "New Year"
_STATUTORY_NAMES = (("Chinese New Year", "春节"), ("New Year", "元旦"), ("Tomb", "清明节"),
                    ("Labor", "劳动节"), ("Labour", "劳动节"), ("Dragon Boat", "端午节"),
                    ("Mid-Autumn", "中秋节"), ("National Day", "国庆节"))  # fmt: skip


def statutory_days(year: int) -> list[tuple[date, str, str]]:
    """The days off fixed by law (春节 from 除夕, four days; 劳动节 two; lunar dates computed),
    without the 调休 the State Council adds each year (the package's "observed" days)."""
    from holidays.countries.china import China

    days = []
    for day, label in sorted(China(years=year).items()):
        names = [n for n in str(label).split("; ") if "observed" not in n]
        found = [next((zh for en, zh in _STATUTORY_NAMES if en in n), "") for n in names]
        if any(found):
            days.append((day, HOLIDAY, "、".join(dict.fromkeys(z for z in found if z))))
    return days


def shifts_unknown(session: Session, year: int, *, seed: bool = True) -> bool:
    """True when the year's 调休 are not yet entered (statutory days only, or nothing loaded).

    seed=False only reads: 首页 asks inside a read-only unit of work, where seeding the year
    would be a write that fails at once while another window writes."""
    if seed:
        ensure_seeded(session, year)
    start, end = date(year, 1, 1), date(year, 12, 31)
    stmt = select(CalendarDay.source).where(
        CalendarDay.day.between(start, end), CalendarDay.source != LOCAL
    )
    sources = set(session.scalars(stmt.distinct()))
    return NOTICE not in sources if sources else not _package_knows(year)


def _package_knows(year: int) -> bool:
    """Whether chinesecalendar carries the State Council's notice for this year."""
    import chinese_calendar

    try:
        chinese_calendar.is_holiday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def unknown_note(session: Session, years: set[int], *, seed: bool = True) -> str:
    """ "2027年节假日安排未录入" for the years whose 调休 are unknown, else ""."""
    unknown = sorted(y for y in years if shifts_unknown(session, y, seed=seed))
    return "、".join(f"{y}年" for y in unknown) + "节假日安排未录入" if unknown else ""


def roll_past_holiday(session: Session, day: date) -> date:
    """A period's last day on a 法定节假日 moves to the next working day (民法典 art. 203)."""
    return rolled(days_in(session, day, day + timedelta(days=30)), day)


def rolled(special: Mapping[date, CalendarDay], day: date) -> date:
    """roll_past_holiday over special days already read (a list of cases reads them once)."""
    if day_info(special, day).kind != HOLIDAY:
        return day
    while not day_info(special, day).workday:
        day += timedelta(days=1)
    return day


def years_seeded(session: Session, /, year: int) -> bool:
    """Whether this year and the next (where late deadlines fall) are seeded: a read."""
    return all(is_seeded(session, each) for each in (year, year + 1))


def seed_years(session: Session, /, year: int) -> None:
    """Seed this year and the next now, in a write unit of its own, so that a read of clocks
    off the GUI thread (首页, 来访) never has to write beside the window's own reads."""
    for each in (year, year + 1):
        ensure_seeded(session, each)


def ensure_seeded(session: Session, year: int) -> bool:
    """Seed a year from the package the first time it is shown; False when it is unknown."""
    return is_seeded(session, year) or seed_year(session, year) > 0


def is_seeded(session: Session, year: int) -> bool:
    """Whether the year has days from the notice or the law (a read: no write lock)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    known = session.scalar(
        select(func.count()).where(CalendarDay.day.between(start, end), CalendarDay.source != LOCAL)
    )
    return bool(known)


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


def day_info(special: Mapping[date, CalendarDay], day: date) -> DayInfo:
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
    return workdays_after(days_in(session, start, start + timedelta(days=count * 3 + 30)), start,
                          count)  # fmt: skip


def workdays_after(special: Mapping[date, CalendarDay], start: date, count: int) -> date:
    """add_workdays over special days already read."""
    day, left = start, count
    while left > 0:
        day += timedelta(days=1)
        if day_info(special, day).workday:
            left -= 1
    return day


def set_day(
    session: Session, /, day: date, kind: str | None, name: str = "", seen: DayInfo | None = None
) -> None:
    """A local correction: kind None returns the day to the plain week.

    seen: the day as the clerk's calendar showed it; changed since, the save is refused."""
    require(session, Perm.EDIT_REGISTERS)
    now = day_info(days_in(session, day, day), day)
    versions.check_value(session, seen, now, "日历", (day.isoformat(),), f"{day:%Y年%m月%d日}")
    if kind is not None and kind not in KINDS:
        raise ValidationError(f"日期类型只能是{'、'.join(KINDS)}", "kind")
    row = session.get(CalendarDay, day)
    before = None if row is None else {"类型": row.kind, "名称": row.name}
    if row is not None:
        session.delete(row)
        session.flush()
    session.add(CalendarDay(day=day, kind=kind or PLAIN, name=name, source=LOCAL))
    audit.record(session, "修改", "日历", day.isoformat(), before=before,
                 after={"类型": kind or PLAIN, "名称": name})  # fmt: skip


def todo_items(session: Session, today: date) -> list[TodoItem]:
    """首页: one line for this year (and, in December, next year) whose 调休 are unknown."""
    years = {today.year} | ({today.year + 1} if today.month == 12 else set())
    note = unknown_note(session, years, seed=False)  # 首页 reads only
    hint = "请在 设置 → 节假日 粘贴国务院办公厅通知"
    return [TodoItem("日历", note, hint, page="settings")] if note else []

"""The State Council's yearly holiday notice (国务院办公厅…节假日安排的通知), read into days."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from app.services import audit, calendar
from app.services.context import Perm, require
from app.services.errors import ValidationError

_YEAR = re.compile(r"关于\s*(\d{4})\s*年")
# a section starts a line or follows a full stop: "正月初七、周二" inside a line is none
_SECTION = re.compile(r"(?:^|(?<=[。\n]))\s*[一二三四五六七八九十]+、\s*([^：:。\n]+)[：:]", re.M)
_DAY = re.compile(r"(?:(\d{1,2})月)?(\d{1,2})日(?:（[^）]*）|\([^)]*\))?")


@dataclass(frozen=True)
class NoticeDay:
    day: date
    kind: str  # 节假日 | 调休上班
    name: str


@dataclass(frozen=True)
class Notice:
    year: int
    days: tuple[NoticeDay, ...]

    @property
    def days_off(self) -> int:
        return sum(d.kind == calendar.HOLIDAY for d in self.days)


def parse(text: str, year: int | None = None) -> Notice:
    """放假 ranges and 上班 days of each section ("一、元旦：…"); nothing found is an error."""
    found = _YEAR.search(text)
    year = year or (int(found[1]) if found else None)
    if year is None:
        raise ValidationError("通知里没有看到年份，请连同标题一起粘贴。", field="notice")
    heads = list(_SECTION.finditer(text))
    days: dict[date, NoticeDay] = {}
    for n, head in enumerate(heads):
        end = heads[n + 1].start() if n + 1 < len(heads) else len(text)
        for item in _section_days(year, head[1].strip(), text[head.end() : end]):
            days[item.day] = item
    if not any(d.kind == calendar.HOLIDAY for d in days.values()):
        raise ValidationError(
            "没有从通知中读到放假安排：应有“一、元旦：1月1日放假……”这样的条目。", field="notice"
        )
    return Notice(year, tuple(sorted(days.values(), key=lambda d: d.day)))


def _section_days(year: int, name: str, body: str) -> list[NoticeDay]:
    out: list[NoticeDay] = []
    for sentence in re.split(r"[。；;]", body):
        if "放假" in sentence:
            head = sentence[: sentence.index("放假")]
            out += [NoticeDay(d, calendar.HOLIDAY, name) for d in _range(year, head)]
        elif "上班" in sentence:
            out += [NoticeDay(d, calendar.SHIFTED_WORKDAY, name) for d in _dates(year, sentence)]
    return out


def _dates(year: int, text: str) -> list[date]:
    """Each 月日 in the text; a bare 日 takes the month before it (10月1日至7日)."""
    out, month = [], None
    for found in _DAY.finditer(text):
        month = int(found[1]) if found[1] else month
        if month is None:
            continue
        try:
            out.append(date(year, month, int(found[2])))
        except ValueError as exc:
            raise ValidationError(f"通知中的日期“{found[0]}”不存在。", field="notice") from exc
    return out


def _range(year: int, text: str) -> list[date]:
    """ "1月28日（…）至2月4日（…）" → every day between; one date → that day."""
    ends = _dates(year, text)
    if not ends:
        return []
    first, last = ends[0], ends[-1] if "至" in text else ends[0]
    if last < first:
        raise ValidationError(f"通知中的放假起止日期{first}至{last}颠倒了。", field="notice")
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def save(session: Session, /, notice: Notice) -> int:
    """What the clerk confirmed replaces the year's loaded days; local corrections stay."""
    require(session, Perm.EDIT_REGISTERS)
    days = [(d.day, d.kind, d.name) for d in notice.days]
    added = calendar.replace_year(session, notice.year, days, calendar.NOTICE)
    audit.record(session, "导入", "日历", str(notice.year),
                 after={"放假": notice.days_off, "调休上班": len(days) - notice.days_off},
                 summary=f"录入{notice.year}年国务院节假日安排")  # fmt: skip
    return added

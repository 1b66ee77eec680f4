"""Local practice of the duty office, kept in settings: shift rules, limits, phones."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from app.services import settings, versions
from app.services.errors import ValidationError

RULES = "duty.rules"  # {"工作日": {"staff": 1, "start": "17:30", "end": "08:30", "weight": 1}, …}
PHONE_LIMIT = "duty.emergency_phone_minutes"  # 突发事件 电话报告 within (default 30)
WRITTEN_LIMIT = "duty.emergency_written_minutes"  # 书面报告 within (default 60)
DUTY_PHONE = "duty.phone"  # 值班电话 (landline)
DUTY_FAX = "duty.fax"  # 传真
REPORTER = "duty.reporter"  # 填报人 of the county return
REPORTER_PHONE = "duty.reporter_phone"
REVIEWER = "duty.reviewer"  # 审核人
ROSTER_TEMPLATE = "duty.roster_template"  # the county's own .xlsx 节假日值班表 template
SHIFT_CHANGE = "duty.shift_change"  # the morning hand-over time, "08:30"

WORKDAY, WEEKEND, HOLIDAY = "工作日", "周末", "节假日"
DAY_KINDS = (WORKDAY, WEEKEND, HOLIDAY)
UNAVAILABLE_KINDS = ("休假", "出差", "培训")
ENTRY_KINDS = ("来电", "来文", "来访", "突发事件", "领导交办")

_DEFAULT_RULES: dict[str, dict[str, Any]] = {
    WORKDAY: {"staff": 1, "start": "17:30", "end": "08:30", "weight": 1},
    WEEKEND: {"staff": 1, "start": "08:30", "end": "08:30", "weight": 2},
    HOLIDAY: {"staff": 2, "start": "08:30", "end": "08:30", "weight": 3},
}


@dataclass(frozen=True)
class ShiftRule:
    """How one kind of day is staffed: always one 带班领导 plus `staff` 值班人员."""

    kind: str
    staff: int
    start: str
    end: str
    weight: int

    @property
    def span(self) -> str:
        return f"{self.start}—次日{self.end}"


def rules(session: Session) -> dict[str, ShiftRule]:
    saved = settings.get(session, RULES, {}) or {}
    out = {}
    for kind in DAY_KINDS:
        values = {**_DEFAULT_RULES[kind], **saved.get(kind, {})}
        out[kind] = ShiftRule(
            kind,
            int(values["staff"]),
            str(values["start"]),
            str(values["end"]),
            int(values["weight"]),
        )
    return out


def save_rules(session: Session, /, new: dict[str, ShiftRule]) -> None:
    for rule in new.values():
        if rule.staff < 1 or rule.staff > 10:
            raise ValidationError("每班值班人员应为 1 至 10 人", "staff")
        if rule.weight < 1:
            raise ValidationError("班次分值至少为 1", "weight")
        for text in (rule.start, rule.end):
            _check_hhmm(text)
    value = {
        r.kind: {"staff": r.staff, "start": r.start, "end": r.end, "weight": r.weight}
        for r in new.values()
    }
    settings.put(session, RULES, value)


def _check_hhmm(text: str) -> None:
    hours, _, minutes = text.partition(":")
    if not (hours.isdigit() and minutes.isdigit() and int(hours) < 24 and int(minutes) < 60):
        raise ValidationError(f"时间“{text}”应写成 时:分，如 17:30", "time")


def minutes_of(text: str) -> int:
    hours, _, minutes = text.partition(":")
    return int(hours) * 60 + int(minutes)


def limits(session: Session) -> tuple[int, int]:
    """Minutes allowed for the phone and the written report of a 突发事件."""
    return (
        int(settings.get(session, PHONE_LIMIT, 30)),
        int(settings.get(session, WRITTEN_LIMIT, 60)),
    )


def text(session: Session, key: str, default: str = "") -> str:
    return str(settings.get(session, key, default) or default)


@dataclass(frozen=True)
class Practice:
    """The duty office's local practice as one form (rules, limits, phones, signers)."""

    rules: dict[str, ShiftRule]
    phone_minutes: int
    written_minutes: int
    duty_phone: str
    fax: str
    reporter: str
    reporter_phone: str
    reviewer: str


_TEXTS = (
    ("duty_phone", DUTY_PHONE),
    ("fax", DUTY_FAX),
    ("reporter", REPORTER),
    ("reporter_phone", REPORTER_PHONE),
    ("reviewer", REVIEWER),
)


def practice(session: Session) -> Practice:
    phone, written = limits(session)
    texts = {name: text(session, key) for name, key in _TEXTS}
    return Practice(rules(session), phone, written, **texts)


def save_practice(session: Session, /, form: Practice, seen: Practice | None = None) -> None:
    """Save every local-practice setting of 值班 (needs the right to change settings).

    seen: the settings as the dialog loaded them; changed since, the save is refused."""
    keys = (RULES, PHONE_LIMIT, WRITTEN_LIMIT, *(key for _name, key in _TEXTS))
    versions.check_value(session, seen, practice(session), "设置", keys, "值班的班次规则与本地做法")
    if not 1 <= form.phone_minutes <= form.written_minutes <= 24 * 60:
        raise ValidationError("报告时限应为 1 分钟以上，且电话报告不晚于书面报告", "phone_minutes")
    save_rules(session, form.rules)
    settings.put(session, PHONE_LIMIT, form.phone_minutes)
    settings.put(session, WRITTEN_LIMIT, form.written_minutes)
    for name, key in _TEXTS:
        settings.put(session, key, str(getattr(form, name)).strip())

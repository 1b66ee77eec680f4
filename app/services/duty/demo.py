"""值班 demo data: staff (a fifth of them leaders), two months of roster, a few log entries."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from app import clock
from app.services.duty.config import SHIFT_CHANGE, minutes_of, text
from app.services.duty.log import (
    EMERGENCY,
    EntryForm,
    add_entry,
    call_form,
    close_entry,
    entries,
    handover,
    handovers,
    mark_zero_report,
    moment_in_shift,
    shift_day_of,
)
from app.services.duty.roster import generate, on_duty
from app.services.duty.staff import DutyPersonForm, add_absence, add_person, people

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"
_DEPTS = ("党政办", "经发办", "社事办", "综治办", "农业服务中心", "财政所")
# A township has one of each post but several 副镇长: the extra leaders are 副镇长.
_LEAD_TITLES = ("党委书记", "镇长", "党委副书记", "人大主席", "纪委书记", "武装部长", "组织委员")


def _lead_titles(taken: set[str]) -> Iterator[str]:
    """Each single post once (skipping those already on the list), then 副镇长."""
    yield from (title for title in _LEAD_TITLES if title not in taken)
    while True:
        yield "副镇长"


def demo(session: Session, size: int, rng: random.Random) -> int:
    """About size/10 people (a fifth of them leaders), two months of roster, some log entries."""
    count = max(12, min(60, size // 10))
    names: set[str] = {p.name for p in people(session)}
    titles = _lead_titles({p.title for p in people(session)})
    for n in range(count):
        name = rng.choice(_SURNAMES) + rng.choice(_GIVEN) + rng.choice(("", *_GIVEN))
        while name in names:
            name += rng.choice(_GIVEN)
        names.add(name)
        lead = n < max(3, count // 5)
        pid = add_person(
            session,
            DutyPersonForm(
                name,
                next(titles) if lead else "科员",
                rng.choice(_DEPTS),
                f"139{rng.randrange(10**8):08d}",
                lead,
            ),
        )
        if rng.random() < 0.15:
            start = clock.today() + timedelta(days=rng.randrange(40))
            add_absence(
                session, pid, rng.choice(("休假", "出差", "培训")), start, start + timedelta(days=3)
            )
    # from the month's first day, or from the oldest log entry's day early in a month
    start = min(clock.today().replace(day=1), clock.today() - timedelta(days=LOG_DAYS + 1))
    generate(session, start, clock.today().replace(day=1) + timedelta(days=60))
    return count + _demo_log(session, rng)


LOG_DAYS = 8  # the log's calls go back this many shifts


def _on_duty(session: Session, day: date) -> tuple[str, str]:
    """(who kept the log that shift, when the shift began): the roster's 值班员 and start."""
    row = on_duty(session, day)
    if row is None:
        return "值班员", "17:30"
    keeper = row.staff[0] if row.staff else row.leader
    return keeper.name, row.shift.split("—")[0]


def _in_shift(session: Session, rng: random.Random, day: date) -> tuple[datetime, str]:
    """A moment of day's shift while the office is shut (evening on a working day, any time
    of a rest day), and who logged it."""
    keeper, start = _on_duty(session, day)
    begin = minutes_of(start)
    minute = rng.randrange(begin, min(begin + 300, 23 * 60))
    return moment_in_shift(session, day, f"{minute // 60:02d}:{minute % 60:02d}"), keeper


def _demo_log(session: Session, rng: random.Random) -> int:
    now = clock.utcnow()
    calls = (
        ("县委办", "县委办值班室", "转发寒潮预警，请做好防范"),
        ("派出所", "值班民警", "辖区道路结冰通报"),
        ("县应急局", "值班员", "核实森林防火值守情况"),
    )
    n = 0
    today = shift_day_of(session, now)
    for back in range(2, LOG_DAYS + 1):
        unit, who, what = rng.choice(calls)
        at, keeper = _in_shift(session, rng, today - timedelta(days=back))
        phone = f"0571-{rng.randrange(10**8):08d}"
        entry_id = add_entry(session, call_form(at, unit, who, phone, what, "请按要求落实", keeper))
        if back > 3:
            close_entry(session, entry_id, "已按要求转告相关领导并落实")
        n += 1
    day = today - timedelta(days=3)
    if not handovers(session, day, day):  # at the next morning's change, to the next 值班员
        morning = moment_in_shift(
            session, day + timedelta(days=1), text(session, SHIFT_CHANGE, "08:30")
        )
        handover(session, day, _on_duty(session, day)[0],
                 _on_duty(session, day + timedelta(days=1))[0], morning)  # fmt: skip
    quiet = today - timedelta(days=1)
    if not entries(session, quiet, quiet):
        mark_zero_report(session, quiet, _on_duty(session, quiet)[0])
    add_entry(
        session,
        EntryForm(
            now - timedelta(minutes=40),
            EMERGENCY,
            "某村一处民房起火，无人员伤亡",
            _on_duty(session, today)[0],
            "某村村委",
            "村支书",
            "13900000000",
        ),
    )
    return n + 1

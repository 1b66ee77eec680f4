"""How 值班 plugs into the house: import/export kinds, 首页's 待办, demo data."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy.orm import Session

from app import clock
from app.services.duty import exchange
from app.services.duty.log import (
    EMERGENCY,
    EntryForm,
    add_entry,
    call_form,
    close_entry,
    emergency_warnings,
    entries,
    handover,
    handovers,
    mark_zero_report,
    shift_day_of,
)
from app.services.duty.roster import RosterDayRow, generate, on_duty
from app.services.duty.staff import PersonForm, add_absence, add_person, people
from app.services.headers import REQUIRED
from app.services.registry import (
    ExportKind,
    ImportKind,
    TodoItem,
    register_demo,
    register_export,
    register_import,
    register_todo,
)


def _who(row: RosterDayRow) -> str:
    lead = f"带班 {row.leader.name}（{row.leader.title}，{row.leader.phone or '无手机'}）"
    staff = "、".join(f"{p.name}（{p.phone or '无手机'}）" for p in row.staff)
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
            )
        )
    row = on_duty(session, today)
    if row is not None:
        when = "今日值班（24小时）" if row.kind != "工作日" else "今晚值班"
        items.append(TodoItem("值班", f"{when} {row.shift}", _who(row), today, 0, "今日", "duty"))
    else:
        items.append(
            TodoItem("值班", "今日尚未排班", "请在“值班—排班”中生成排班", today, 0, "提示", "duty")
        )
    for w in emergency_warnings(session):
        items.append(TodoItem("值班", w.text, "", today, 0, "逾期", "duty", w.entry_id))
    return items


_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"
_DEPTS = ("党政办", "经发办", "社事办", "综治办", "农业服务中心", "财政所")
_LEAD_TITLES = ("党委书记", "镇长", "党委副书记", "副镇长", "人大主席", "纪委书记", "武装部长")


def demo(session: Session, size: int, rng: random.Random) -> int:
    """About size/10 people (a fifth of them leaders), two months of roster, some log entries."""
    count = max(12, min(60, size // 10))
    names: set[str] = {p.name for p in people(session)}
    for n in range(count):
        name = rng.choice(_SURNAMES) + rng.choice(_GIVEN) + rng.choice(("", *_GIVEN))
        while name in names:
            name += rng.choice(_GIVEN)
        names.add(name)
        lead = n < max(3, count // 5)
        pid = add_person(
            session,
            PersonForm(
                name,
                _LEAD_TITLES[n % 7] if lead else "科员",
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
    start = clock.today().replace(day=1)
    generate(session, start, start + timedelta(days=60))
    return count + _demo_log(session, rng)


def _demo_log(session: Session, rng: random.Random) -> int:
    now = clock.utcnow()
    calls = (
        ("县委办", "县委办值班室", "转发寒潮预警，请做好防范"),
        ("派出所", "值班民警", "辖区道路结冰通报"),
        ("县应急局", "值班员", "核实森林防火值守情况"),
    )
    n = 0
    for back in range(2, 9):
        unit, who, what = rng.choice(calls)
        at = now - timedelta(days=back, hours=rng.randrange(6))
        phone = f"0571-{rng.randrange(10**8):08d}"
        entry_id = add_entry(
            session, call_form(at, unit, who, phone, what, "请按要求落实", "值班员")
        )
        if back > 3:
            close_entry(session, entry_id, "已按要求转告相关领导并落实")
        n += 1
    day = shift_day_of(session, now - timedelta(days=3))
    if not handovers(session, day, day):
        handover(session, day, "值班员", "接班员", now - timedelta(days=2))
    quiet = (now - timedelta(days=1)).astimezone().date()
    if not entries(session, quiet, quiet):
        mark_zero_report(session, quiet, "值班员")
    add_entry(
        session,
        EntryForm(
            now - timedelta(minutes=40),
            EMERGENCY,
            "某村一处民房起火，无人员伤亡",
            "值班员",
            "某村村委",
            "村支书",
            "13900000000",
        ),
    )
    return n + 1


register_import(
    ImportKind("staff", "值班人员", exchange.STAFF_COLUMNS, REQUIRED["staff"], exchange.load_staff)
)
register_import(
    ImportKind(
        "roster",
        "排班表",
        exchange.ROSTER_COLUMNS,
        REQUIRED["roster"],
        exchange.load_roster,
    )
)
register_export(ExportKind("staff", "值班人员名单", exchange.staff_table))
register_export(ExportKind("roster", "节假日值班表", exchange.roster_table, exchange.write_roster))
register_export(ExportKind("duty-log", "值班日志", exchange.log_table))
register_todo("值班", todos)
register_demo("值班", demo)

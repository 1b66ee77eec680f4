"""Demo meetings for `demo --size N`: a season of 党委会, 常务会, 联席会 and 专题会 with their
lists, 议题, 记录, 纪要 and 议定事项 in 督办, plus what 首页 should show tomorrow."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from sqlalchemy.orm import Session

from app import clock
from app.services import audit, office_hours
from app.services.context import Perm, require
from app.services.errors import ValidationError
from app.services.filing import tasks
from app.services.meetings import attendance, decisions, entries, minutes, papers
from app.services.meetings.dto import (
    AttendeeForm,
    DecisionForm,
    MeetingForm,
    PaperForm,
    TopicForm,
)

PARTY = (
    ("王建国", "党委书记"),
    ("张明", "党委副书记、镇长"),
    ("李华", "党委副书记"),
    ("赵强", "纪委书记"),
    ("陈静", "组织委员"),
    ("刘洋", "宣传委员"),
    ("周涛", "武装部长"),
)
GOVERNMENT = (
    ("张明", "镇长"),
    ("孙丽", "副镇长"),
    ("吴刚", "副镇长"),
    ("郑伟", "副镇长"),
    ("冯敏", "财政所所长"),
)
OBSERVERS = (("何平", "党政办主任"), ("马超", "农业农村办主任"))
# 类型, weekday, hour, room, people
SCHEDULE = (
    ("党委会", 0, 9, "一楼会议室", PARTY),
    ("政府常务会", 2, 9, "三楼会议室", GOVERNMENT),
    ("专题会", 3, 14, "党建活动室", GOVERNMENT[:3]),
)
TOPICS = (
    "研究秋冬季森林防火工作",
    "审议镇财政预算执行情况",
    "研究高标准农田建设推进事项",
    "听取安全生产大检查情况汇报",
    "研究农村人居环境整治工作",
    "审议村级集体经济发展方案",
    "研究防汛抗旱物资储备",
    "听取信访维稳工作情况汇报",
    "研究招商引资重点项目推进",
    "审议干部教育培训计划",
)
MATTERS = (
    ("完成{}片区排查整改", "应急办"),
    ("制定{}工作方案并报党委审定", "党政办"),
    ("落实{}资金拨付", "财政所"),
    ("组织{}专项督查", "纪委"),
    ("推进{}项目开工", "经发办"),
    ("开展{}入户宣传", "宣传办"),
)
PLACES = ("东山村", "西河村", "南湖社区", "北岭村", "镇区")
ABSENCE = ("出差", "请假", "参加县里会议")


def fill(session: Session, size: int, rng: random.Random) -> int:
    """Weekly meetings over the last 16 weeks and the next one; about size/40, at most 60."""
    require(session, Perm.EDIT_REGISTERS)
    today = clock.today()
    weeks = max(2, min(20, size // 120))
    made = 0
    monday = today - timedelta(days=today.weekday())
    days = office_hours.Workdays(session, monday - timedelta(weeks=weeks), monday + timedelta(14))
    for week in range(-weeks, 2):
        for kind, weekday, hour, room, people in SCHEDULE:
            day = monday + timedelta(weeks=week, days=weekday)
            if (kind == "专题会" and rng.random() < 0.5) or not days.is_workday(day):
                continue  # no meeting on a holiday
            _meeting(session, rng, kind, (day, hour), room, people, days)
            made += 1
    made += _tomorrow(session, days.after(today, 1))
    audit.record(session, "新增", "会议", "", summary=f"演示数据：会议 {made} 次")
    return made


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour)).astimezone()


def _meeting(
    session: Session,
    rng: random.Random,
    kind: str,
    when: tuple[date, int],
    room: str,
    people: Sequence[tuple[str, str]],
    days: office_hours.Workdays,
) -> int:
    day, hour = when
    today = clock.today()
    secret = kind == "党委会" and rng.random() < 0.15
    form = MeetingForm(
        kind,
        _at(day, hour),
        room=room,
        host=people[0][0],
        recorder="何平",
        secrecy="秘密" if secret else None,
        contact="何平",
        phone="0571-8888 6001",
        requirements="请提前准备汇报材料，准时参会。",
    )
    mid = entries.create_meeting(session, form)
    attendance.set_attendees(
        session,
        mid,
        [AttendeeForm(n, "镇党委政府", t) for n, t in people]
        + [AttendeeForm(n, "镇机关", t, "列席") for n, t in OBSERVERS],
    )
    picked = rng.sample(TOPICS, rng.randint(2, 4))
    entries.set_topics(session, mid, [TopicForm(t) for t in picked])
    if day > today:
        _partly_notified(session, rng, mid)
        return mid
    _held(session, rng, mid, secret)
    if secret:
        papers.add_paper(session, mid, PaperForm("干部考察材料", people[1][0], 1, "01"))
        for p in papers.papers_of(session, mid):
            if (today - day).days > 7:
                papers.return_paper(session, p.id, "何平", day)
    else:
        _minutes(session, rng, mid, day, days)
    return mid


def _partly_notified(session: Session, rng: random.Random, mid: int) -> None:
    for person in attendance.attendees_of(session, mid):
        if rng.random() < 0.6:
            attendance.set_notice(session, person.id, rng.choice(("已通知", "已回执")))


def _held(session: Session, rng: random.Random, mid: int, secret: bool) -> None:
    attendance.mark_all_notified(session, mid)
    for person in attendance.attendees_of(session, mid):
        roll = rng.random()
        if roll < 0.08 and person.role == "参会":
            attendance.sign_in(session, person.id, False, absent_reason=rng.choice(ABSENCE))
        else:
            attendance.sign_in(session, person.id, True, late=roll > 0.95)
    if not secret:
        for topic in entries.topics_of(session, mid):
            entries.save_record(
                session, topic.id, f"与会人员就{topic.title}进行了讨论，会议原则同意。"
            )


def _minutes(
    session: Session, rng: random.Random, mid: int, day: date, days: office_hours.Workdays
) -> None:
    """议定事项 due on working days; the 纪要 signed two working days after the meeting."""
    today = clock.today()
    for _ in range(rng.randint(1, 3)):
        pattern, dept = rng.choice(MATTERS)
        deadline = days.on_or_after(day + timedelta(days=rng.randint(7, 45)))
        form = DecisionForm(pattern.format(rng.choice(PLACES)), dept, deadline, "张明", "")
        decisions.add_decision(session, mid, form)
    issued = days.after(day, 2)
    if issued > today:
        return  # this week's meeting: the 纪要 is still being drafted
    minutes.number_minutes(session, mid)
    minutes.issue_minutes(session, mid, issued)
    if rng.random() < 0.5:
        minutes.register_as_outgoing(session, mid)
    for task_id in decisions.send_all(session, mid):
        row = tasks.get_task(session, task_id)
        finish = days.on_or_before(row.deadline + timedelta(days=rng.randint(-10, 5)))
        if finish <= today and rng.random() < 0.85:
            done = max(finish, row.assigned_on)
            tasks.finish_task(session, task_id, done, "已按要求完成，佐证材料已归档")


def _tomorrow(session: Session, day: date) -> int:
    """A 党政联席会 on the next working day's afternoon with people not yet told: 首页's
    item for today."""
    form = MeetingForm(
        "党政联席会",
        _at(day, 15),
        room="一楼会议室",
        host="王建国",
        recorder="何平",
        contact="何平",
        phone="0571-8888 6001",
    )
    try:
        mid = entries.create_meeting(session, form)
    except ValidationError:  # the room is taken by a scheduled meeting: skip it
        return 0
    attendance.set_attendees(session, mid, [AttendeeForm(n, "镇党委政府", t) for n, t in PARTY])
    entries.set_topics(session, mid, [TopicForm("研究年终工作考核方案")])
    return 1

"""Demo 来访 cases: villagers of a plausible township with the issues townships really hear."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from app import clock
from app.services import audit, office_hours
from app.services.context import Perm, require
from app.services.visits import bulk, cases, rules

VILLAGES = ("东湖村", "西岗村", "南塘村", "北庄村", "桥头村", "柳河村", "新华社区", "镇南社区")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = ("建国", "秀英", "桂兰", "志强", "海燕", "德明", "玉梅", "文华", "春生", "小红", "永福")
ISSUES = (
    ("申诉求决类", "宅基地边界与邻居发生纠纷", "请求镇里组织丈量确权"),
    ("申诉求决类", "土地流转租金拖欠两年未付", "请求督促合作社支付租金"),
    ("申诉求决类", "低保资格被取消，家庭确有困难", "请求重新审核低保资格"),
    ("申诉求决类", "拆迁安置补偿款计算有误", "请求核实补偿面积"),
    ("申诉求决类", "农民工工资被包工头拖欠", "请求协调追讨工资"),
    ("建议意见类", "村道路灯损坏夜间出行不便", "建议尽快维修路灯"),
    ("建议意见类", "建议在村口增设公交站点", "增设站点方便老人出行"),
    ("建议意见类", "河道垃圾堆积影响环境", "建议定期清理河道"),
    ("检举控告类", "反映村干部在工程发包中优亲厚友", "请求调查处理"),
    ("检举控告类", "反映村集体资金使用不公开", "请求审计村集体账目"),
)
STAFF = ("李文书", "王干事", "赵干事")
LEADERS = ("张镇长", "刘书记", "陈副镇长")
UNITS = ("镇农业农村办", "镇民政办", "镇自然资源所", "镇综治中心", "镇城建办", "镇纪委")
COUNTY = ("县人力资源和社会保障局", "县自然资源和规划局", "县住房和城乡建设局")


def fill(session: Session, size: int, rng: random.Random) -> int:
    """About one case for every four register rows asked for, over the last 300 days.

    Written in bulk (50,000 cases take seconds, not the quarter hour one register_case
    each would): checked, numbered in order of receipt and linked to the person's earlier
    case as register_case does; one audit line in all.
    """
    require(session, Perm.EDIT_REGISTERS)
    today = clock.today()
    days = office_hours.Workdays(session, today - timedelta(days=300), today - timedelta(days=1))
    drawn = [_draw(rng, days, today) for _ in range(max(10, size // 4))]
    drawn.sort(key=lambda d: d[0].received_at)  # the register numbers cases as they come
    for form, _ in drawn:
        cases.check_form(form)
    rows = bulk.add_cases(session, drawn)
    audit.record(session, "新增", "来访", "", summary=f"演示数据：来访 {len(rows)} 件")
    return len(rows)


def _draw(
    rng: random.Random, days: office_hours.Workdays, today: date
) -> tuple[cases.CaseForm, dict[str, Any]]:
    form = _form(rng, days)
    return form, _progress(rng, form.received_at.astimezone().date(), today, days)


def _person(rng: random.Random, village: str) -> cases.PersonForm:
    gender = rng.choice(rules.GENDERS)
    born = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 50))
    body = f"320{rng.randrange(100, 999)}{born:%Y%m%d}{rng.randrange(100, 999)}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]
    return cases.PersonForm(
        name=rng.choice(SURNAMES) + rng.choice(GIVEN), gender=gender, id_number=body + check,
        address=f"某某镇{village}{rng.randrange(1, 12)}组{rng.randrange(1, 60)}号",
        phone=f"13{rng.randrange(100000000, 999999999)}", representative=False,
    )  # fmt: skip


def _form(rng: random.Random, days: office_hours.Workdays) -> cases.CaseForm:
    """Received at the 接待 desk on a working day of the last 300, in office hours."""
    village = rng.choice(VILLAGES)
    category, issue, demand = rng.choice(ISSUES)
    at = office_hours.at_minute(rng.choice(days.days), rng.randrange(office_hours.MINUTES))
    group = rng.random() < 0.1
    people: list[cases.PersonForm] = []
    while len(people) < (3 if group else 1):  # three representatives, three different names
        person = _person(rng, village)
        if all(p.name != person.name for p in people):
            people.append(person)
    if group:
        people = [replace(p, representative=True) for p in people]
    return cases.CaseForm(
        received_at=at, form=rng.choice(rules.FORMS), category=category, persons=people,
        issue=issue, demand=demand, headcount=rng.randrange(8, 20) if group else 1,
        village=village, reason="多次向村里反映未解决", receiver=rng.choice(STAFF),
        receiving_leader=rng.choice(LEADERS), recusal_confirmed=True,
        accused_name="某某" if category == rules.ACCUSATION else "",
    )  # fmt: skip


def _progress(
    rng: random.Random, received: date, today: date, days: office_hours.Workdays
) -> dict[str, Any]:
    """How far a case has got as its age allows (受理, 告知, 办结), some late on purpose;
    each step on a working day, none after today."""
    age = (today - received).days
    if age < 2 or (age < 90 and rng.random() < 0.1):
        return {}
    last = days.on_or_before(today)

    def on(day: date) -> date:
        return min(last, days.on_or_after(day))

    accepted = on(received + timedelta(days=rng.randrange(0, 3)))
    handling = rng.choice(("受理", "受理", "交办", "转送"))
    unit = rng.choice(COUNTY if handling == "转送" else UNITS)  # 转送 leaves the township
    done: dict[str, Any] = {
        "accepted_on": accepted, "handling": handling, "handler_unit": unit,
        "handler_person": rng.choice(STAFF),
        "notified_on": on(received + timedelta(days=rng.randrange(3, 18))),
    }  # fmt: skip
    if age > 40 and (age > 150 or rng.random() < 0.8):
        concluded = on(accepted + timedelta(days=rng.randrange(20, 65)))
        done |= {
            "outcome": rng.choice(rules.OUTCOMES), "concluded_on": concluded,
            "facts": "经实地调查核实，所反映情况基本属实。", "opinion": "已责成相关单位限期办理。",
            "delivery_means": "直接送达", "delivered_on": concluded,
            "satisfaction": rng.choice(rules.SATISFACTION), "in_national_system": True,
        }  # fmt: skip
    return done

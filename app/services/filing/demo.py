"""Demo data for 公文: N 收文, N/4 发文, N/10 督办 through bulk inserts (200,000 is practical)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session

from app import clock
from app.models.filing import Circulation, IncomingDoc, OutgoingDoc, SupervisionTask
from app.services import office_hours
from app.services.bulk import BATCH, bulk_insert
from app.services.filing import demo_history, flow, numbering, outgoing, tasks
from app.services.filing.docnumber import format_doc_number

SENDERS = {
    "县委办公室": "县委办发", "县政府办公室": "县政办发", "县农业农村局": "县农发",
    "县应急管理局": "县应急发", "县民政局": "县民发", "县财政局": "县财发",
    "县自然资源局": "县自然资发", "县卫生健康局": "县卫健发", "县教育局": "县教发",
    "县委组织部": "县组通字", "县委宣传部": "县宣发", "县信访局": "县信访发",
    "县生态环境分局": "县环发", "县人力资源和社会保障局": "县人社发",
}  # fmt: skip
TOPICS = (
    "防汛抗旱", "安全生产大检查", "森林防火", "春耕生产", "秋粮收购", "人居环境整治",
    "乡村振兴重点工作", "高标准农田建设", "耕地保护", "矛盾纠纷排查化解", "疫情防控",
    "退役军人服务保障", "低保对象动态管理", "节假日值班值守", "燃气安全专项整治",
    "河湖长制", "秸秆禁烧", "农村饮水安全", "防范电信网络诈骗", "基层党组织建设",
)  # fmt: skip
FORMS = (
    ("关于做好{t}工作的通知", "通知"), ("关于开展{t}的通知", "通知"),
    ("关于{t}情况的通报", "通报"), ("关于报送{t}材料的函", "函"),
    ("关于{t}的实施意见", "意见"), ("关于印发{t}工作方案的通知", "通知"),
)  # fmt: skip
DEPTS = ("党政办", "农业农村办", "应急管理办", "社会事务办", "财政所", "自然资源所", "综治中心")
PEOPLE = ("陈明", "刘芳", "周强", "吴静", "郑伟", "孙丽", "马超", "朱红")
LEADERS = ("张书记", "李镇长", "王副书记", "赵副镇长")
URGENT = ("特急", "加急", "加急")
SOURCES = {
    "领导批示": "张书记批示",
    "会议": "镇党委会议",
    "上级文件": "县委办发〔{year}〕8号",
    "交办": "县委督查室交办",
}  # fmt: skip  (上级文件: a 文号 of the year assigned)


def _year_days(session: Session, year: int) -> office_hours.Workdays:
    """The year's working days before today: demo documents are never dated in the future
    (early in January, today alone)."""
    today = clock.today()
    found = office_hours.Workdays(session, date(year, 1, 1), min(today - timedelta(days=1),
                                                                date(year, 12, 31)))  # fmt: skip
    found.days = found.days or [today]
    return found


def _on(days: list[date], i: int, n: int) -> tuple[date, float]:
    """The i-th of n spread evenly over the days: its day, and how far into the day (0–1)."""
    place = len(days) * i / max(n, 1)
    return days[int(place)], place % 1


def _received(days: list[date], i: int, n: int) -> datetime:
    """In order of the 收文编号: a paper signed for later has the later number."""
    day, part = _on(days, i, n)
    return office_hours.at_minute(day, int(part * office_hours.MINUTES))


def _done_share(days_since: int) -> float:
    """How many 收文 whose work should be done by now are 办结: nearly all of those due
    a month ago or more (a third left open had 551 of 2,000 逾期 on 首页), fewer of the
    last month's."""
    return 0.99 if days_since > 30 else 0.8


def _incoming_rows(
    rng: random.Random, n: int, year: int, fmt: str, start: int, days: office_hours.Workdays
) -> list[dict[str, Any]]:
    rows, counters = [], dict.fromkeys(SENDERS, 0)
    today = clock.today()
    for i in range(n):
        sender = rng.choice(list(SENDERS))
        counters[sender] += 1
        pattern, doc_type = rng.choice(FORMS)
        at = _received(days.days, i, n)
        urgent = rng.random() < 0.1
        finished = days.after(at.astimezone().date(), rng.randrange(2, 8))
        done = finished < today and rng.random() < _done_share((today - finished).days)
        rows.append({
            "year": year, "serial": start + i + 1,
            "receipt_no": numbering.format_receipt_no(fmt, year, start + i + 1),
            "received_at": at, "sender": sender, "title": pattern.format(t=rng.choice(TOPICS)),
            "sender_doc_number": format_doc_number(SENDERS[sender], year, counters[sender]),
            "doc_type": doc_type, "urgency": rng.choice(URGENT) if urgent else None,
            "copies": rng.choice((1, 1, 2, 3)), "pages": rng.randrange(1, 12),
            "issued_on": days.on_or_before(at.date() - timedelta(days=rng.randrange(1, 6))),
            "state": flow.DONE if done else flow.HANDLING, "handling_kind": "批办",
            "proposal": "拟请领导阅示", "instruction": "请抓紧落实",
            "instructed_by": rng.choice(LEADERS),
            "lead_dept": rng.choice(DEPTS), "handler": rng.choice(PEOPLE),
            "deadline": days.after(at.astimezone().date(), rng.randrange(3, 22)),
            "result": "已办理" if done else "",
            "done_on": finished if done else None,
            "review_result": "符合要求", "version": 1,
        })  # fmt: skip
    return rows


def fill_filing(session: Session, size: int, rng: random.Random) -> int:
    """Demo 收文 (size), 发文 (size/4) and 督办 (size/10) of this year; returns the 收文 count."""
    year = clock.today().year
    days = _year_days(session, year)
    start = numbering.last_number(session, numbering.INCOMING_SERIES, year)
    rows = _incoming_rows(rng, size, year, numbering.incoming_format(session), start, days)
    bulk_insert(session, IncomingDoc, rows)
    numbering.raise_to(session, numbering.INCOMING_SERIES, year, start + size)
    _fill_circulations(session, rng, year, start, days)
    last_out, last_task = (
        session.scalar(func.max(m.id)) or 0 for m in (OutgoingDoc, SupervisionTask)
    )
    _fill_outgoing(session, size // 4, rng, year, days.days)
    _fill_tasks(session, size // 10, rng, days)
    demo_history.write(session, rng, year, start, last_out, last_task, days)
    return size


def _fill_circulations(session: Session, rng: random.Random, year: int, after: int,
                       days: office_hours.Workdays) -> None:  # fmt: skip
    """传阅: one in five 收文 in hand is out with a leader (the list shows who holds it),
    sent within three office days of its 签收, never in the future."""
    now = clock.utcnow()
    stmt = select(IncomingDoc.id, IncomingDoc.received_at).where(
        IncomingDoc.state == flow.HANDLING, IncomingDoc.year == year, IncomingDoc.serial > after
    )
    sent = (
        (doc_id, office_hours.after(received, rng.randrange(60, 3 * office_hours.MINUTES), days))
        for doc_id, received in session.execute(stmt)
        if rng.random() < 0.2
    )  # fmt: skip
    rows = [
        {"incoming_id": doc_id, "holder": rng.choice(LEADERS), "note": "", "sent_at": at,
         "recorded_by": demo_history.CLERK.display_name}
        for doc_id, at in sent
        if at <= now
    ]  # fmt: skip
    bulk_insert(session, Circulation, rows)
    copies = [{"b_id": r["incoming_id"], "b_holder": r["holder"], "b_since": r["sent_at"]}
              for r in rows]  # fmt: skip
    copy = (
        update(IncomingDoc)
        .where(IncomingDoc.id == bindparam("b_id"))
        .values(holder=bindparam("b_holder"), held_since=bindparam("b_since"))
    )
    for start in range(0, len(copies), BATCH):
        session.connection().execute(copy, copies[start : start + BATCH])


def _fill_outgoing(session: Session, n: int, rng: random.Random, year: int,
                   days: list[date]) -> None:  # fmt: skip
    codes = outgoing.issuer_codes(session) or ["镇政"]
    rows: list[dict[str, Any]] = []
    base = {code: numbering.last_number(session, code, year) for code in codes}
    for i in range(n):
        code = codes[i % len(codes)]
        number = base[code] + i // len(codes) + 1
        pattern, doc_type = rng.choice(FORMS)
        day = _on(days, i, n)[0]  # signed, numbered and sent out on a working day
        rows.append({
            "issuer_code": code, "year": year, "number": number,
            "doc_number": format_doc_number(code, year, number), "title": pattern.format(
                t=rng.choice(TOPICS)).replace("开展", "组织开展"), "doc_type": doc_type,
            "draft_dept": rng.choice(DEPTS), "drafter": rng.choice(PEOPLE), "checker": "王主任",
            "signer": rng.choice(LEADERS), "signed_on": day, "reviewer": "赵文书",
            "main_to": "各村（社区）、镇直各单位", "state": "已核发", "registered_on": day,
            "print_copies": rng.choice((20, 30, 50)), "printed_by": "党政办", "printed_on": day,
            "version": 1,
        })  # fmt: skip
    bulk_insert(session, OutgoingDoc, rows)
    for code in codes:
        used = [int(r["number"]) for r in rows if r["issuer_code"] == code]
        if used:
            numbering.raise_to(session, code, year, max(used))


def _fill_tasks(session: Session, n: int, rng: random.Random, days: office_hours.Workdays) -> None:
    """督办 assigned on working days of the last 120, due and done on working days; entered
    in order of 交办日期, as a clerk enters them."""
    today = clock.today()
    recent = [day for day in days.days if (today - day).days <= 120] or days.days
    rows: list[dict[str, Any]] = []
    for assigned in sorted(rng.choice(recent) for _ in range(n)):
        deadline = days.after(assigned, rng.randrange(4, 42))
        finish = days.after(assigned, max(1, days.count(assigned, deadline) + rng.randrange(-3, 4)))
        done = deadline < today and finish < today and rng.random() < 0.75
        rows.append({
            "matter": f"{rng.choice(TOPICS)}{rng.choice(('推进', '落实', '整改', '排查'))}",
            "source_kind": (kind := rng.choice(tasks.SOURCE_KINDS)),
            "source_text": SOURCES[kind].format(year=assigned.year),
            "dept": rng.choice(DEPTS), "person": rng.choice(PEOPLE), "assigned_on": assigned,
            "deadline": deadline, "done_on": finish if done else None,
            "evidence": "已报送办结报告" if done else "", "version": 1,
        })  # fmt: skip
    bulk_insert(session, SupervisionTask, rows)

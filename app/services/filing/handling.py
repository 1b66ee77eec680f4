"""收文 in hand: 传阅 (who holds the paper), 催办, 办结/答复, 归档 and the 复文 link."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import clock
from app.models.filing import Circulation, IncomingDoc, OutgoingDoc, Reminder
from app.services import audit
from app.services.context import Perm, actor_of, require
from app.services.errors import NotFoundError, ValidationError
from app.services.filing import vocab
from app.services.filing.incoming import check_step, load, open_circulation, record_step

REMINDER_MEANS = ("电话", "当面", "书面", "短信", "微信", "其他")


def _now() -> datetime:
    return clock.utcnow()


def circulate(session: Session, /, incoming_id: int, holder: str, at: datetime | None = None,
              note: str = "") -> int:  # fmt: skip
    """传阅: hand the paper copy to someone; only one hand-over may be open at a time."""
    require(session, Perm.EDIT_REGISTERS)
    doc = load(session, incoming_id)
    who = vocab.required_text(holder, "传阅对象", "holder")
    before = check_step(session, doc, "传阅")
    item = Circulation(incoming_id=doc.id, holder=who, sent_at=at or _now(), note=note.strip(),
                       recorded_by=actor_of(session).display_name)  # fmt: skip
    session.add(item)
    doc.holder, doc.held_since = who, item.sent_at
    record_step(session, f"传阅给{who}", doc, before)
    return item.id


def close_circulation(session: Session, /, incoming_id: int, outcome: str,
                      at: datetime | None = None, note: str = "") -> None:  # fmt: skip
    """End the open hand-over: 传阅归还 (brought back), 收回 (recalled) or 取消传阅."""
    require(session, Perm.EDIT_REGISTERS)
    action = {"归还": "传阅归还", "收回": "收回", "取消": "取消传阅"}.get(outcome)
    if action is None:
        raise ValidationError(f"未知的传阅结果“{outcome}”。", field="outcome")
    if outcome == "取消" and not note.strip():
        raise ValidationError("取消传阅须说明原因。", field="note")
    doc = load(session, incoming_id)
    before = check_step(session, doc, action)
    item = open_circulation(session, doc.id)
    assert item is not None  # check_step allowed it, so one is open
    when = at or _now()
    if when < item.sent_at:
        raise ValidationError("归还时间不能早于送出时间。", field="at")
    item.returned_at, item.outcome = when, outcome
    doc.holder, doc.held_since = "", None
    item.note = "；".join(t for t in (item.note, note.strip()) if t)
    session.flush()
    audit.record(session, action, "收文传阅", item.id, before=before,
                 summary=f"{doc.receipt_no} {item.holder}")  # fmt: skip


def remind(session: Session, /, incoming_id: int, on: date, means: str, result: str = "",
           pusher: str = "") -> int:  # fmt: skip
    """催办: when, how (电话/当面/书面 …), what came of it, who chased."""
    require(session, Perm.EDIT_REGISTERS)
    doc = load(session, incoming_id)
    how = vocab.required_text(means, "催办方式", "means")
    before = check_step(session, doc, "催办")
    who = pusher.strip() or doc.pusher or actor_of(session).display_name
    item = Reminder(incoming_id=doc.id, on=on, means=how, result=result.strip(), pusher=who)
    session.add(item)
    record_step(session, "催办", doc, before)
    return item.id


def finish(session: Session, /, incoming_id: int, result: str, on: date) -> None:
    """办结/答复: the result and the date it was done."""
    require(session, Perm.EDIT_REGISTERS)
    doc = load(session, incoming_id)
    text = vocab.required_text(result, "办理结果", "result")
    if on < doc.received_at.astimezone().date():
        raise ValidationError("办结日期不能早于签收日期。", field="done_on")
    before = check_step(session, doc, "办结")
    doc.result, doc.done_on = text, on
    record_step(session, "办结", doc, before)


def archive(session: Session, /, incoming_id: int, archive_code: str = "") -> None:
    """归档: only with the 档号 the archive module gave this 收文 (档案 → 归档)."""
    from app.services.archives.items import check_register_code  # archives reads filing

    require(session, Perm.EDIT_REGISTERS)
    doc = load(session, incoming_id)
    code = check_register_code(session, "收文", incoming_id, archive_code)
    before = check_step(session, doc, "归档")
    doc.archive_code = code
    record_step(session, "归档", doc, before)


def link_reply(session: Session, /, incoming_id: int, outgoing_id: int) -> None:
    """复文: this 收文 is answered by that 发文 (seen from both sides)."""
    require(session, Perm.EDIT_REGISTERS)
    doc = load(session, incoming_id)
    if session.get(OutgoingDoc, outgoing_id) is None:
        raise NotFoundError(f"找不到编号为 {outgoing_id} 的发文。")
    before = check_step(session, doc, "复文")
    doc.answered_by_id = outgoing_id
    record_step(session, "复文", doc, before)


@dataclass(frozen=True)
class CirculationRow:
    id: int
    holder: str
    sent_at: datetime
    returned_at: datetime | None
    outcome: str  # 在阅 while the paper is still out
    note: str

    def held_days(self, now: datetime | None = None) -> float:
        end = self.returned_at or now or _now()
        return (end - self.sent_at).total_seconds() / 86400


@dataclass(frozen=True)
class ReminderRow:
    id: int
    on: date
    means: str
    result: str
    pusher: str


def circulations(session: Session, /, incoming_id: int) -> list[CirculationRow]:
    stmt = select(Circulation).where(Circulation.incoming_id == incoming_id)
    return [
        CirculationRow(c.id, c.holder, c.sent_at, c.returned_at, c.outcome or "在阅", c.note)
        for c in session.scalars(stmt.order_by(Circulation.sent_at, Circulation.id))
    ]


def reminders(session: Session, /, incoming_id: int) -> list[ReminderRow]:
    stmt = select(Reminder).where(Reminder.incoming_id == incoming_id)
    return [
        ReminderRow(r.id, r.on, r.means, r.result, r.pusher)
        for r in session.scalars(stmt.order_by(Reminder.on, Reminder.id))
    ]


def holder_mismatches(session: Session) -> list[str]:
    """`check`: every 收文's copied holder agrees with its open 传阅 (the record)."""
    open_now = (
        select(Circulation.incoming_id, Circulation.holder, Circulation.sent_at)
        .where(Circulation.outcome.is_(None))
        .subquery()
    )
    stmt = (
        select(IncomingDoc.receipt_no, IncomingDoc.id, IncomingDoc.holder, open_now.c.holder)
        .outerjoin(open_now, open_now.c.incoming_id == IncomingDoc.id)
        .where(
            (IncomingDoc.holder != func.coalesce(open_now.c.holder, ""))
            | (IncomingDoc.held_since.is_distinct_from(open_now.c.sent_at))
        )
    )
    return [
        f"收文 {number or doc_id}：列表记“{copied or '无人'}”持有，传阅记录为“{held or '无人'}”。"
        for number, doc_id, copied, held in session.execute(stmt.limit(100))
    ]


def replies_to(session: Session, /, outgoing_id: int) -> list[int]:
    """The 收文 ids a 发文 answers (the other side of the 复文 link)."""
    stmt = select(IncomingDoc.id).where(IncomingDoc.answered_by_id == outgoing_id)
    return list(session.scalars(stmt.order_by(IncomingDoc.id)))

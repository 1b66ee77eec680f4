"""Undo a 值班人员 or 排班 import: put back what it replaced, refused once others refer to it."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from app.models.duty import (
    DutyAbsence,
    DutyHandover,
    DutyLogEntry,
    DutyPerson,
    DutySwap,
    RosterDay,
    RosterStaff,
)
from app.models.seals import SealUse
from app.services.registry import Restorer, UndoSketch

SHOWN = 10  # records named in the confirmation; the rest are counted
PERSON_FIELDS = ("name", "title", "dept", "phone", "can_lead", "active")
DAY_FIELDS = ("kind", "holiday", "shift_start", "shift_end", "leader_id", "note")


# ---- 值班人员 -------------------------------------------------------------------------


def person_state(person: DutyPerson) -> dict[str, Any]:
    """A person's fields as an import found them, to put back on undo."""
    return {"id": person.id} | {name: getattr(person, name) for name in PERSON_FIELDS}


def _people_sketch(session: Session, state: dict[str, Any]) -> UndoSketch:
    added, changed = state["added"], state["changed"]
    names = [f"新增的 {p['name']}" for p in added] + [f"{p['name']} 的原资料" for p in changed]
    blockers = [_person_changed(session, p) for p in [*added, *changed]]
    blockers += [_person_used(session, p) for p in added]
    found = [b for b in blockers if b]
    return UndoSketch(names[:SHOWN], len(names), found[:SHOWN])


def _person_changed(session: Session, kept: dict[str, Any]) -> str:
    person = session.get(DutyPerson, kept["id"])
    if person is None:
        return f"{kept['name']} 已被删除"
    # compared by value: undoing a later import puts back exactly what this one left
    return "" if person_state(person) == kept["after"] else f"{kept['name']} 的资料已在导入后修改"


def _person_used(session: Session, kept: dict[str, Any]) -> str:
    """A person the import added who has since been put on a roster, a swap or leave."""
    pid = kept["id"]
    uses = (
        ("排班", select(func.count()).where(RosterDay.leader_id == pid)),
        ("排班", select(func.count()).where(RosterStaff.person_id == pid)),
        ("换班记录", select(func.count()).where(
            or_(DutySwap.person_a_id == pid, DutySwap.person_b_id == pid))),
        ("不在岗记录", select(func.count()).where(DutyAbsence.person_id == pid)),
        # 用印 approvers are people of this list, named in the entry (append-only)
        ("用印审批记录", select(func.count()).where(SealUse.approver == kept["name"])),
    )  # fmt: skip
    found = [what for what, stmt in uses if session.scalar(stmt)]
    return f"{kept['name']} 已有{'、'.join(dict.fromkeys(found))}" if found else ""


def _people_restore(session: Session, state: dict[str, Any]) -> str:
    ids = [p["id"] for p in state["added"]]
    if ids:
        session.execute(delete(DutyPerson).where(DutyPerson.id.in_(ids)))
    for kept in state["changed"]:
        person = session.get(DutyPerson, kept["id"])
        assert person is not None  # the sketch refused a missing one
        for name in PERSON_FIELDS:
            setattr(person, name, kept[name])
    session.flush()
    return f"删除新增人员 {len(ids)} 人，恢复原资料 {len(state['changed'])} 人"


PEOPLE = Restorer(_people_sketch, _people_restore)


# ---- 排班 -----------------------------------------------------------------------------


def day_state(day: RosterDay | None) -> dict[str, Any] | None:
    """A roster day as an import found it (None: there was none), to put back on undo."""
    if day is None:
        return None
    return {name: getattr(day, name) for name in DAY_FIELDS} | {
        "staff": [s.person_id for s in day.staff]
    }


def _roster_sketch(session: Session, state: dict[str, Any]) -> UndoSketch:
    days = state["days"]
    names = [f"{d['day']} 排班" + ("（恢复原排班）" if d["before"] else "") for d in days]
    found = [b for d in days if (b := _day_blocker(session, d))]
    return UndoSketch(names[:SHOWN], len(names), found[:SHOWN])


def _day_blocker(session: Session, kept: dict[str, Any]) -> str:
    """The day's roster changed since, or a swap, 值班日志 or 交接班 refers to the day."""
    day = date.fromisoformat(kept["day"])
    row = session.scalar(select(RosterDay).where(RosterDay.day == day))
    # compared field by field: a hand edit of the staff alone leaves the version as it was
    if row is None or row.id != kept["id"] or day_state(row) != kept["after"]:
        return f"{kept['day']} 的排班已在导入后修改"
    uses = (
        ("换班记录", select(func.count()).where(or_(DutySwap.day_a == day, DutySwap.day_b == day))),
        ("值班日志", select(func.count()).where(DutyLogEntry.shift_day == day)),
        ("交接班记录", select(func.count()).where(DutyHandover.shift_day == day)),
    )  # fmt: skip
    found = [what for what, stmt in uses if session.scalar(stmt)]
    return f"{kept['day']} 已有{'、'.join(found)}" if found else ""


def _roster_restore(session: Session, state: dict[str, Any]) -> str:
    days = state["days"]
    ids = [d["id"] for d in days]
    session.execute(delete(RosterStaff).where(RosterStaff.roster_day_id.in_(ids)))
    session.execute(delete(RosterDay).where(RosterDay.id.in_(ids)))
    back = [d for d in days if d["before"]]
    for kept in back:
        before = kept["before"]
        staff = [RosterStaff(person_id=p, position=i) for i, p in enumerate(before["staff"])]
        fields = {name: before[name] for name in DAY_FIELDS}
        session.add(RosterDay(day=date.fromisoformat(kept["day"]), staff=staff, **fields))
    session.flush()
    return f"删除导入的排班 {len(days) - len(back)} 天，恢复原排班 {len(back)} 天"


ROSTER = Restorer(_roster_sketch, _roster_restore)

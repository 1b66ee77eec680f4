"""A record opened whole, for any register: its fields as shown, its history, its files."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.audit import AuditEntry


@dataclass(frozen=True)
class HistoryLine:
    at: datetime | date
    who: str
    what: str


@dataclass(frozen=True)
class RecordDetail:
    kind: str
    record_id: int
    title: str
    fields: tuple[tuple[str, str], ...]  # (label, value as shown), in the register's order
    history: tuple[HistoryLine, ...]  # oldest first
    attachments: tuple[str, ...] | None  # file names; None: this register keeps no files
    version: int  # what an edit sends back, so a stale save is refused
    read_only: str = ""  # why nothing may be changed here (用印 is a ledger), or ""


def shown(value: Any) -> str:
    """A value as the detail view prints it: local time, ISO days, 是/否."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return f"{value.astimezone():%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def moment(at: datetime | date) -> datetime:
    """Days and moments on one line of time, for sorting a history."""
    if isinstance(at, datetime):
        return at.astimezone()
    return datetime(at.year, at.month, at.day).astimezone()


def audit_history(session: Session, entity: str, record_id: int) -> list[HistoryLine]:
    """What the audit trail says was done to the record, oldest first."""
    stmt = select(AuditEntry).where(
        AuditEntry.entity == entity, AuditEntry.entity_id == str(record_id)
    )
    return [HistoryLine(e.at, e.username, e.action + (f"：{e.summary}" if e.summary else ""))
            for e in session.scalars(stmt.order_by(AuditEntry.id))]  # fmt: skip


def field_values(row: Any, labels: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """(label, shown value) for each (attribute, label) of the register."""
    return tuple((label, shown(getattr(row, key))) for key, label in labels)


def sorted_history(lines: list[HistoryLine]) -> tuple[HistoryLine, ...]:
    return tuple(sorted(lines, key=lambda h: moment(h.at)))

"""Import batches: every import recorded (file, SHA-256, rows, who, when), listed, undone."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Column, and_, delete, func, select
from sqlalchemy.orm import Session

from app import clock
from app.models import import_all
from app.models.archives import ArchiveItem, ArchiveLoan
from app.models.attachments import Attachment
from app.models.base import Base
from app.models.filing import IncomingDoc, OutgoingDoc, SupervisionTask
from app.models.imports import ImportBatch
from app.models.meetings import Meeting
from app.models.seals import Seal, SealUse
from app.models.visits import VisitCase
from app.services import audit, registry
from app.services.context import Perm, require
from app.services.errors import NotFoundError, ValidationError


@dataclass(frozen=True)
class _Undo:
    """How a kind's records are found and named; owned: child tables its import fills."""

    model: Any
    label: Callable[[Any], str]
    attachment_kind: str = ""
    owned: tuple[str, ...] = ()
    # what else keeps the records in place (a 件号 numbered after them), named
    holds: Callable[[Session, range], list[str]] | None = None


def _numbered_after(session: Session, ids: range) -> list[str]:
    """档案: 件号 run without gaps, so 件 numbered after the batch's, or boxed, keep it."""
    batch = ArchiveItem.id.between(ids.start, ids.stop - 1)
    firsts = select(ArchiveItem.year, ArchiveItem.period, ArchiveItem.org_code,
                    func.min(ArchiveItem.item_no).label("first")).where(batch).group_by(
        ArchiveItem.year, ArchiveItem.period, ArchiveItem.org_code).subquery()  # fmt: skip
    after = select(ArchiveItem.archive_code).join(firsts, and_(
        ArchiveItem.year == firsts.c.year, ArchiveItem.period == firsts.c.period,
        ArchiveItem.org_code == firsts.c.org_code, ArchiveItem.item_no > firsts.c.first,
    )).where(~batch).order_by(ArchiveItem.archive_code).limit(_SHOWN)  # fmt: skip
    boxed = select(ArchiveItem.archive_code).where(batch, ArchiveItem.box_id.is_not(None))
    return [f"{code} 编号在这批之后（件号不能留空）" for code in session.scalars(after)] + [
        f"{code} 已装盒" for code in session.scalars(boxed.limit(_SHOWN))
    ]


UNDO: dict[str, _Undo] = {
    "incoming": _Undo(IncomingDoc, lambda r: r.receipt_no or f"收文 {r.id}", "收文"),
    "outgoing": _Undo(OutgoingDoc, lambda r: r.doc_number or f"发文 {r.id}", "发文"),
    "tasks": _Undo(SupervisionTask, lambda r: f"督办事项“{r.matter[:20]}”", "督办"),
    "seals": _Undo(Seal, lambda r: f"印章「{r.name}」"),
    "seal-uses": _Undo(SealUse, lambda r: f"用印 {r.number}"),
    "visits": _Undo(VisitCase, lambda r: f"来访 {r.reg_no}",
                    owned=("visit_petitioners", "visit_accused")),
    # 议定事项 and 涉密材料 are entered later: they refer to the meeting and block the undo
    "meetings": _Undo(Meeting, lambda r: f"会议“{r.name}”", "会议",
                      owned=("meeting_attendees", "meeting_topics")),
    "archive-items": _Undo(ArchiveItem, lambda r: f"档号 {r.archive_code}",
                           holds=_numbered_after),
    "archive-loans": _Undo(ArchiveLoan, lambda r: f"借阅 {r.archive_code}（{r.borrower}）"),
}  # fmt: skip
# What a later record is, named for the clerk: "收〔2025〕12号 已有传阅记录".
_REFERRERS = {
    "incoming_circulations": "传阅记录", "incoming_reminders": "催办记录",
    "supervision_tasks": "督办事项", "supervision_notes": "督办记录", "seal_uses": "用印记录",
    "seal_status_records": "状态变更记录", "seal_loans": "借用记录", "incoming_docs": "收文",
    "visit_cases": "重复来访登记", "attachments": "附件", "archive_loans": "借阅记录",
    "archive_appraisals": "鉴定记录", "meeting_decisions": "议定事项",
    "meeting_papers": "材料发放记录",
}  # fmt: skip
_SHOWN = 10  # references named in a refusal; the rest are counted


@dataclass(frozen=True)
class BatchRow:
    id: int
    kind: str
    file_name: str
    sha256: str
    row_count: int
    imported_by: str
    imported_at: datetime
    undone_at: datetime | None
    undo_note: str

    def line(self) -> str:
        """One line of `imports`: the id first, the file name on the same line."""
        when = self.imported_at.astimezone().strftime("%Y-%m-%d %H:%M")
        state = f"已撤销（{self.undo_note}）" if self.undone_at else "有效"
        return (f"{self.id}\t{self.file_name}\t{self.kind}\t{self.row_count} 行\t"
                f"{self.imported_by}\t{when}\t{state}\tSHA-256 {self.sha256[:12]}")  # fmt: skip


@dataclass(frozen=True)
class UndoPlan:
    """What undoing a batch would do: remove (or, for 用印, void) these records, or not."""

    batch: BatchRow
    records: list[str]  # the first few, named
    count: int
    voids: bool  # 用印: 作废 entries are appended instead of removing anything
    blockers: list[str]  # non-empty: the undo is refused, these refer to the records
    verb: str = ""  # what is done to the records, when neither removed nor voided

    def summary(self) -> str:
        shown = "、".join(self.records) + (" 等" if self.count > len(self.records) else "")
        verb = self.verb or ("为以下用印登记追加作废登记" if self.voids else "删除以下记录")
        return f"将{verb}（共 {self.count} 条）：{shown}"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def top_id(session: Session, kind: str) -> int:
    """The kind's highest record id before an import (0 when it keeps no undo record)."""
    spec = UNDO.get(kind)
    return int(session.scalar(select(func.max(spec.model.id))) or 0) if spec else 0


_STATE = "import_undo_state"  # session.info key: what the load just replaced


def remember(session: Session, state: dict[str, Any]) -> None:
    """Called by a load that updates records: what it replaced, kept with its batch."""
    session.info[_STATE] = state


def record(session: Session, kind: str, path: Path, count: int, before: int) -> int:
    """Record the import just loaded (in its unit of work) as a batch; return its id."""
    actor = require(session, Perm.EDIT_REGISTERS)
    spec = UNDO.get(kind)
    after = top_id(session, kind)
    added = spec is not None and after > before
    batch = ImportBatch(
        kind=kind, file_name=Path(path).name, sha256=sha256_of(path), row_count=count,
        table_name=spec.model.__tablename__ if spec else "",
        first_id=before + 1 if added else None, last_id=after if added else None,
        imported_by=actor.display_name, imported_at=clock.utcnow(), undone_by="", undo_note="",
        undo_state=_kept(session),
    )  # fmt: skip
    session.add(batch)
    session.flush()
    summary = f"导入 {batch.file_name}（{kind}，{count} 行，批次 {batch.id}）"
    audit.record(session, "导入", "导入记录", batch.id, summary=summary)
    return batch.id


def _kept(session: Session) -> str:
    state = session.info.pop(_STATE, None)
    return json.dumps(state, ensure_ascii=False) if state else ""


def _row(b: ImportBatch) -> BatchRow:
    return BatchRow(b.id, b.kind, b.file_name, b.sha256, b.row_count, b.imported_by,
                    b.imported_at, b.undone_at, b.undo_note)  # fmt: skip


def list_batches(session: Session) -> list[BatchRow]:
    """Newest first."""
    return [_row(b) for b in session.scalars(select(ImportBatch).order_by(ImportBatch.id.desc()))]


def _batch(session: Session, batch_id: int) -> ImportBatch:
    batch = session.get(ImportBatch, batch_id)
    if batch is None:
        raise NotFoundError(f"没有编号为 {batch_id} 的导入记录")
    return batch


def plan_undo(session: Session, /, batch_id: int) -> UndoPlan:
    """What undo_import would do, for the clerk to confirm (nothing is changed)."""
    batch = _batch(session, batch_id)
    if batch.undone_at is not None:
        raise ValidationError(f"导入记录 {batch_id}（{batch.file_name}）已经撤销过")
    restorer = _restorer(batch)
    if restorer is not None:
        sketch = restorer.sketch(session, _state(batch))
        return UndoPlan(_row(batch), sketch.records, sketch.count, False, sketch.blockers,
                        verb="撤销以下导入内容")  # fmt: skip
    spec = UNDO.get(batch.kind)
    if spec is None:
        raise ValidationError(f"{batch.kind} 的导入会更新已有记录，不能整批撤销，请逐条修改")
    ids = _ids(batch)
    records = [spec.label(r) for r in _records(session, spec, ids, _SHOWN)]
    count = len(ids)
    voids = batch.kind == "seal-uses"
    blockers = [] if voids else _blockers(session, spec, ids)
    return UndoPlan(_row(batch), records, count, voids, blockers)


def _restorer(batch: ImportBatch) -> registry.Restorer | None:
    """The kind's own undo, when its import kept what it replaced (batches since 0014)."""
    kind = registry.IMPORTS.get(batch.kind)
    return kind.undo if kind is not None and batch.undo_state else None


def _state(batch: ImportBatch) -> dict[str, Any]:
    return dict(json.loads(batch.undo_state))


def _ids(batch: ImportBatch) -> range:
    if batch.first_id is None or batch.last_id is None:
        return range(0)
    return range(batch.first_id, batch.last_id + 1)


def _records(session: Session, spec: _Undo, ids: range, limit: int | None = None) -> list[Any]:
    if not ids:
        return []
    stmt = select(spec.model).where(spec.model.id.between(ids.start, ids.stop - 1))
    return list(session.scalars(stmt.order_by(spec.model.id).limit(limit)))


def _blockers(session: Session, spec: _Undo, ids: range) -> list[str]:
    """Every later record that refers to one of the batch's records, named."""
    if not ids:
        return []
    found: list[tuple[int, str]] = []
    for column in _referring(spec):
        inside = column.between(ids.start, ids.stop - 1)
        stmt = select(column).where(inside)
        if column.table is spec.model.__table__:  # a record of the batch itself may link
            stmt = stmt.where(~column.table.c.id.between(ids.start, ids.stop - 1))
        what = _REFERRERS.get(column.table.name, column.table.name)
        found += [(ref, what) for ref in session.scalars(stmt.distinct())]
    if spec.attachment_kind:
        stmt = select(Attachment.owner_id).where(
            and_(Attachment.owner_kind == spec.attachment_kind,
                 Attachment.owner_id.between(ids.start, ids.stop - 1))
        )  # fmt: skip
        found += [(ref, "附件") for ref in session.scalars(stmt.distinct())]
    return _named(session, spec, found) + (spec.holds(session, ids) if spec.holds else [])


def _referring(spec: _Undo) -> list[Column[Any]]:
    import_all()  # a table that refers to this one may be in a module not yet imported
    table = spec.model.__table__
    return [fk.parent for other in Base.metadata.sorted_tables if other.name not in spec.owned
            for fk in other.foreign_keys if fk.column.table is table]  # fmt: skip


def _named(session: Session, spec: _Undo, found: list[tuple[int, str]]) -> list[str]:
    lines = []
    for ref, what in sorted(set(found))[:_SHOWN]:
        record_ = session.get(spec.model, ref)
        lines.append(f"{spec.label(record_) if record_ else ref} 已有{what}")
    if len(set(found)) > _SHOWN:
        lines.append(f"另有 {len(set(found)) - _SHOWN} 处")
    return lines


def undo_import(session: Session, /, batch_id: int) -> str:
    """Remove the batch's records (用印: void them), audited; a refusal names what refers."""
    actor = require(session, Perm.EDIT_REGISTERS)
    plan = plan_undo(session, batch_id)
    if plan.blockers:
        raise ValidationError("不能撤销：这些记录已被引用 —— " + "；".join(plan.blockers))
    batch = _batch(session, batch_id)
    restorer = _restorer(batch)
    if restorer is not None:
        note = restorer.restore(session, _state(batch))
    elif plan.voids:
        done = _void_uses(session, batch)
        note = f"追加作废登记 {done} 条"
    else:
        spec = UNDO[batch.kind]
        ids = _ids(batch)
        if ids:
            session.execute(
                delete(spec.model).where(spec.model.id.between(ids.start, ids.stop - 1))
            )
        note = f"删除 {len(ids)} 条"
    batch.undone_at, batch.undone_by, batch.undo_note = clock.utcnow(), actor.display_name, note
    audit.record(session, "撤销导入", "导入记录", batch.id,
                 summary=f"撤销导入 {batch.file_name}（批次 {batch.id}）：{note}")  # fmt: skip
    return note


def _void_uses(session: Session, batch: ImportBatch) -> int:
    """用印 is append-only: a 作废 entry for each of the batch's entries not yet voided."""
    from app.services.seals import bulk, ledger

    actor = require(session, Perm.EDIT_REGISTERS)
    ids = _ids(batch)
    if not ids:
        return 0
    voided = set(session.scalars(select(SealUse.voids_id).where(SealUse.voids_id.in_(ids))))
    entries = [u for u in _records(session, UNDO["seal-uses"], ids)
               if u.kind == "用印" and u.id not in voided]  # fmt: skip
    now = clock.utcnow()
    reason = f"撤销导入（批次 {batch.id}，{batch.file_name}）"
    rows = [ledger.void_values((u.id, u.seal_id, u.number or ""), reason, actor.display_name, now)
            for u in entries]  # fmt: skip
    bulk.append(session, rows)
    return len(rows)

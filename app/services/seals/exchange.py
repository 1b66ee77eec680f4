"""Imports and exports of 用印: the seals list and the 用印登记簿 (by month or year)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import clock
from app.models.base import utcnow
from app.models.seals import Seal
from app.reports.table import Column, PrintColumn, ReportTable, folded
from app.services import audit, headers, registry, settings
from app.services.context import Perm, require
from app.services.errors import DomainError, ImportRejected, RowError
from app.services.seals import bulk, catalog, chain, ledger
from app.services.seals.dto import ChainStatus, SealForm, UseFilter, UseForm, UseRow
from app.services.seals.parse import FIELD_LABELS, RowReader, split_names

SEAL_COLUMNS = headers.SEALS
USE_COLUMNS = headers.SEAL_USES


def load_seals(session: Session, rows: list[dict[str, Any]]) -> int:
    require(session, Perm.EDIT_REGISTERS)
    errors: list[RowError] = []
    for row in rows:
        name = str(row.get("印章名称") or "").strip()
        form = SealForm(name, str(row.get("类别") or "").strip(), str(row.get("保管人") or ""),
                        split_names(row.get("审批人")), str(row.get("备注") or ""))  # fmt: skip
        try:
            with session.begin_nested():
                catalog.add_seal(session, form)
        except DomainError as exc:
            field = getattr(exc, "field", None)
            errors.append(RowError(row["_row"], _seal_label(field), exc.message))
    if errors:
        raise ImportRejected(errors)
    return len(rows)


def _seal_label(field: str | None) -> str:
    return {"name": "印章名称", "kind": "类别", "approvers": "审批人"}.get(field or "", "印章名称")


def load_uses(session: Session, rows: list[dict[str, Any]]) -> int:
    """Check every row first, then number, chain in 日期时间 order and insert them in bulk."""
    actor = require(session, Perm.EDIT_REGISTERS)
    forms = _checked_forms(session, rows)
    forms.sort(key=lambda item: item[1].used_at)  # stable: same-minute rows keep sheet order
    numbers = bulk.number_all(session, [form for _, form in forms])
    _refuse_reused(forms, numbers)
    now = utcnow()
    values = [ledger.use_values(form, numbered, actor.display_name, now)
              for (_, form), numbered in zip(forms, numbers, strict=True)]  # fmt: skip
    bulk.append(session, values)
    if values:
        first, last = values[0]["seq"], values[-1]["seq"]
        summary = f"导入用印登记簿 {len(values)} 条（第 {first} 至 {last} 条）"
        audit.record(session, "新增", "用印登记", "", summary=summary)
    return len(forms)


def _checked_forms(session: Session, rows: list[dict[str, Any]]) -> list[tuple[int, UseForm]]:
    """(sheet row, form) of every row, or ImportRejected naming every bad cell in row order."""
    seals = {s.name: s.id for s in session.scalars(select(Seal))}
    readers = [RowReader(row, seals) for row in rows]
    read = [(reader, form) for reader in readers if (form := reader.use_form()) is not None]
    given = {form.number for _, form in read if form.number}
    taken = ledger.taken_numbers(session, given)
    check = ledger.use_checker(session, [form for _, form in read])
    numbers: set[str] = set()
    for reader, form in read:
        if form.number:
            _check_number(form.number, numbers, taken, reader)
            numbers.add(form.number)
        _validate(check, form, reader)
    errors = [error for reader in readers for error in reader.errors]
    if errors:
        raise ImportRejected(errors)
    return [(reader.row["_row"], form) for reader, form in read]


def _check_number(number: str, seen: set[str], taken: set[str], reader: RowReader) -> None:
    if number in seen:
        reader.error("用印编号", f"表内重复：{number}")
    elif number in taken:
        reader.error("用印编号", f"用印编号 {number} 已在登记簿中")


def _validate(check: Callable[[UseForm], None], form: UseForm, reader: RowReader) -> None:
    try:
        check(form)
    except DomainError as exc:
        field = getattr(exc, "field", None) or ""
        reader.error(FIELD_LABELS.get(field, "日期时间"), exc.message)


def _refuse_reused(forms: list[tuple[int, UseForm]], numbers: list[tuple[int, int, str]]) -> None:
    """A given 用印编号 that an earlier-dated row of the sheet was numbered with already
    (register_use would refuse it part way through the import)."""
    auto = {n[2] for (_, form), n in zip(forms, numbers, strict=True) if not form.number}
    errors = [RowError(row, "用印编号", f"用印编号 {form.number} 已被表内更早的用印占用")
              for row, form in forms if form.number in auto]  # fmt: skip
    if errors:
        raise ImportRejected(sorted(errors, key=lambda e: e.row))


def seal_table(session: Session, query: registry.ExportQuery) -> ReportTable:
    columns = [Column("印章名称", 18), Column("类别", 8), Column("保管人", 8),
               Column("可审批人", 18), Column("状态", 6), Column("状态日期", 10),
               Column("备注", 16)]  # fmt: skip
    rows = [
        [
            s.name,
            s.kind,
            s.keeper,
            "、".join(s.approvers),
            s.status,
            s.status_since.isoformat() if s.status_since else "",
            s.note,
        ]
        for s in catalog.list_seals(session)
    ]
    return ReportTable("印章登记表", columns, rows, unit=settings.org_name(session))


USE_HEADERS = (
    ("用印编号", 10), ("日期时间", 13), ("印章", 16), ("用印单位/科室", 10), ("申请人/经办人", 8),
    ("事由", 14), ("文件名称", 20), ("文号", 14), ("份数", 5), ("审批人", 11), ("审批时间", 13),
    ("监印人", 7), ("留存复印件", 7), ("备注", 11),
)  # fmt: skip


# where a seal's name reads well broken: after the body it belongs to (中共某某镇委员会 /
# 办公室, 某某镇人民政府 / 财务专用章), never wherever the column happens to end
_SEAL_JOINT = r"(?:(?<=委员会)|(?<=人民政府))(?=.)"
_VOIDED = r"(?<=^作废) ?(?=.)"  # a 作废 entry's number and note: 作废 / 2026-0009
_REASON = r"(?<=^作废原因：)(?=.)"

# What a clerk files (domain §2): every field of the register, 14 columns folded into 11 by
# stacking the day over the time, the unit over the person, the 文号 under the document and
# the approval time under the approver; widths in characters of 9-point text (A4 ~84).
USE_PRINTED = (
    PrintColumn("用印编号", 5.6, folded("用印编号", _VOIDED)),
    PrintColumn("用印时间", 5.8, folded("日期时间", " "), fit=True),
    PrintColumn("印章", 8.6, folded("印章", _SEAL_JOINT)),
    PrintColumn("单位/经办人", 6.6, ("用印单位/科室", "申请人/经办人")),
    PrintColumn("文件名称/文号", 16.4, ("文件名称", "文号"), fit=False),  # a name first
    PrintColumn("事由", 8, folded("事由", _REASON)),
    PrintColumn("份数", 3),
    PrintColumn("审批人/审批时间", 9.6, ("审批人", "审批时间")),
    PrintColumn("监印人", 4),
    PrintColumn("留存复印件", 3.6),
    PrintColumn("备注", 7, folded("备注", _VOIDED)),
)


def period(query: registry.ExportQuery) -> tuple[date, date, str]:
    """The register's span: --from/--to, else --year, else this year."""
    if query.date_from or query.date_to:
        start = query.date_from or date(1900, 1, 1)
        end = query.date_to or clock.today()
        return start, end, f"{start.isoformat()} 至 {end.isoformat()}"
    year = query.year or clock.today().year
    return date(year, 1, 1), date(year, 12, 31), f"{year}年度"


def _when(moment: Any) -> str:
    return "" if moment is None else moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _use_line(u: UseRow) -> list[Any]:
    if u.kind == "作废":
        original = u.voids_number
        return [f"作废{original}", _when(u.used_at), u.seal_name, "", u.recorded_by,
                f"作废原因：{u.void_reason}", "", "", "", "", "", "", "",
                f"作废 {original}{u.void_mark}"]  # fmt: skip
    note = u.marked_note + ("（已作废）" if u.voided_by_id else "")
    return [u.number, _when(u.used_at), u.seal_name, u.unit, u.applicant, u.purpose,
            u.doc_title, u.doc_number, u.copies,
            u.approver + (f"（{u.approver_title}）" if u.approver_title else ""),
            _when(u.approved_at), u.supervisor, "是" if u.copy_kept else "否", note]  # fmt: skip


def _use_rows(uses: list[UseRow]) -> Iterator[list[Any]]:
    for u in uses:
        yield _use_line(u)


def register_table(session: Session, /, flt: UseFilter, label: str) -> ReportTable:
    """The 用印登记簿 for the entries flt selects, the chain status at its foot."""
    uses = ledger.list_uses(session, flt)
    status = chain.verify_chain(session)
    return ReportTable(
        "用印登记簿", [Column(h, w) for h, w in USE_HEADERS], list(_use_rows(uses)),
        unit=settings.org_name(session), subtitle=settings.dated(f"{label}（共 {len(uses)} 条）"),
        footer_lines=_chain_lines(status), printed=USE_PRINTED,
    )  # fmt: skip


def _chain_lines(status: ChainStatus) -> list[str]:
    """The chain status; when sound, the last entry's check code too, so that a printed
    register archived on paper can later show whether the file was rewritten since."""
    if not (status.ok and status.last_hash):
        return [status.message()]
    code = status.last_hash[:16].upper()
    return [status.message(), f"第 {status.count} 条校验码：{code}（SHA-256 前 16 位）"]


def use_table(session: Session, query: registry.ExportQuery) -> ReportTable:
    start, end, label = period(query)
    return register_table(session, UseFilter(date_from=start, date_to=end), label)


IMPORTS = (
    registry.ImportKind(
        "seals", "印章", SEAL_COLUMNS, headers.REQUIRED["seals"], load=load_seals),
    registry.ImportKind(
        "seal-uses", "用印登记簿", USE_COLUMNS,
        headers.REQUIRED["seal-uses"], load=load_uses,
    ),
)  # fmt: skip
EXPORTS = (
    registry.ExportKind("seals", "印章登记表", seal_table),
    registry.ExportKind("seal-uses", "用印登记簿", use_table),
)

"""Import 收文, 发文 and 督办 registers kept in Excel: every bad cell reported, all or none."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import clock
from app.common.dates import parse_date
from app.models.filing import IncomingDoc, OutgoingDoc, SupervisionTask
from app.reports.cells import parse_count
from app.services import audit, headers, settings
from app.services.bulk import bulk_insert
from app.services.context import Perm, require
from app.services.errors import ImportRejected, RowError, ValidationError
from app.services.filing import flow, numbering, tasks, vocab
from app.services.filing.docnumber import normalize, normalize_lenient, parse

INCOMING_COLUMNS = headers.INCOMING
OUTGOING_COLUMNS = headers.OUTGOING
TASK_COLUMNS = headers.TASKS
MAX_COUNT = 99999  # 份数, 页数, 印制份数: more is a typing slip, and 20 digits overflow
_TITLE_TYPES = sorted(vocab.DOC_TYPES, key=len, reverse=True)


class _Rows:
    """Collects RowErrors while each row is turned into insert values."""

    def __init__(self) -> None:
        self.errors: list[RowError] = []

    def cell(self, row: dict[str, Any], column: str, check: Callable[[Any], Any]) -> Any:
        try:
            return check(row.get(column))
        except ValidationError as exc:
            self.errors.append(RowError(int(row["_row"]), column, exc.message))
            return None

    def fail(self, row: dict[str, Any], column: str, reason: str) -> None:
        self.errors.append(RowError(int(row["_row"]), column, reason))

    def raise_if_any(self) -> None:
        if self.errors:
            raise ImportRejected(sorted(self.errors, key=lambda e: e.row))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _needed(label: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if not _text(value):
            raise ValidationError(f"{label}不能为空")
        return _text(value)

    return check


def _day(required: bool, past: bool = False) -> Callable[[Any], date | None]:
    """A date cell; past=True for what has already happened (签收, 签发, 交办, 办结)."""

    def check(value: Any) -> date | None:
        if not _text(value):
            if required:
                raise ValidationError("日期不能为空")
            return None
        parsed = parse_date(value)
        if parsed is None:
            raise ValidationError(f"无法识别的日期“{_text(value)}”")
        if past and parsed > clock.today():
            # Usually a mistyped year (2026.12.28 for 2025.12.28): a register cannot hold it.
            raise ValidationError(f"日期{parsed:%Y-%m-%d}晚于今天，请核对年份")
        return parsed

    return check


def _count(value: Any) -> int | None:
    text = _text(value)
    if not text:
        return None
    number = parse_count(text, MAX_COUNT)
    if number is None:
        raise ValidationError(f"应为 1 至 {MAX_COUNT} 的整数，不能是“{text}”")
    return number


def _doc_type(title: str) -> Callable[[Any], str | None]:
    """The 文种 column, or the 文种 the title ends with (…的通知 → 通知)."""

    def check(value: Any) -> str | None:
        if _text(value):
            return vocab.check_doc_type(_text(value), on_import=True)
        return next((t for t in _TITLE_TYPES if title.endswith(t)), None)

    return check


def _secrecy(value: Any) -> tuple[str | None, int | None]:
    return vocab.parse_secrecy_marking(_text(value))


def _urgency(value: Any) -> str | None:
    return vocab.check_urgency(_text(value), on_import=True)


def _past_year(day: date | None) -> bool:
    """历史补录: a row of a year before this one is typed from a past register; it records
    what happened and is marked so (its own column in the register, the list and the export),
    and it does not enter today's 待办."""
    return day is not None and day.year < clock.today().year


def _at_nine(day: date) -> datetime:
    """A sheet gives the 签收 date only: keep it as 09:00 local time of that day."""
    return datetime.combine(day, time(9)).astimezone().astimezone(UTC)


def load_incoming(session: Session, rows: list[dict[str, Any]]) -> int:
    require(session, Perm.EDIT_REGISTERS)
    check, values = _Rows(), []
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        item = _incoming_values(check, row)
        key = (item["sender"], item["sender_doc_number"])
        if item["sender_doc_number"] and key in seen:
            check.fail(row, "来文字号", f"与第{seen[key]}行重复（同一来文机关、同一来文字号）")
        seen.setdefault(key, row["_row"])
        values.append((row, item))
    _already_incoming(session, check, values)
    _repeated_receipts(session, check, values)
    check.raise_if_any()
    return _insert_incoming(session, [item for _, item in values])


def _incoming_values(check: _Rows, row: dict[str, Any]) -> dict[str, Any]:
    title = check.cell(row, "标题", _needed("标题")) or ""
    received = check.cell(row, "签收日期", _day(True, past=True))
    secrecy = check.cell(row, "密级", _secrecy) or (None, None)
    done_on = check.cell(row, "办结日期", _day(False, past=True))
    lead = _text(row.get("承办部门"))
    state = flow.DONE if done_on else flow.HANDLING if lead else flow.REGISTERED
    if received and done_on and done_on < received:
        check.fail(row, "办结日期", "办结日期早于签收日期")
    raw_number = _text(row.get("来文字号"))
    return {
        "received_at": _at_nine(received) if received else None,
        "year": received.year if received else 0, "receipt_no": _text(row.get("收文编号")),
        "sender": check.cell(row, "来文机关", _needed("来文机关")) or "",
        "sender_doc_number": normalize_lenient(raw_number), "sender_doc_number_raw": raw_number,
        "title": title, "doc_type": check.cell(row, "文种", _doc_type(title)),
        "secrecy": secrecy[0], "secrecy_years": secrecy[1],
        "urgency": check.cell(row, "紧急程度", _urgency),
        "copies": check.cell(row, "份数", _count) or 1, "pages": check.cell(row, "页数", _count),
        "issued_on": check.cell(row, "成文日期", _day(False)), "lead_dept": lead,
        "deadline": check.cell(row, "办理时限", _day(False)),
        "instruction": _text(row.get("领导批示")), "result": _text(row.get("办理结果")),
        "done_on": done_on, "state": state, "review_result": "符合要求", "version": 1,
        "historical": _past_year(received),
    }  # fmt: skip


def _already_incoming(session: Session, check: _Rows, values: list[tuple[dict, dict]]) -> None:
    by_sender: dict[str, set[str]] = {}
    for _, v in values:
        if v["sender_doc_number"]:
            by_sender.setdefault(v["sender"], set()).add(v["sender_doc_number"])
    found: set[tuple[str, str]] = set()
    for sender, numbers in by_sender.items():
        found.update(_registered_numbers(session, sender, sorted(numbers)))
    for row, item in values:
        if (item["sender"], item["sender_doc_number"]) in found:
            check.fail(row, "来文字号", f"{item['sender_doc_number']}已经登记过，不能重复导入")


def _registered_numbers(session: Session, sender: str, numbers: list[str]) -> set[tuple[str, str]]:
    """The sender's numbers the register holds. `sender = ? AND number IN (…)` seeks the
    (sender, number) index once per number; a (sender, number) IN list of pairs made SQLite
    scan the whole index per batch (2.5 s for a 10,000-row sheet over 200,000 收文)."""
    found: set[tuple[str, str]] = set()
    for start in range(0, len(numbers), 500):  # SQLite caps bound parameters per statement
        stmt = select(IncomingDoc.sender_doc_number).where(
            IncomingDoc.sender == sender,
            IncomingDoc.sender_doc_number.in_(numbers[start : start + 500]),
        )
        found.update((sender, n) for n in session.scalars(stmt))
    return found


def _repeated_receipts(session: Session, check: _Rows, values: list[tuple[dict, dict]]) -> None:
    """A 收文编号 twice in the sheet, or one the register already holds, is refused."""
    seen: dict[str, int] = {}
    for row, item in values:
        if (no := item["receipt_no"]) and no in seen:
            check.fail(row, "收文编号", f"与第{seen[no]}行重复")
        if no:
            seen.setdefault(no, row["_row"])
    numbers, taken = list(seen), set[str]()
    for start in range(0, len(numbers), 500):
        stmt = select(IncomingDoc.receipt_no).where(
            IncomingDoc.receipt_no.in_(numbers[start : start + 500])
        )
        taken.update(session.scalars(stmt))
    for row, item in values:
        if item["receipt_no"] in taken:
            check.fail(row, "收文编号", f"{item['receipt_no']}已经登记过，不能重复导入")


def _insert_incoming(session: Session, items: list[dict[str, Any]]) -> int:
    """Sheets without a 收文编号 get the next numbers of their year, in sheet order.

    Numbers the sheet brings move the counter first, so the next 签收 never repeats one."""
    pattern = numbering.incoming_format(session)
    numbering.raise_for_receipts(session, pattern, items)
    for year in sorted({i["year"] for i in items}):
        missing = [i for i in items if i["year"] == year and not i["receipt_no"]]
        if missing:
            first = numbering.allocate_block(session, numbering.INCOMING_SERIES, year, len(missing))
            for offset, item in enumerate(missing):
                item["serial"] = first + offset
                item["receipt_no"] = numbering.format_receipt_no(pattern, year, first + offset)
    bulk_insert(session, IncomingDoc, items)
    audit.record(session, "导入", "收文", "-", after={"行数": len(items)},
                 summary=f"导入收文 {len(items)} 条")  # fmt: skip
    return len(items)


def load_outgoing(session: Session, rows: list[dict[str, Any]]) -> int:
    require(session, Perm.EDIT_REGISTERS)
    check, items = _Rows(), []
    seen: dict[str, int] = {}
    codes = [str(c) for c in settings.get(session, settings.ISSUER_CODES, [])]
    for row in rows:
        item = _outgoing_values(check, row, codes)
        number = item.get("doc_number")
        if number and number in seen:
            check.fail(row, "发文字号", f"与第{seen[number]}行重复")
        if number:
            seen.setdefault(number, row["_row"])
        items.append((row, item))
    numbers = list(seen)
    taken: set[str] = set()
    for start in range(0, len(numbers), 500):
        stmt = select(OutgoingDoc.doc_number).where(
            OutgoingDoc.doc_number.in_(numbers[start : start + 500])
        )
        taken.update(n for n in session.scalars(stmt) if n)
    for row, item in items:
        if item.get("doc_number") in taken:
            check.fail(row, "发文字号", f"{item['doc_number']}已经登记过，不能重复导入")
    check.raise_if_any()
    return _insert_outgoing(session, [item for _, item in items])


def _doc_number(on: date | None, codes: Sequence[str]) -> Callable[[Any], str]:
    """The 发文字号, its two-digit year read against the 签发日期, its 代字 a known one."""

    def check(value: Any) -> str:
        number = normalize(_needed("发文字号")(value), on)
        code = parse(number, on).code  # type: ignore[union-attr]
        if codes and code not in codes:
            raise ValidationError(f"机关代字“{code}”不在设置的代字表中：{'、'.join(codes)}")
        return number

    return check


_DIRECTIONS = {"上行": "上级", "上行文": "上级", "平行": "平级", "平行文": "平级",
               "下行": "下级", "下行文": "下级"}  # fmt: skip


def _level(value: Any) -> str:
    return vocab.check_level(_DIRECTIONS.get(_text(value), _text(value)))


def _outgoing_values(check: _Rows, row: dict[str, Any], codes: Sequence[str]) -> dict[str, Any]:
    title = check.cell(row, "标题", _needed("标题")) or ""
    signed_on = check.cell(row, "签发日期", _day(True, past=True))
    doc_number = check.cell(row, "发文字号", _doc_number(signed_on, codes))
    parts = parse(doc_number, signed_on) if doc_number else None
    doc_type = check.cell(row, "文种", _doc_type(title))
    if title and doc_type is None and not _text(row.get("文种")):
        check.fail(row, "文种", "文种未填，也无法从标题看出")
    signer = _text(row.get("签发人"))
    level = check.cell(row, "主送机关级别", _level) or ""
    if vocab.is_upward(doc_type, level) and not signer:
        check.fail(row, "签发人", f"{doc_type}是上行文，须有签发人")
    secrecy = check.cell(row, "密级", _secrecy) or (None, None)
    voided = "作废" in _text(row.get("状态"))
    reason = _text(row.get("作废原因")) or (_text(row.get("状态")) if voided else "")
    return {
        "doc_number": doc_number, "doc_number_raw": _text(row.get("发文字号")),
        "issuer_code": parts.code if parts else "", "year": parts.year if parts else 0,
        "number": parts.number if parts else None, "title": title, "doc_type": doc_type or "",
        "signed_on": signed_on, "registered_on": signed_on,
        "draft_dept": _text(row.get("拟稿部门")),
        "drafter": _text(row.get("拟稿人")), "checker": _text(row.get("核稿人")), "signer": signer,
        "main_to": _text(row.get("主送")), "cc": _text(row.get("抄送")), "main_to_level": level,
        "secrecy": secrecy[0], "secrecy_years": secrecy[1],
        "urgency": check.cell(row, "紧急程度", _urgency),
        "print_copies": check.cell(row, "印制份数", _count), "historical": _past_year(signed_on),
        "state": "作废" if voided else "已核发", "void_reason": reason if voided else "",
        "version": 1,
    }  # fmt: skip


def _insert_outgoing(session: Session, items: list[dict[str, Any]]) -> int:
    bulk_insert(session, OutgoingDoc, items)
    tops: dict[tuple[str, int], int] = {}
    for item in items:
        key = (item["issuer_code"], item["year"])
        tops[key] = max(tops.get(key, 0), item["number"])
    for (code, year), top in tops.items():
        numbering.raise_to(session, code, year, top)  # the sequence never falls behind
    audit.record(session, "导入", "发文", "-", after={"行数": len(items)},
                 summary=f"导入发文 {len(items)} 条")  # fmt: skip
    return len(items)


def load_tasks(session: Session, rows: list[dict[str, Any]]) -> int:
    require(session, Perm.EDIT_REGISTERS)
    check, items = _Rows(), []
    seen: dict[tuple[Any, ...], int] = {}
    for row in rows:
        item = _task_values(check, row)
        key = (item["matter"], item["dept"], item["deadline"])
        if key in seen:
            check.fail(row, "督办事项", f"与第{seen[key]}行重复")
        seen.setdefault(key, row["_row"])
        if item["deadline"] and item["assigned_on"] and item["deadline"] < item["assigned_on"]:
            check.fail(row, "办理时限", "办理时限早于交办日期")
        items.append(item)
    check.raise_if_any()
    bulk_insert(session, SupervisionTask, items)
    audit.record(session, "导入", "督办", "-", after={"行数": len(items)},
                 summary=f"导入督办 {len(items)} 条")  # fmt: skip
    return len(items)


def _task_values(check: _Rows, row: dict[str, Any]) -> dict[str, Any]:
    source = _text(row.get("来源"))
    deadline = check.cell(row, "办理时限", _day(True))
    assigned = check.cell(row, "交办日期", _day(False, past=True))
    done_on = check.cell(row, "办结日期", _day(False, past=True))
    return {
        "matter": check.cell(row, "督办事项", _needed("督办事项")) or "",
        "dept": check.cell(row, "责任单位", _needed("责任单位")) or "",
        "person": _text(row.get("责任人")), "source_kind": tasks.source_kind_of(source),
        "source_text": source, "assigned_on": assigned or deadline or clock.today(),
        "deadline": deadline, "done_on": done_on, "evidence": _text(row.get("办结情况")),
        "version": 1,
    }  # fmt: skip

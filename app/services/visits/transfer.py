"""`import visits`: a 来访登记簿 kept in Excel, all rows or none; registers both kinds."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy.orm import Session

from app.reports.cells import parse_count
from app.reports.dates import parse_date
from app.services import audit, headers
from app.services.context import Perm, require
from app.services.errors import ImportRejected, RowError, ValidationError
from app.services.registry import ExportKind, ImportKind
from app.services.registry import register_export as _register_export
from app.services.registry import register_import as _register_import
from app.services.visits import bulk, cases, export, rules

COLUMNS = headers.VISITS
REQUIRED = headers.REQUIRED["visits"]
_FIELD_COLUMN = {"form": "信访形式", "category": "类别", "handling": "处理方式",
                 "issue": "反映问题",
                 "id_number": "证件号", "phone": "电话", "gender": "性别", "persons": "姓名",
                 "headcount": "人数", "accepted_on": "受理日期", "outcome": "处理意见",
                 "concluded_on": "办结日期", "notified_on": "告知日期"}  # fmt: skip


def _text(row: dict[str, Any], key: str) -> str:
    value = row.get(key)
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone or ID typed as a number in Excel
    return "" if value is None else str(value).strip()


def _date(row: dict[str, Any], key: str, errors: list[RowError]) -> date | None:
    if not _text(row, key):
        return None
    found = parse_date(row[key])
    if found is None:
        errors.append(RowError(row["_row"], key, f"无法识别的日期“{_text(row, key)}”"))
    return found


def _alias(value: str, aliases: dict[str, str]) -> str:
    return aliases.get(value, value)


def _parse(row: dict[str, Any], errors: list[RowError]) -> tuple[cases.CaseForm, dict[str, Any]]:
    received = _date(row, "登记日期", errors) or date(1900, 1, 1)
    head = parse_count(_text(row, "人数") or "1", 9999)
    if head is None:
        errors.append(
            RowError(
                row["_row"], "人数", f"人数应为 1 至 9999 的整数，而不是“{_text(row, '人数')}”"
            )
        )
        head = 1
    person = cases.PersonForm(_text(row, "姓名"), _text(row, "性别"), _text(row, "证件号"),
                              _text(row, "住址"), _text(row, "电话"))  # fmt: skip
    form = cases.CaseForm(
        received_at=datetime.combine(received, time(9)).astimezone(UTC),
        form=_alias(_text(row, "信访形式") or "走访", rules.FORM_ALIASES),
        category=_alias(_text(row, "类别"), rules.CATEGORY_ALIASES), persons=[person],
        issue=_text(row, "反映问题"), headcount=head, village=_text(row, "村/社区"),
        demand=_text(row, "诉求"), receiver=_text(row, "接待人"),
        handling=_text(row, "处理方式"), handler_unit=_text(row, "承办单位"),
        accepted_on=_date(row, "受理日期", errors), notified_on=_date(row, "告知日期", errors),
    )  # fmt: skip
    done = {"concluded_on": _date(row, "办结日期", errors), "outcome": _text(row, "处理意见")}
    return form, done


def _cell_checks(form: cases.CaseForm, done: dict[str, Any]) -> list[Callable[[], None]]:
    """One check per cell, so every bad cell of a row is reported, not only the first."""
    p = form.persons[0]
    return [
        lambda: cases.check_choice(form.form, rules.FORMS, "信访形式", "form"),
        lambda: cases.check_choice(form.category, rules.CATEGORIES, "类别", "category"),
        lambda: _optional(form.handling, rules.HANDLINGS, "处理方式", "handling"),
        lambda: cases.check_person(p),
        lambda: _optional(done["outcome"], rules.OUTCOMES, "处理意见", "outcome"),
        lambda: _need_both(done),
    ]  # fmt: skip


def _optional(value: str, allowed: tuple[str, ...], label: str, name: str) -> None:
    if value:
        cases.check_choice(value, allowed, label, name)


def _need_both(done: dict[str, Any]) -> None:
    if bool(done["outcome"]) != bool(done["concluded_on"]):
        raise ValidationError("办结日期与处理意见须同时填写", "concluded_on")


def _check_row(row: dict[str, Any], form: cases.CaseForm, done: dict[str, Any]) -> list[RowError]:
    found = [e for check in _cell_checks(form, done) if (e := _run(row, check))]
    if not found:  # the rules across cells (people count, dates in order)
        across = (lambda: cases.check_form(form), lambda: _check_dates(form, done))
        found = [e for check in across if (e := _run(row, check))]
    return found


def _conclusion(form: cases.CaseForm, done: dict[str, Any]) -> cases.ConcludeForm | None:
    """The row's 办结, if any; a case answered at the counter was closed when registered."""
    if not done["concluded_on"] or form.handling == "当场答复":
        return None
    return cases.ConcludeForm(done["outcome"], done["concluded_on"])


def _check_dates(form: cases.CaseForm, done: dict[str, Any]) -> None:
    if (conclusion := _conclusion(form, done)) is not None:
        started = form.accepted_on or form.received_at.astimezone().date()
        cases.check_conclusion_dates(conclusion, started)


def _run(row: dict[str, Any], check: Callable[[], object]) -> RowError | None:
    try:
        check()
    except ValidationError as exc:
        return RowError(row["_row"], _FIELD_COLUMN.get(exc.field or "", "姓名"), exc.message)
    return None


def load(session: Session, rows: list[dict[str, Any]]) -> int:
    """Check every row first (one bad cell and nothing is written), then insert in bulk:
    numbered in sheet order and linked to earlier visits as register_case does."""
    require(session, Perm.EDIT_REGISTERS)
    parsed = _checked(rows)
    entries = [(form, _closing(form, done)) for form, done in parsed]
    added = bulk.add_cases(session, entries)
    span = f"{added[0]['reg_no']} 至 {added[-1]['reg_no']}" if added else ""
    # one line for the import: case lines would only repeat the register (no personal data)
    audit.record(session, "新增", "来访", "", summary=f"导入来访登记簿 {len(added)} 件（{span}）")
    return len(parsed)


def _checked(rows: list[dict[str, Any]]) -> list[tuple[cases.CaseForm, dict[str, Any]]]:
    errors: list[RowError] = []
    parsed = []
    for row in rows:
        found: list[RowError] = []
        form, done = _parse(row, found)
        errors += found + _check_row(row, form, done)
        parsed.append((form, done))
    if errors:
        raise ImportRejected(errors)
    return parsed


def _closing(form: cases.CaseForm, done: dict[str, Any]) -> dict[str, Any]:
    conclusion = _conclusion(form, done)
    return {} if conclusion is None else cases.conclusion_values(conclusion)


def register() -> None:
    _register_import(ImportKind("visits", "来访登记簿", COLUMNS, REQUIRED, load))
    _register_export(ExportKind("visits", "来访登记簿", export.build))

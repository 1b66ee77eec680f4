"""来访 import and export: the 来访登记簿 in (all rows or none) and out (masked), month counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import clock
from app.common.dates import parse_date
from app.models.visits import VisitCase
from app.reports.cells import parse_count
from app.reports.table import Column, PrintColumn, ReportTable, reads
from app.services import audit, headers, settings
from app.services.context import Perm, require
from app.services.errors import ImportRejected, RowError, ValidationError
from app.services.registry import ExportKind, ExportQuery, ImportKind
from app.services.visits import bulk, cases, rules
from app.services.visits.queries import CaseFilter, CaseRow, list_cases

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
        historical=received.year < clock.today().year,
        received_at=datetime.combine(received, time(9)).astimezone(UTC),
        form=_alias(_text(row, "信访形式") or "走访", rules.FORM_ALIASES),
        category=_alias(_text(row, "类别"), rules.CATEGORY_ALIASES), persons=[person],
        issue=_text(row, "反映问题"), headcount=head, village=_text(row, "村/社区"),
        demand=_text(row, "诉求"), receiver=_text(row, "接待人"),
        handling=_text(row, "处理方式"), handler_unit=_text(row, "承办单位"),
        accepted_on=_date(row, "受理日期", errors), notified_on=_date(row, "告知日期", errors),
    )  # fmt: skip
    done = {"concluded_on": _date(row, "办结日期", errors), "outcome": _text(row, "处理意见"),
            "seq": _given_seq(row, received.year, errors)}  # fmt: skip
    return form, done


def _given_seq(row: dict[str, Any], year: int, errors: list[RowError]) -> int | None:
    """The paper register's own 登记编号 (2019-0012 or 2019-12), in the 登记日期's year."""
    text = _text(row, "登记编号")
    if not text:
        return None
    head, _, tail = (part.strip() for part in text.partition("-"))
    if head == str(year) and tail.isascii() and tail.isdigit() and 1 <= int(tail) <= 99999:
        return int(tail)
    errors.append(RowError(row["_row"], "登记编号",
                           f"应为「{year}-0001」的形式，且年份与登记日期一致：{text}"))  # fmt: skip
    return None


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
    _check_numbers(session, rows, parsed)
    entries = [(form, _closing(form, done) | _numbered(done)) for form, done in parsed]
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


def _numbered(done: dict[str, Any]) -> dict[str, Any]:
    return {"seq": done["seq"]} if done["seq"] else {}


def _check_numbers(
    session: Session, rows: list[dict[str, Any]], parsed: list[tuple[cases.CaseForm, dict]]
) -> None:
    """A 登记编号 the sheet gives twice, or one the register holds already, is refused."""
    given: dict[str, int] = {}
    errors: list[RowError] = []
    for row, (form, done) in zip(rows, parsed, strict=True):
        if done["seq"]:
            number = cases.format_reg_no(form.received_at.astimezone().year, done["seq"])
            if number in given:
                errors.append(RowError(row["_row"], "登记编号", f"与第{given[number]}行重复"))
            given.setdefault(number, row["_row"])
    taken = set(session.scalars(select(VisitCase.reg_no).where(VisitCase.reg_no.in_(given))))
    errors += [RowError(given[n], "登记编号", f"{n}已经登记过，不能重复导入") for n in taken]
    if errors:
        raise ImportRejected(sorted(errors, key=lambda e: e.row))


def _closing(form: cases.CaseForm, done: dict[str, Any]) -> dict[str, Any]:
    conclusion = _conclusion(form, done)
    return {} if conclusion is None else cases.conclusion_values(conclusion)


REGISTER_COLUMNS = (
    ("登记编号", 10), ("登记日期", 10), ("形式", 6), ("信访人", 10), ("证件号", 18),
    ("电话", 12), ("住址", 14), ("人数", 5), ("村/社区", 8), ("反映问题", 24), ("类别", 10),
    ("初/重", 5), ("处理方式", 8), ("承办单位", 12), ("受理日期", 10), ("告知期限", 10),
    ("办结期限", 10), ("状态", 8), ("剩余/逾期", 9), ("处理意见", 10), ("系统录入", 6),
    ("历史补录", 6),
)  # fmt: skip


def _register_row(r: CaseRow) -> list[Any]:
    left = "" if r.days_left is None else (f"逾期{-r.days_left}天" if r.overdue
                                           else f"{r.next_clock}剩{r.days_left}天")  # fmt: skip
    return [r.reg_no, r.received_on, r.form, r.names, r.id_number, r.phone, r.address,
            r.headcount, r.village, r.issue, r.category, "重复访" if r.is_repeat else "初访",
            r.handling, r.handler_unit, r.accepted_on, r.notify_due, r.conclude_due, r.state,
            left, r.outcome, "是" if r.in_national_system else "否",
            "历史补录" if r.historical else ""]  # fmt: skip


def _rows_for(session: Session, query: ExportQuery) -> list[CaseRow]:
    reveal = bool((query.options or {}).get("unmasked"))
    rows = list_cases(session, CaseFilter(year=query.year), reveal=reveal)
    if reveal:  # an unmasked export of personal data leaves a trace
        audit.record(
            session, "导出", "来访", "未脱敏", summary=f"未脱敏导出来访登记簿 {len(rows)} 条"
        )
    return [r for r in rows if (query.date_from is None or r.received_on >= query.date_from)
            and (query.date_to is None or r.received_on <= query.date_to)]  # fmt: skip


def _d(day: date | None) -> str:
    return day.isoformat() if day else "—"


@reads("信访人", "证件号", "电话", "住址")
def _person(row: Mapping[str, Any]) -> str:
    # a masked address is only the village, already a column of its own
    address = "" if row["住址"] == rules.mask_address(row["住址"]) else row["住址"]
    return "\n".join(x for x in (row["信访人"], row["证件号"], row["电话"], address) if x)


@reads("受理日期", "告知期限", "办结期限")
def _clocks(row: Mapping[str, Any]) -> str:
    clocks = (("受理", "受理日期"), ("告知", "告知期限"), ("办结", "办结期限"))
    return "\n".join(f"{label} {_d(row[name])}" for label, name in clocks)


# A4 landscape holds about 84 characters of 9-point text: the pdf folds the 21 columns into
# 14 by stacking the person's details and the three dates in one cell each.
PDF_COLUMNS = (
    PrintColumn("登记编号", 6), PrintColumn("登记日期", 6, fit=True),
    PrintColumn("形式", 5, ("形式", "初/重")), PrintColumn("信访人", 11.5, _person),
    PrintColumn("人数", 3), PrintColumn("村/社区", 5),
    PrintColumn("反映问题", 10), PrintColumn("类别", 6),
    PrintColumn("处理方式/承办", 8, ("处理方式", "承办单位")),
    PrintColumn("受理日期及期限", 9.5, _clocks, fit=True),
    PrintColumn("状态", 4.6, ("状态", "历史补录")),
    PrintColumn("剩余/逾期", 6.2), PrintColumn("处理意见", 5.6), PrintColumn("系统录入", 3),
)  # fmt: skip


def build(session: Session, query: ExportQuery) -> list[ReportTable]:
    """The 来访登记簿 (masked unless asked otherwise by an allowed role) and the month counts."""
    rows = _rows_for(session, query)
    unit = settings.org_name(session)
    masked = not (query.options or {}).get("unmasked")
    register = ReportTable(
        "来访登记簿", [Column(h, w) for h, w in REGISTER_COLUMNS], [_register_row(r) for r in rows],
        unit=unit, subtitle=settings.dated(_span(query) + ("（个人信息已脱敏）" if masked else "")),
        footer_lines=[f"共 {len(rows)} 件，其中逾期 {sum(r.overdue for r in rows)} 件"],
        printed=PDF_COLUMNS,
    )  # fmt: skip
    stats = ReportTable("来访月度统计", [Column("月份", 9), Column("统计项", 9), Column("分项", 14),
                        Column("件数", 7), Column("其中逾期", 8)], monthly_stats(rows),
                        unit=unit, subtitle=_span(query), landscape=False)  # fmt: skip
    return [register, stats]


def _span(query: ExportQuery) -> str:
    if query.year:
        return f"{query.year}年"
    if query.date_from or query.date_to:
        return f"{query.date_from or ''}至{query.date_to or ''}"
    return ""


def monthly_stats(rows: list[CaseRow]) -> list[list[Any]]:
    """Per month: counts by 类别, 村/社区, 处理方式 and 处理意见, each with how many are late."""
    out: list[list[Any]] = []
    months = sorted({f"{r.received_on:%Y-%m}" for r in rows})
    for month in months:
        these = [r for r in rows if f"{r.received_on:%Y-%m}" == month]
        out.append([month, "合计", "全部", len(these), sum(r.overdue for r in these)])
        for label, key in (("类别", "category"), ("村/社区", "village"),
                           ("处理方式", "handling"), ("处理意见", "outcome")):  # fmt: skip
            total = Counter(getattr(r, key) or "（未填）" for r in these)
            late = Counter(getattr(r, key) or "（未填）" for r in these if r.overdue)
            out += [[month, label, k, n, late[k]] for k, n in sorted(total.items())]
    return out


IMPORTS = (ImportKind("visits", "来访登记簿", COLUMNS, REQUIRED, load),)
EXPORTS = (ExportKind("visits", "来访登记簿", build),)

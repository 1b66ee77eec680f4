"""值班 imports and exports: staff, rosters (the county's 节假日值班表) and the daily log."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import clock
from app.common.dates import parse_date
from app.models.duty import DutyPerson, RosterDay, RosterStaff
from app.reports import write_report
from app.reports.reader import ReaderError
from app.reports.table import Column, PrintColumn, ReportTable
from app.reports.template import (
    HOLIDAY_DUTY_COLUMNS,
    fill_template,
    sample_template,
    template_notes,
    template_title,
)
from app.services import audit, batches, headers, settings
from app.services import calendar as cal
from app.services.context import Perm, actor_of, require
from app.services.duty import config, undo
from app.services.duty.log import EMERGENCY, EntryRow, entries, handovers, zero_days
from app.services.duty.roster import day_kind, day_label, ensure_calendar, roster
from app.services.duty.staff import MAX_LEN, people
from app.services.errors import ImportRejected, RowError, ValidationError
from app.services.registry import ExportKind, ExportQuery, ImportKind

STAFF_COLUMNS = headers.STAFF
ROSTER_COLUMNS = headers.ROSTER
_YES = {"是", "√", "Y", "y", "yes", "1", "带班", "在岗", "True", "true"}
_SPLIT = re.compile(r"[、，,；;/\s]+")


def _cell(row: dict[str, Any], key: str) -> str:
    value = row.get(key)
    return "" if value is None else str(value).strip()


def _too_long(row: dict[str, Any]) -> list[RowError]:
    """A cell past its column's length (the office server would refuse it as a DataError)."""
    keys = ("姓名", "职务", "科室", "手机")
    too_long = [key for key in keys if len(_cell(row, key)) > MAX_LEN]
    return [RowError(row["_row"], key, f"太长（最多 {MAX_LEN} 个字）") for key in too_long]


def load_staff(session: Session, rows: list[dict[str, Any]]) -> int:
    """Add or update people by name; all rows or none."""
    require(session, Perm.EDIT_REGISTERS)
    errors, seen = [], set()
    for row in rows:
        name = _cell(row, "姓名")
        if not name:
            errors.append(RowError(row["_row"], "姓名", "不能为空"))
        elif name in seen:
            errors.append(RowError(row["_row"], "姓名", f"“{name}”在表中重复"))
        seen.add(name)
        phone = _cell(row, "手机").replace("-", "").replace(" ", "")
        if phone and not phone.isdigit():
            errors.append(RowError(row["_row"], "手机", f"“{_cell(row, '手机')}”不是电话号码"))
        errors.extend(_too_long(row))
    if errors:
        raise ImportRejected(errors)
    existing = {p.name: p for p in session.scalars(select(DutyPerson))}
    before = {name: undo.person_state(p) for name, p in existing.items() if name in seen}
    touched = []
    for row in rows:
        p = existing.get(_cell(row, "姓名")) or DutyPerson(name=_cell(row, "姓名"))
        p.title, p.dept, p.phone = _cell(row, "职务"), _cell(row, "科室"), _cell(row, "手机")
        p.can_lead = _cell(row, "带班领导") in _YES
        p.active = _cell(row, "在岗") in _YES or not _cell(row, "在岗")
        session.add(p)
        touched.append(p)
    session.flush()
    _remember_people(session, before, touched)
    audit.record(session, "新增", "值班人员", "导入", summary=f"导入值班人员 {len(rows)} 人")
    return len(rows)


def _remember_people(
    session: Session, before: dict[str, dict[str, Any]], touched: list[DutyPerson]
) -> None:
    """For undo: who was added, what the others were before, and what the import left."""
    added = [{"id": p.id, "name": p.name, "after": undo.person_state(p)}
             for p in touched if p.name not in before]  # fmt: skip
    changed = [before[p.name] | {"after": undo.person_state(p)} for p in touched
               if p.name in before]  # fmt: skip
    batches.remember(session, {"added": added, "changed": changed})


def load_roster(session: Session, rows: list[dict[str, Any]]) -> int:
    """A roster drawn up in Excel: 日期, 带班领导, 值班人员 (names split by 、 or spaces)."""
    require(session, Perm.EDIT_REGISTERS)
    by_name = {p.name: p for p in session.scalars(select(DutyPerson))}
    errors: list[RowError] = []
    parsed: list[tuple[date, int, list[int], str]] = []
    for row in rows:
        if _cell(row, "日期") == "日期" or _cell(row, "带班领导") == "姓名":
            continue  # the sub-header line of a two-row header (带班领导 / 姓名 职务 手机)
        item = _roster_row(row, by_name, errors)
        if item is not None:
            parsed.append(item)
    if len({p[0] for p in parsed}) != len(parsed):
        errors.append(RowError(0, "日期", "表中有重复的日期"))
    if errors:
        raise ImportRejected(errors)
    if parsed:
        ensure_calendar(session, min(p[0] for p in parsed), max(p[0] for p in parsed))
    rules = config.rules(session)
    kept = [
        _put_day(session, day, leader, staff, note, rules) for day, leader, staff, note in parsed
    ]
    batches.remember(session, {"days": kept})
    audit.record(session, "新增", "排班", "导入", summary=f"导入排班 {len(parsed)} 天")
    if not parsed:
        raise ImportRejected([RowError(0, "日期", "表中没有排班行")])
    return len(parsed)


def _roster_row(
    row: dict[str, Any], by_name: dict[str, DutyPerson], errors: list[RowError]
) -> tuple[date, int, list[int], str] | None:
    n, bad = row["_row"], len(errors)
    day = parse_date(row.get("日期"))
    if day is None:
        errors.append(RowError(n, "日期", f"无法识别“{_cell(row, '日期')}”"))
    leader = by_name.get(_cell(row, "带班领导"))
    if leader is None or not leader.can_lead:
        why = "不在人员名单中" if leader is None else "不是带班领导"
        errors.append(RowError(n, "带班领导", f"“{_cell(row, '带班领导')}”{why}"))
    staff = []
    for name in (x for x in _SPLIT.split(_cell(row, "值班人员")) if x):
        person = by_name.get(name)
        if person is None:
            errors.append(RowError(n, "值班人员", f"“{name}”不在人员名单中"))
        else:
            staff.append(person.id)
    if not staff and len(errors) == bad:
        errors.append(RowError(n, "值班人员", "不能为空"))
    if len(errors) > bad or day is None or leader is None:
        return None
    return day, leader.id, staff, _clean_note(_cell(row, "备注"))


_GENERATED = re.compile(
    r"^(\d{1,2}:\d{2}—次日\d{1,2}:\d{2}|调休上班(（.*）)?|元旦|春节|清明节|劳动节|端午节|中秋节|国庆节)$"
)


def _clean_note(note: str) -> str:
    """Drop what our own export adds to 备注 (holiday name, shift hours), keep the rest."""
    return "　".join(p for p in re.split(r"[\s　]+", note) if p and not _GENERATED.match(p))


def _put_day(
    session: Session,
    day: date,
    leader: int,
    staff: list[int],
    note: str,
    rules: dict[str, config.ShiftRule],
) -> dict[str, Any]:
    """Put the day's roster in place of any earlier one; return what undo needs."""
    old = session.scalar(select(RosterDay).where(RosterDay.day == day))
    before = undo.day_state(old)
    if old is not None:
        session.delete(old)
        session.flush()
    info = cal.day_info(cal.days_in(session, day, day), day)
    rule = rules[day_kind(info)]
    new = RosterDay(
        day=day,
        kind=rule.kind,
        holiday=day_label(info),
        shift_start=rule.start,
        shift_end=rule.end,
        leader_id=leader,
        note=note,
        staff=[RosterStaff(person_id=p, position=i) for i, p in enumerate(staff)],
    )
    session.add(new)
    session.flush()
    return {"day": day.isoformat(), "id": new.id, "after": undo.day_state(new), "before": before}


def staff_table(session: Session, query: ExportQuery) -> ReportTable:
    rows = [
        (p.name, p.title, p.dept, p.phone, "是" if p.can_lead else "否", "是" if p.active else "否")
        for p in people(session)
    ]
    return ReportTable(
        "值班人员名单",
        [
            Column(h, w)
            for h, w in (
                ("姓名", 10),
                ("职务", 14),
                ("科室", 14),
                ("手机", 14),
                ("带班领导", 8),
                ("在岗", 6),
            )
        ],
        rows,
        unit=settings.org_name(session),
    )


ROSTER_TITLE = "节假日值班安排表"  # the shipped template's title, for one that has none
ROSTER_HEADERS = (
    "单位",
    "日期",
    "星期",
    "带班领导姓名",
    "带班领导职务",
    "带班领导手机",
    "值班人员姓名",
    "值班人员手机",
    "值班电话",
    "传真",
    "备注",
)


def _range(query: ExportQuery) -> tuple[date, date]:
    if query.date_from and query.date_to:
        return query.date_from, query.date_to
    if query.year:
        return date(query.year, 1, 1), date(query.year, 12, 31)
    today = clock.today()
    return today, today + timedelta(days=30)


def roster_table(session: Session, query: ExportQuery) -> ReportTable:
    """The county's 节假日值班表: a line a day; footer 填报人, 联系电话, 审核人, 填报日期."""
    start, end = _range(query)
    org = settings.org_name(session)
    phone, fax = config.text(session, config.DUTY_PHONE), config.text(session, config.DUTY_FAX)
    rows = []
    for r in roster(session, start, end):
        note = "　".join(x for x in (r.holiday, r.shift, r.note) if x)
        rows.append(
            (
                org,
                r.day,
                r.weekday,
                r.leader.name,
                r.leader.title,
                r.leader.phone,
                "、".join(p.name for p in r.staff),
                "、".join(p.phone for p in r.staff),
                phone,
                fax,
                note,
            )
        )
    widths = (14, 9, 7, 9, 12, 13, 14, 28, 13, 12, 20)
    template = _template(session)  # the PDF is titled and noted as the sheet it matches
    return ReportTable(
        template_title(template) or ROSTER_TITLE,
        [Column(h, w) for h, w in zip(ROSTER_HEADERS, widths, strict=True)],
        rows,
        unit=org,
        unit_label="填报单位（盖章）",
        subtitle=settings.dated(f"{start:%Y年%m月%d日}至{end:%Y年%m月%d日}"),
        footer_lines=[_footer(session, query), *template_notes(template)],
        printed=ROSTER_PRINTED,
    )


# The PDF as the county's sheet: the unit once above the table (盖章), not on every line;
# the day as 2026-10-01 on one line
ROSTER_PRINTED = (
    PrintColumn("日期", 9, fit=True),
    *(PrintColumn(name, width) for name, width in zip(ROSTER_HEADERS[2:],
      (5, 8, 9, 11, 12, 20, 11, 10, 16), strict=True)),
)  # fmt: skip


def _template(session: Session) -> str:
    return config.text(session, config.ROSTER_TEMPLATE) or str(sample_template())


def _signers(session: Session, query: ExportQuery) -> tuple[str, str, str]:
    opts = query.options or {}
    reporter = opts.get("填报人") or config.text(session, config.REPORTER) or _signed_in(session)
    phone = opts.get("联系电话") or config.text(session, config.REPORTER_PHONE)
    reviewer = opts.get("审核人") or config.text(session, config.REVIEWER)
    return reporter, phone, reviewer


def _signed_in(session: Session) -> str:
    """The signed-in clerk as 填报人; the command line is nobody's name on a county return
    (it printed "命令行" or user@PC): left blank to be written in by hand."""
    actor = actor_of(session)
    return actor.display_name if actor.user_id is not None else ""


def write_roster(session: Session, query: ExportQuery, path: Path) -> int:
    """xlsx: the county's own template (setting duty.roster_template, else the shipped
    sample) filled in; pdf: the same columns through the report kit."""
    if path.suffix.lower() != ".xlsx":
        return write_report(roster_table(session, query), path)
    template = _template(session)
    start, end = _range(query)
    phone, fax = config.text(session, config.DUTY_PHONE), config.text(session, config.DUTY_FAX)
    rows = [
        {
            "日期": r.day,
            "星期": r.weekday,
            "带班领导": r.leader.name,
            "带班领导职务": r.leader.title,
            "带班领导手机": r.leader.phone,
            "值班人员": "、".join(p.name for p in r.staff),
            "值班人员手机": "、".join(p.phone for p in r.staff),
            "值班电话": phone,
            "传真": fax,
            "备注": "　".join(x for x in (r.holiday, r.shift, r.note) if x),
        }
        for r in roster(session, start, end)
    ]
    reporter, reporter_phone, reviewer = _signers(session, query)
    labels = {
        "填报单位": settings.org_name(session),
        "填报日期": f"{clock.today():%Y年%m月%d日}",
        "填报人": reporter,
        "联系电话": reporter_phone,
        "审核人": reviewer,
    }
    try:
        return fill_template(template, path, HOLIDAY_DUTY_COLUMNS, rows, labels)
    except ReaderError as exc:
        raise ValidationError(f"县里的值班表模板无法使用：{exc.message}", "template") from exc


def _footer(session: Session, query: ExportQuery) -> str:
    reporter, phone, reviewer = _signers(session, query)
    return f"填报人：{reporter}　　联系电话：{phone}　　审核人：{reviewer}"


def _handling(e: EntryRow) -> str:
    if e.kind != EMERGENCY:
        return e.handling

    def at(value: datetime | None) -> str:
        return "未报" if value is None else f"{value.astimezone():%H:%M}"

    reports = f"电话报告 {at(e.phone_report_at)}；书面报告 {at(e.written_report_at)}"
    return f"{e.handling}（{reports}）" if e.handling else reports


LOG_HEADERS = (
    "日期",
    "时间",
    "类型",
    "来源单位",
    "来源人",
    "电话",
    "内容",
    "领导批示",
    "处理情况",
    "是否办结",
    "记录人",
)


def log_table(session: Session, query: ExportQuery) -> ReportTable:
    """The daily 值班日志; a 零报告 day reads 无事报平安."""
    start, end = _range(query)
    by_day: dict[date, list[tuple[Any, ...]]] = {}
    for e in entries(session, start, end):
        if e.handed_on:
            continue  # it appears again, open, in the next shift's log
        carried = "（上班移交）" if e.carried_from_id else ""
        by_day.setdefault(e.shift_day, []).append(
            (
                f"{e.shift_day.month}月{e.shift_day.day}日",
                f"{e.at.astimezone():%m-%d %H:%M}",
                e.kind,
                e.source_unit,
                e.source_person,
                e.source_phone,
                carried + e.content,
                e.instruction,
                _handling(e),
                "是" if e.done else "否",
                e.recorder,
            )
        )
    for h in handovers(session, start, end):
        by_day.setdefault(h.shift_day, []).append(
            (
                f"{h.shift_day.month}月{h.shift_day.day}日",
                f"{h.at.astimezone():%m-%d %H:%M}",
                "交接班",
                "",
                "",
                "",
                f"{h.handed_by}交班，{h.taken_by}接班；移交未办结事项 {h.open_items} 件",
                "",
                "",
                "是",
                h.handed_by,
            )
        )
    for day in zero_days(session, start, end):
        by_day.setdefault(day, []).append(
            (f"{day.month}月{day.day}日", "", "零报告", "", "", "", "无事报平安", "", "", "是", "")
        )
    rows = [row for day in sorted(by_day) for row in by_day[day]]
    widths = (8, 11, 8, 14, 8, 12, 30, 16, 16, 8, 8)
    org = settings.org_name(session)
    return ReportTable(
        f"值班日志（{start:%Y年%m月%d日}至{end:%Y年%m月%d日}）",
        [Column(h, w) for h, w in zip(LOG_HEADERS, widths, strict=True)],
        rows,
        unit=org,
        subtitle=settings.dated(""),
    )


IMPORTS = (
    ImportKind(
        "staff", "值班人员", STAFF_COLUMNS, headers.REQUIRED["staff"], load_staff, undo=undo.PEOPLE
    ),
    ImportKind(
        "roster",
        "排班表",
        ROSTER_COLUMNS,
        headers.REQUIRED["roster"],
        load_roster,
        undo=undo.ROSTER,
    ),
)
EXPORTS = (
    ExportKind("staff", "值班人员名单", staff_table),
    ExportKind("roster", "节假日值班表", roster_table, write_roster),
    ExportKind("duty-log", "值班日志", log_table),
)

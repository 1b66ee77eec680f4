"""Many 来访 cases at once: numbered in order, inserted in bulk, linked to earlier visits."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.orm import Session

from app.models.visits import VisitAccused, VisitCase, VisitPetitioner
from app.services.bulk import bulk_insert
from app.services.context import actor_of
from app.services.filing import numbering
from app.services.visits import cases, people

# 办结 columns of a case not yet concluded: every inserted row carries the same keys
UNDECIDED = {"outcome": "", "facts": "", "opinion": "", "delivery_means": "",
             "delivered_on": None, "satisfaction": "", "in_national_system": False,
             "national_no": ""}  # fmt: skip


def add_cases(
    session: Session, entries: list[tuple[cases.CaseForm, dict[str, Any]]]
) -> list[dict[str, Any]]:
    """register_case for each (form, columns to set over the form's) in the order given,
    checks left to the caller; returns the rows as inserted."""
    if not entries:
        return []
    rows = _case_rows(session, entries)
    bulk_insert(session, VisitCase, rows)
    ids = _new_ids(session, rows)
    _insert_people(session, ids, [form for form, _ in entries])
    _link(session, ids, rows)
    return rows


def _case_rows(
    session: Session, entries: list[tuple[cases.CaseForm, dict[str, Any]]]
) -> list[dict[str, Any]]:
    """Each case's columns; 登记编号 are taken from the year's counter as register_case does,
    after the highest one a row brings (a past year's register keeps its own numbers)."""
    by = {"registered_by_id": actor_of(session).user_id}
    rows = [cases.case_values(form) | UNDECIDED | extra | by for form, extra in entries]
    next_seq = {year: _take(session, year, [r for r in rows if r["year"] == year])
                for year in sorted({r["year"] for r in rows})}  # fmt: skip
    for row in rows:
        if not row.get("seq"):
            row["seq"] = next_seq[row["year"]]
            next_seq[row["year"]] += 1
        row["reg_no"] = cases.format_reg_no(row["year"], row["seq"])
    return rows


def _take(session: Session, year: int, rows: list[dict[str, Any]]) -> int:
    """The first of the year's numbers for its rows without one; a paper register's own
    numbers (seq given) move the counter first."""
    given = max((r.get("seq") or 0 for r in rows), default=0)
    if given:
        numbering.raise_to(session, numbering.VISIT_SERIES, year, given)
    count = sum(not r.get("seq") for r in rows)
    return numbering.allocate_block(session, numbering.VISIT_SERIES, year, count) if count else 0


def _new_ids(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    """The ids the database gave the rows just inserted, in the rows' order."""
    by_no: dict[str, int] = {}
    for year in {row["year"] for row in rows}:
        first = min(row["seq"] for row in rows if row["year"] == year)
        stmt = select(VisitCase.reg_no, VisitCase.id).where(
            VisitCase.year == year, VisitCase.seq >= first
        )
        by_no.update((no, case_id) for no, case_id in session.execute(stmt))
    return [by_no[row["reg_no"]] for row in rows]


def _insert_people(session: Session, ids: list[int], forms: list[cases.CaseForm]) -> None:
    persons, accused = [], []
    for case_id, form in zip(ids, forms, strict=True):
        persons += [p | {"case_id": case_id} for p in cases.petitioner_values(form.persons)]
        if (named := cases.accused_values(form)) is not None:
            accused.append(named | {"case_id": case_id})
    bulk_insert(session, VisitPetitioner, persons)
    bulk_insert(session, VisitAccused, accused)


def _link(session: Session, ids: list[int], rows: list[dict[str, Any]]) -> None:
    """The repeat links (known once every case has its id) and the national system's no."""
    repeats = people.repeat_links(people.person_rows(session), since=min(ids))
    table = cast(Table, VisitCase.__table__)
    stmt = update(table).where(table.c.id == bindparam("case_id"))
    stmt = stmt.values(repeat_of_id=bindparam("repeat_of"), national_no=bindparam("no"))
    changes = [
        {"case_id": case_id, "repeat_of": repeats.get(case_id), "no": _national_no(row, case_id)}
        for case_id, row in zip(ids, rows, strict=True)
        if case_id in repeats or row["in_national_system"]
    ]
    if changes:
        session.execute(stmt, changes)


def _national_no(row: dict[str, Any], case_id: int) -> str:
    return f"XF{row['concluded_on']:%Y%m%d}{case_id:04d}" if row["in_national_system"] else ""

"""Small builders shared by the 值班 service tests."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.services.duty.staff import DutyPersonForm, add_person


def add_staff(session: Session, leaders: int, staff: int) -> tuple[list[int], list[int]]:
    lead_ids = [
        add_person(session, DutyPersonForm(f"领导{n}", "副镇长", "党政办", f"1390000{n:04d}", True))
        for n in range(leaders)
    ]
    staff_ids = [
        add_person(session, DutyPersonForm(f"干部{n}", "科员", "党政办", f"1380000{n:04d}"))
        for n in range(staff)
    ]
    return lead_ids, staff_ids

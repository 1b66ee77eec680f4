"""Fixtures for the 用印 tests: a party seal, a government seal and a ready form."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from app.services.duty import staff
from app.services.seals import catalog
from app.services.seals.dto import SealForm, UseForm

CST = timezone(timedelta(hours=8))
T0 = datetime(2026, 3, 5, 9, 30, tzinfo=CST)


# The leaders who approve in these tests, as the staff list holds them.
LEADERS = (("王建国", "党委书记"), ("张明", "镇长"))


def put_on_staff(uow, *people: tuple[str, str], active: bool = True) -> None:
    """Approvers are people on the staff list holding the 职务: put these (name, 职务) there."""
    with uow() as s:
        for name, title in people:
            staff.add_person(s, staff.DutyPersonForm(name, title, "党政办", active=active))


@pytest.fixture(autouse=True)
def leaders_on_staff(uow) -> None:
    put_on_staff(uow, *LEADERS)


@pytest.fixture
def party_seal(uow, leaders_on_staff) -> int:
    with uow() as s:
        return catalog.add_seal(s, SealForm("中共某某镇委员会", "党委章", "李红", ["党委书记"]))


@pytest.fixture
def gov_seal(uow, leaders_on_staff) -> int:
    with uow() as s:
        return catalog.add_seal(s, SealForm("某某镇人民政府", "政府章", "李红"))


def use_form(seal_id: int, at: datetime = T0, **changes: object) -> UseForm:
    form = UseForm(
        seal_id=seal_id, used_at=at, unit="党政办", applicant="赵磊", purpose="报送县委",
        doc_title="关于报送年度工作总结的报告", copies=3, approver="王建国",
        approver_title="党委书记", approved_at=at - timedelta(hours=1), attested=True,
        supervisor="李红",
    )  # fmt: skip
    return replace(form, **changes)  # type: ignore[arg-type]

"""Seal loans: approvals by local practice, due the same day, return, overdue, 首页 待办."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from app import clock
from app.models.base import utcnow
from app.services import settings
from app.services.errors import ValidationError
from app.services.seals import catalog, ledger, loans
from app.services.seals.dto import Approval, SealLoanForm, StatusForm
from tests.services.seals.conftest import T0, use_form

BOTH = [Approval("王建国", "党委书记", T0 - timedelta(hours=1)),
        Approval("张明", "镇长", T0 - timedelta(minutes=30))]  # fmt: skip


def _lend(uow, seal: int, **kw) -> int:
    approvals = kw.pop("approvals", BOTH)
    form = SealLoanForm(seal, kw.pop("borrower", "赵磊"), "赴县里办理事项", approvals,
                        lent_at=kw.pop("lent_at", T0), **kw)  # fmt: skip
    with uow() as s:
        return loans.lend(s, form)


def test_lend_defaults_due_to_end_of_day_and_returns(uow, party_seal):
    loan_id = _lend(uow, party_seal)
    with uow() as s:
        row = loans.list_loans(s)[0]
        assert catalog.seal_row(s, party_seal).out_on_loan
    local_day = T0.astimezone().date()
    assert row.due_at == datetime.combine(local_day, time(23, 59, 59)).astimezone()
    assert row.overdue and [a.name for a in row.approvals] == ["王建国", "张明"]
    with uow() as s:
        loans.return_seal(s, loan_id, "李红", T0 + timedelta(hours=3))
        row = loans.list_loans(s)[0]
        assert not catalog.seal_row(s, party_seal).out_on_loan
        assert loans.overdue(s) == []
    assert row.received_by == "李红" and not row.overdue


@pytest.mark.parametrize(("changes", "message"), [
    ({"approvals": BOTH[:1]}, "印章外借须经镇长批准"),
    ({"approvals": [Approval("王建国", "党委书记", T0 + timedelta(minutes=5)), BOTH[1]]},
     "王建国的批准时间晚于借出时间"),
    ({"approvals": [Approval("王建国", "党委书记", None), BOTH[1]]}, "请填写王建国的批准时间"),
    ({"borrower": " "}, "请填写借用人"),
    ({"due_at": T0 - timedelta(minutes=1)}, "应还时间须晚于借出时间"),
])  # fmt: skip
def test_loan_rules(uow, party_seal, changes, message):
    with pytest.raises(ValidationError, match=message):
        _lend(uow, party_seal, **changes)


_HALF_HOUR_BEFORE = T0 - timedelta(minutes=30)


@pytest.mark.parametrize(("approval", "message"), [
    (Approval("门卫老张", "镇长", _HALF_HOUR_BEFORE), "审批人「门卫老张」不在人员名单中：外借须经"),
    (Approval("王建国", "镇长", _HALF_HOUR_BEFORE), "人员名单中王建国的职务是党委书记，不是镇长"),
])  # fmt: skip
def test_a_loan_approver_is_a_person_on_the_staff_list_holding_the_title(
    uow, party_seal, approval, message
):
    with pytest.raises(ValidationError, match=message) as refused:
        _lend(uow, party_seal, approvals=[BOTH[0], approval])
    assert refused.value.field == "approvals"
    with uow() as s:
        assert loans.list_loans(s) == []
        assert loans.approver_choices(s) == {"党委书记": ["王建国"], "镇长": ["张明"]}


def test_loan_approvers_are_local_practice(uow, party_seal):
    with uow() as s:
        settings.put(s, loans.LOAN_APPROVERS_KEY, ["党委书记"])
    loan_id = _lend(uow, party_seal, approvals=BOTH[:1])
    with uow() as s:
        [row] = loans.list_loans(s)
    assert row.id == loan_id and row.seal_id == party_seal and row.returned_at is None
    assert [a.name for a in row.approvals] == [BOTH[0].name]


def test_seal_out_cannot_be_used_in_office_or_lent_twice(uow, party_seal):
    _lend(uow, party_seal)
    with pytest.raises(ValidationError, match=r"已外借给赵磊.*归还前不能在办公室用印"), uow() as s:
        ledger.register_use(s, use_form(party_seal, at=T0 + timedelta(hours=1)))
    with pytest.raises(ValidationError, match="已外借未还"):
        _lend(uow, party_seal)
    with pytest.raises(ValidationError, match="外借未还，归还后才能改为停用"), uow() as s:
        catalog.change_status(s, StatusForm(party_seal, "停用", T0.date(), reason="换章"))
    with uow() as s:  # before it went out, the office used it
        ledger.register_use(s, use_form(party_seal, at=T0 - timedelta(minutes=5),
                                        approved_at=T0 - timedelta(minutes=50)))  # fmt: skip


def test_return_rules(uow, party_seal):
    loan_id = _lend(uow, party_seal)
    with pytest.raises(ValidationError, match="请填写接收人"), uow() as s:
        loans.return_seal(s, loan_id, "")
    with pytest.raises(ValidationError, match="归还时间不能早于借出时间"), uow() as s:
        loans.return_seal(s, loan_id, "李红", T0 - timedelta(hours=1))
    with uow() as s:
        loans.return_seal(s, loan_id, "李红", T0 + timedelta(hours=1))
    with pytest.raises(ValidationError, match="该印章已归还"), uow() as s:
        loans.return_seal(s, loan_id, "李红")


def test_overdue_and_todo(uow, party_seal, gov_seal):
    now = utcnow()
    approvals = [Approval(a.name, a.title, now - timedelta(days=2)) for a in BOTH]
    _lend(uow, party_seal, lent_at=now - timedelta(days=1), approvals=approvals)
    _lend(uow, gov_seal, lent_at=now - timedelta(minutes=1), approvals=approvals,
          due_at=now + timedelta(days=2), borrower="孙丽")  # fmt: skip
    with uow() as s:
        late = loans.overdue(s)
        items = loans.todo(s, clock.today())
    assert [r.seal_name for r in late] == ["中共某某镇委员会"]
    assert [(i.severity, i.page, i.module) for i in items] == [
        ("逾期", "seals", "用印"), ("提示", "seals", "用印")]  # fmt: skip
    assert items[0].title == "印章「中共某某镇委员会」外借未还" and items[0].days_left == -1


def test_demo_fills_a_chained_register_and_one_overdue_loan(uow):
    import random

    from app.services.seals import chain, demo
    from app.services.seals.dto import UseFilter

    with uow() as s:
        assert demo.fill(s, 30, random.Random(7)) == 30
    with uow() as s:
        assert ledger.count_uses(s, UseFilter()) == 31  # one 作废 entry
        assert chain.verify_chain(s).ok
        items = loans.todo(s, clock.today())
    assert [(i.severity, i.title) for i in items] == [
        ("逾期", "印章「某某镇人民政府财务专用章」外借未还")
    ]

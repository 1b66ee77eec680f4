"""借阅: approvals for 借出 and 密级 件, 应还日期, one 借出 at a time, overdue on 首页."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from app.models.archives import ArchiveLoan
from app.services import settings
from app.services.archives import loans
from app.services.errors import ValidationError
from app.services.todo import collect as collect_todos
from tests.services.archives.stock import add_items

TODAY = date(2026, 11, 30)  # the pinned clock


@pytest.fixture
def items(uow) -> dict[str, int]:
    with uow() as s:
        plain = add_items(s, 2025, "Y", 1)[0]
        secret = add_items(s, 2025, "Y", 1, start=2, secrecy="秘密")[0]
    return {"plain": plain, "secret": secret}


def _form(item: int, **kw) -> loans.LoanForm:
    values = {
        "loaned_on": TODAY,
        "borrower": "赵磊",
        "unit": "镇财政所",
        "purpose": "工作查考",
        "mode": "查阅",
        "handler": "李红",
    }
    values.update(kw)
    return loans.LoanForm(item, **values)


def _count(uow) -> int:
    with uow() as s:
        return s.scalar(select(func.count()).select_from(ArchiveLoan)) or 0


@pytest.mark.parametrize(
    ("which", "changes", "message"),
    [
        ("plain", {"mode": "借出", "due_on": date(2026, 12, 10)}, "借出须经批准"),
        (
            "plain",
            {"mode": "借出", "due_on": date(2026, 12, 10), "approver": "隔壁老王"},
            "借出须经批准",
        ),
        ("secret", {"mode": "查阅"}, "秘密件须经批准"),
        ("secret", {"mode": "摘抄", "approver": "门卫"}, "秘密件须经批准"),
        ("plain", {"mode": "借出", "approver": "分管领导"}, "借出须填写应还日期"),
        ("plain", {"mode": "复印"}, "利用方式只能是"),
        ("plain", {"borrower": "  "}, "请填写借阅人"),
        ("plain", {"purpose": ""}, "请填写利用目的"),
        ("plain", {"loaned_on": date(2026, 12, 1)}, "借阅日期不能晚于今天"),
    ],
)
def test_loan_rules_refuse_and_write_nothing(uow, items, which, changes, message):
    with uow() as s, pytest.raises(ValidationError, match=message):
        loans.lend(s, _form(items[which], **changes))
    assert _count(uow) == 0


def test_approved_loans_and_the_approver_list_is_local_practice(uow, items):
    with uow() as s:
        loans.lend(s, _form(items["secret"], approver="党政办主任"))
        settings.put(s, loans.APPROVERS_KEY, ["王书记"])
        loans.lend(
            s, _form(items["plain"], mode="借出", approver="王书记", due_on=date(2026, 12, 5))
        )
        with pytest.raises(ValidationError, match="王书记"):
            loans.lend(s, _form(items["secret"], approver="党政办主任"))
    assert _count(uow) == 2


def test_an_item_out_shows_as_out_and_cannot_go_out_twice(uow, items):
    out = _form(items["plain"], mode="借出", approver="分管领导", due_on=date(2026, 12, 5))
    with uow() as s:
        loan = loans.lend(s, out)
        assert loans.out_item_ids(s) == {items["plain"]}
        assert [p.out for p in loans.search_items(s, "第1项")] == [True]
        with pytest.raises(ValidationError, match="已借出未还"):
            loans.lend(s, out)
        loans.lend(s, _form(items["plain"]))  # 查阅 in the reading room is fine meanwhile
    with uow() as s:
        loans.return_loan(s, loan.id, date(2026, 11, 30))
        assert loans.out_item_ids(s) == set()
        with pytest.raises(ValidationError, match="已于 2026-11-30 归还"):
            loans.return_loan(s, loan.id)


def test_overdue_returns_show_on_home_until_returned(uow, items):
    with uow() as s:
        late = loans.lend(
            s,
            _form(
                items["plain"],
                mode="借出",
                approver="分管领导",
                loaned_on=date(2026, 11, 1),
                due_on=date(2026, 11, 20),
            ),
        )
        loans.lend(
            s, _form(items["secret"], mode="借出", approver="分管领导", due_on=date(2026, 12, 20))
        )
    with uow() as s:
        todos = loans.todo(s, TODAY)
        home = [t.title for t in collect_todos(s, TODAY) if t.module == "档案"]
        rows = loans.list_loans(s)
    assert [(t.title, t.days_left, t.severity) for t in todos] == [
        ("档案逾期未还：Z109-WS·2025-Y-BGS-0001", -10, "逾期")
    ]
    assert home == ["档案 逾期 1 件，最早 2026-11-20"]
    assert {r.archive_code: r.overdue_days for r in rows} == {
        "Z109-WS·2025-Y-BGS-0001": 10,
        "Z109-WS·2025-Y-BGS-0002": 0,
    }
    with uow() as s:
        loans.return_loan(s, late.id)
        assert [t for t in collect_todos(s, TODAY) if t.module == "档案"] == []

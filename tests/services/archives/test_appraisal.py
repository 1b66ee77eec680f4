"""鉴定, 销毁, 移交: expiry counted from the year after 年度; nothing is ever deleted."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from app import clock
from app.models.archives import DESTROYED, TRANSFERRED, Appraisal, ArchiveItem
from app.services.archives import appraisal, loans
from app.services.archives.appraisal import AppraisalForm, DisposalForm
from app.services.errors import ValidationError
from tests.services.archives.stock import add_items

TODAY = date(2026, 11, 30)


def test_expiry_counts_from_the_year_after_the_year_of_filing():
    assert appraisal.expiry_year(2015, "D10") == 2025  # kept 2016–2025
    assert appraisal.expiry_year(2015, "D30") == 2045
    assert appraisal.expiry_year(2015, "Y") == 9999
    assert appraisal.expiry_year(2015, "D10", 2030) == 2030


def test_due_for_appraisal_lists_only_run_out_periods(uow):
    with uow() as s:
        ran_out = add_items(s, 2015, "D10", 2)
        add_items(s, 2016, "D10", 1)  # runs to the end of 2026: not yet
        add_items(s, 1990, "Y", 1)
        add_items(s, 1996, "D30", 1)  # runs to the end of 2026: not yet
        assert [d.id for d in appraisal.due_for_appraisal(s, TODAY)] == ran_out
    with clock.pinned(datetime(2027, 1, 4, 10, 0)), uow() as s:
        assert len(appraisal.due_for_appraisal(s, clock.today())) == 4


def _count(uow, model) -> int:
    with uow() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_keep_moves_the_period_on_and_records_the_panel(uow):
    with uow() as s:
        ids = add_items(s, 2015, "D10", 2)
        appraisal.appraise(
            s, AppraisalForm(ids[:1], "续存", "张三、李四、王五", TODAY, "D10", "仍有查考价值")
        )
        assert [d.id for d in appraisal.due_for_appraisal(s, TODAY)] == ids[1:]
        row = s.scalars(select(Appraisal)).one()
        item = s.get(ArchiveItem, ids[0])
        assert (row.panel, row.decided_on, row.new_period) == ("张三、李四、王五", TODAY, "D10")
        assert item is not None and item.retain_until_year == 2036
    with uow() as s, pytest.raises(ValidationError, match="鉴定小组"):
        appraisal.appraise(s, AppraisalForm(ids[1:], "销毁", " ", TODAY))
    with uow() as s, pytest.raises(ValidationError, match="保管期限"):
        appraisal.appraise(s, AppraisalForm(ids[1:], "续存", "张三", TODAY, "五年"))
    assert _count(uow, Appraisal) == 1


def test_destroying_marks_and_never_deletes(uow):
    with uow() as s:
        ids = add_items(s, 2015, "D10", 3)
    batch = DisposalForm(ids[:2], "XH2026-1", TODAY, "李红", "纪委委员赵六")
    with uow() as s, pytest.raises(ValidationError, match="未经鉴定为销毁"):
        appraisal.destroy(s, batch)
    with uow() as s:
        appraisal.appraise(s, AppraisalForm(ids, "销毁", "张三、李四", TODAY))
    with uow() as s, pytest.raises(ValidationError, match="监销人"):
        appraisal.destroy(s, DisposalForm(ids[:2], "XH2026-1", TODAY, "李红"))
    with uow() as s:
        loans.lend(s, loans.LoanForm(ids[2], TODAY, "赵磊", "", "查考", "借出", "分管领导", TODAY))
    with uow() as s, pytest.raises(ValidationError, match="借出未还"):
        appraisal.destroy(s, DisposalForm(ids, "XH2026-1", TODAY, "李红", "赵六"))
    with uow() as s:
        assert appraisal.destroy(s, batch) == 2
    with uow() as s:
        kept = {i.id: i for i in s.scalars(select(ArchiveItem))}
        assert set(kept) == set(ids)  # still there
        gone = kept[ids[0]]
        assert (
            gone.status,
            gone.destroyed_on,
            gone.destroyed_by,
            gone.destroy_supervisor,
            gone.destroy_batch,
        ) == (DESTROYED, TODAY, "李红", "纪委委员赵六", "XH2026-1")
        assert [d.id for d in appraisal.due_for_appraisal(s, TODAY)] == ids[2:]
        assert [r.archive_code for r in appraisal.batch_rows(s, "销毁", "XH2026-1")] == [
            "Z109-WS·2015-D10-BGS-0001",
            "Z109-WS·2015-D10-BGS-0002",
        ]
    with uow() as s, pytest.raises(ValidationError, match="已销毁"):
        appraisal.destroy(s, batch)


def test_transfer_after_ten_years_keeps_the_items(uow):
    with uow() as s:
        due = add_items(s, 2016, "Y", 2) + add_items(s, 2016, "D30", 1)
        add_items(s, 2016, "D10", 1)  # stays in the 档案室
        add_items(s, 2017, "Y", 1)
        assert [d.id for d in appraisal.due_for_transfer(s, TODAY)] == due
        assert appraisal.transfer(s, DisposalForm(due, "YJ2026-1", TODAY, "李红")) == 3
    with uow() as s:
        assert appraisal.due_for_transfer(s, TODAY) == []
        statuses = [i.status for i in s.scalars(select(ArchiveItem).order_by(ArchiveItem.id))]
    assert statuses.count(TRANSFERRED) == 3 and len(statuses) == 5


@pytest.mark.parametrize(("year", "period", "shown"), [
    (2016, "D10", "保管至2026年底"), (1990, "Y", "永久保存"), (2000, "D30", "保管至2030年底"),
])  # fmt: skip
def test_only_a_run_out_period_may_be_appraised_for_destruction(uow, year, period, shown):
    with uow() as s:
        ids = add_items(s, year, period, 1)
    with uow() as s, pytest.raises(ValidationError, match=f"{shown}，保管期限未满"):
        appraisal.appraise(s, AppraisalForm(ids, "销毁", "张三、李四", TODAY))
    assert _count(uow, Appraisal) == 0

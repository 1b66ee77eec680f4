"""The seals registry: kinds, default approvers from settings, dated status records."""

from __future__ import annotations

from datetime import date

import pytest

from app.services import audit, settings
from app.services.errors import ValidationError
from app.services.seals import catalog
from app.services.seals.dto import SealForm, StatusForm

D = date(2026, 3, 5)


def test_add_seal_takes_kind_default_approvers_from_settings(uow, gov_seal):
    with uow() as s:
        settings.put(s, catalog.DEFAULT_APPROVERS_KEY, {"党政办章": ["党政办主任", "镇长"]})
        office = catalog.add_seal(s, SealForm("某某镇党政办公室", "党政办章"))
        rows = {r.id: r for r in catalog.list_seals(s)}
    assert rows[gov_seal].approvers == ("镇长",) and rows[gov_seal].status == "在用"
    assert rows[office].approvers == ("党政办主任", "镇长")


@pytest.mark.parametrize(("form", "message"), [
    (SealForm("", "党委章"), "请填写印章名称"),
    (SealForm("某章", "公章"), "印章类别只能是：党委章、政府章、党政办章、专用章、钢印、个人名章"),
    (SealForm("某某镇人民政府", "政府章"), "印章「某某镇人民政府」已登记"),
])  # fmt: skip
def test_add_seal_rules(uow, gov_seal, form, message):
    with pytest.raises(ValidationError, match=message), uow() as s:
        catalog.add_seal(s, form)


def test_status_change_is_dated_and_audited(uow, gov_seal):
    with uow() as s:
        catalog.change_status(s, StatusForm(gov_seal, "封存", D, reason="机构改革"))
        catalog.change_status(s, StatusForm(gov_seal, "销毁", date(2026, 4, 1), reason="到期销毁",
                                            witnesses=["王建国", "张明"]))  # fmt: skip
        history = catalog.status_history(s, gov_seal)
        row = catalog.seal_row(s, gov_seal)
        trail = audit.query(s, audit.AuditFilter(entity="印章", action="修改"))
    assert [(h.status, h.effective_on) for h in history] == [
        ("封存", D),
        ("销毁", date(2026, 4, 1)),
    ]
    assert history[1].witnesses == "王建国、张明"
    assert row.status == "销毁" and row.status_since == date(2026, 4, 1)
    assert [t.summary for t in trail] == ["某某镇人民政府：封存→销毁", "某某镇人民政府：在用→封存"]


@pytest.mark.parametrize(("form", "message"), [
    (StatusForm(0, "遗失", D, reason="丢失"), "印章遗失须登记声明作废的日期"),
    (StatusForm(0, "遗失", D, reason="丢失", void_declared_on=date(2026, 3, 1)),
     "声明作废日期不能早于遗失日期"),
    (StatusForm(0, "销毁", D, reason="到期"), "销毁印章须登记见证人（监销人）"),
    (StatusForm(0, "停用", D), "请填写停用的原因"),
    (StatusForm(0, "在用", D), "已是在用状态"),
    (StatusForm(0, "作废", D, reason="x"), "印章状态只能是"),
])  # fmt: skip
def test_status_rules(uow, gov_seal, form, message):
    from dataclasses import replace

    with pytest.raises(ValidationError, match=message), uow() as s:
        catalog.change_status(s, replace(form, seal_id=gov_seal))


def test_lost_and_destroyed_are_final(uow, gov_seal):
    with uow() as s:
        catalog.change_status(s, StatusForm(gov_seal, "遗失", D, reason="丢失",
                                            void_declared_on=date(2026, 3, 8)))  # fmt: skip
    with pytest.raises(ValidationError, match="已遗失，不能再改为在用"), uow() as s:
        catalog.change_status(s, StatusForm(gov_seal, "在用", date(2026, 3, 9)))


def test_status_date_cannot_go_back(uow, gov_seal):
    with uow() as s:
        catalog.change_status(s, StatusForm(gov_seal, "停用", D, reason="换章"))
    with pytest.raises(ValidationError, match="生效日期不能早于上次状态变更"), uow() as s:
        catalog.change_status(s, StatusForm(gov_seal, "在用", date(2026, 3, 1)))


def test_set_approvers_needs_the_settings_right(uow, gov_seal, make_user):
    from app.services.context import Role
    from app.services.errors import PermissionDenied

    clerk = make_user(Role.CLERK)
    with pytest.raises(PermissionDenied), uow(clerk) as s:
        catalog.set_approvers(s, gov_seal, ["镇长", "常务副镇长"])
    with uow() as s:
        catalog.set_approvers(s, gov_seal, ["镇长", " 常务副镇长 "])
        assert catalog.seal_row(s, gov_seal).approvers == ("镇长", "常务副镇长")
        trail = audit.query(s, audit.AuditFilter(entity="印章", action="修改"))
    assert len(trail) == 1

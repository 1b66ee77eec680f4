"""用印登记 rules (domain.md §2), each with its Chinese message; numbering; void; audit."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.models.base import utcnow
from app.services import audit
from app.services.context import Role
from app.services.errors import PermissionDenied, ValidationError
from app.services.seals import approvers, catalog, ledger
from app.services.seals.dto import StatusForm, UseFilter
from tests.services.seals.conftest import T0, put_on_staff, use_form


def _refused(uow, form, message: str, field: str) -> None:
    with pytest.raises(ValidationError) as err, uow() as s:
        ledger.register_use(s, form)
    assert message in err.value.message
    assert err.value.field == field
    with uow() as s:
        assert ledger.count_uses(s, UseFilter()) == 0


def test_register_numbers_per_year_and_records_who(uow, party_seal, admin):
    with uow() as s:
        first = ledger.register_use(s, use_form(party_seal))
        second = ledger.register_use(s, use_form(party_seal, at=T0 + timedelta(days=1)))
        ledger.register_use(s, use_form(party_seal, at=T0.replace(year=2025)))
    with uow() as s:
        rows = ledger.list_uses(s, UseFilter())
        trail = audit.query(s, audit.AuditFilter(entity="用印登记"))
    assert [r.number for r in rows] == ["2026-0001", "2026-0002", "2025-0001"]
    assert [r.seq for r in rows] == [1, 2, 3]
    assert rows[0].id == first and rows[1].id == second
    assert rows[0].seal_name == "中共某某镇委员会" and rows[0].recorded_by == admin.display_name
    assert {t.username for t in trail} == {admin.display_name} and len(trail) == 3


def test_seal_must_be_in_use(uow, party_seal):
    with uow() as s:
        catalog.change_status(s, StatusForm(party_seal, "停用", T0.date(), reason="换新章"))
    _refused(uow, use_form(party_seal), "2026-03-05为停用状态，不能用印", "seal_id")


def test_approver_must_be_allowed_for_the_seal(uow, party_seal):
    form = use_form(party_seal, approver="张明", approver_title="镇长")
    _refused(uow, form, "张明（镇长）无权审批「中共某某镇委员会」的用印（可审批：党委书记）",
             "approver")  # fmt: skip


def test_approver_by_name_is_allowed(uow):
    with uow() as s:
        seal = catalog.add_seal(s, catalog.SealForm("财务专用章", "专用章", approvers=["张明"]))
        use_id = ledger.register_use(s, use_form(seal, approver="张明", approver_title=""))
    with uow() as s:
        row = ledger.get_use(s, use_id)
    assert (row.seal_id, row.approver, row.approver_title) == (seal, "张明", "")


def test_the_approver_is_a_person_on_the_staff_list_holding_the_title(uow, gov_seal):
    """Was: "门卫老张 / 镇长" accepted. A typed name and 职务 prove nothing: the approver is
    a person on the staff list whose 职务 is the one configured, matched exactly."""
    put_on_staff(uow, ("老张", "门卫"), ("李强", "镇长助理"))
    put_on_staff(uow, ("周平", "镇长"), active=False)  # has left: no new approvals
    _refused(
        uow,
        use_form(gov_seal, approver="门卫老张", approver_title="镇长"),
        "审批人「门卫老张」不在人员名单中：用印须经人员名单中的镇长审批",
        "approver",
    )
    _refused(
        uow,
        use_form(gov_seal, approver="老张", approver_title="镇长"),
        "人员名单中老张的职务是门卫，不是镇长",
        "approver_title",
    )
    _refused(
        uow,
        use_form(gov_seal, approver="李强", approver_title=""),
        "李强无权审批「某某镇人民政府」的用印（可审批：镇长）",
        "approver",
    )
    _refused(
        uow,
        use_form(gov_seal, approver="张明 ", approver_title="镇 长"),
        "人员名单中张明的职务是镇长，不是镇 长",
        "approver_title",
    )
    _refused(
        uow,
        use_form(gov_seal, approver="周平", approver_title="镇长"),
        "审批人「周平」不在人员名单中",
        "approver",
    )
    with uow() as s:
        use_id = ledger.register_use(s, use_form(gov_seal, approver="张明", approver_title=""))
        assert ledger.get_use(s, use_id).approver == "张明"
        names = approvers.choices(s, gov_seal)
    assert [(a.name, a.title) for a in names] == [("张明", "镇长")]


def test_no_approval_no_record(uow, party_seal):
    _refused(uow, use_form(party_seal, approver=" "), "未经审批不得用印", "approver")
    _refused(uow, use_form(party_seal, approved_at=None), "先审批后用印", "approved_at")


def test_approval_must_come_before_use(uow, party_seal):
    late = use_form(party_seal, approved_at=T0 + timedelta(minutes=1))
    _refused(uow, late, "审批时间晚于用印时间：须先审批、后用印", "approved_at")


def test_copies_at_least_one(uow, party_seal):
    _refused(uow, use_form(party_seal, copies=0), "份数至少为 1", "copies")


def test_attestation_required(uow, party_seal):
    _refused(uow, use_form(party_seal, attested=False), "严禁在空白纸张", "attested")


def test_required_texts(uow, party_seal):
    _refused(uow, use_form(party_seal, doc_title=""), "请填写文件名称", "doc_title")
    _refused(uow, use_form(party_seal, purpose=""), "请填写用印事由", "purpose")


def test_use_in_the_future_refused(uow, party_seal):
    later = utcnow() + timedelta(days=1)
    _refused(uow, use_form(party_seal, at=later), "用印时间不能晚于当前时间", "used_at")


def test_leader_may_not_register(uow, party_seal, make_user):
    leader = make_user(Role.LEADER)
    with pytest.raises(PermissionDenied), uow(leader) as s:
        ledger.register_use(s, use_form(party_seal))


def test_void_is_a_new_entry_naming_the_original(uow, party_seal):
    with uow() as s:
        original = ledger.register_use(s, use_form(party_seal))
    with uow() as s:
        void_id = ledger.void_use(s, original, "份数登记错误")
    with uow() as s:
        rows = ledger.list_uses(s, UseFilter())
        trail = audit.query(s, audit.AuditFilter(entity="用印登记", action="作废"))
    assert [r.kind for r in rows] == ["用印", "作废"]
    assert rows[0].voided_by_id == void_id and rows[0].copies == 3  # original untouched
    assert rows[1].voids_id == original and rows[1].void_reason == "份数登记错误"
    assert rows[1].note == "作废 2026-0001" and rows[1].seq == 2
    assert len(trail) == 1


def test_void_rules(uow, party_seal):
    with uow() as s:
        original = ledger.register_use(s, use_form(party_seal))
    with pytest.raises(ValidationError, match="请填写作废原因"), uow() as s:
        ledger.void_use(s, original, "  ")
    with uow() as s:
        void_id = ledger.void_use(s, original, "重复登记")
    with pytest.raises(ValidationError, match="已作废，不能重复作废"), uow() as s:
        ledger.void_use(s, original, "再次")
    with pytest.raises(ValidationError, match="作废登记本身不能再作废"), uow() as s:
        ledger.void_use(s, void_id, "再次")


def test_numbers_are_never_reused_after_void(uow, party_seal):
    with uow() as s:
        first = ledger.register_use(s, use_form(party_seal))
        ledger.void_use(s, first, "填错")
        ledger.register_use(s, use_form(party_seal, at=T0 + timedelta(hours=1)))
    with uow() as s:
        numbers = [r.number for r in ledger.list_uses(s, UseFilter())]
    assert numbers == ["2026-0001", "", "2026-0002"]


def test_filter_by_text_and_dates(uow, party_seal):
    with uow() as s:
        ledger.register_use(s, use_form(party_seal, doc_title="介绍信"))
        ledger.register_use(s, use_form(party_seal, at=T0 + timedelta(days=40)))
    with uow() as s:
        assert [r.doc_title for r in ledger.list_uses(s, UseFilter(text="介绍"))] == ["介绍信"]
        march = UseFilter(date_from=T0.date().replace(day=1), date_to=T0.date().replace(day=31))
        assert ledger.count_uses(s, march) == 1


def test_known_values_most_used_first(uow, party_seal):
    with uow() as s:
        for unit in ("财政所", "党政办", "党政办"):
            ledger.register_use(s, use_form(party_seal, unit=unit))
        assert ledger.known_values(s, "unit") == ["党政办", "财政所"]
        assert ledger.known_values(s, "approver") == ["王建国"]


def test_a_use_before_the_seal_was_retired_stays_valid(uow, party_seal):
    """The seal is checked on the day of use: entered late, a use of a seal since 封存 is
    valid; one after the 封存 is not."""
    with uow() as s:
        catalog.change_status(s, StatusForm(party_seal, "封存", T0.date() + timedelta(days=10),
                                            reason="机构改革"))  # fmt: skip
        assert ledger.register_use(s, use_form(party_seal)) > 0
    late = use_form(party_seal, at=T0 + timedelta(days=11))
    with pytest.raises(ValidationError, match="2026-03-16为封存状态"), uow() as s:
        ledger.register_use(s, late)


def test_one_latin_letter_finds_either_case_on_both_engines(uow, party_seal):
    """A letter scans by LIKE: case-blind on SQLite, and now on the office server too."""
    with uow() as s:
        ledger.register_use(s, use_form(party_seal, doc_title="关于ETC推广的报告"))
    with uow() as s:
        found = ledger.list_uses(s, UseFilter(text="e"))
        assert [r.doc_title for r in found] == ["关于ETC推广的报告"]
        assert ledger.count_uses(s, UseFilter(text="〔t")) == 0

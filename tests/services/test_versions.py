"""Edits that collide: two sessions on one database, the last save refused, never lost."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import update

from app import clock
from app.models.seals import Seal
from app.services import users
from app.services.context import Role
from app.services.duty import staff
from app.services.errors import ConflictError
from app.services.seals import catalog
from app.services.seals.dto import SealForm
from app.services.session import STALE, unit_of_work


def test_a_save_on_an_old_copy_names_who_saved_since_and_when(uow, make_user):
    director = make_user(Role.DIRECTOR, "zhuren")
    with uow() as s:
        pid = staff.add_person(s, staff.DutyPersonForm("张三", "科员", "党政办", "13800000000"))
    with uow() as s:  # window 1 loads the person into its form
        seen = staff.person(s, pid)
    with clock.pinned(datetime(2026, 11, 30, 10, 25)), uow(director) as s:  # window 2 saves
        form = staff.DutyPersonForm("张三", "副主任", "党政办", "13800000000", version=seen.version)
        staff.update_person(s, pid, form)
    mine = staff.DutyPersonForm("张三", "科员", "综治办", "13911111111", version=seen.version)
    with pytest.raises(ConflictError) as refused, uow() as s:
        staff.update_person(s, pid, mine)
    assert refused.value.who == "zhuren" and refused.value.at is not None
    assert refused.value.at.strftime("%Y-%m-%d %H:%M") == "2026-11-30 10:25"
    assert refused.value.message.startswith("值班人员“张三”已被zhuren于2026-11-30 10:25修改")
    with uow() as s:
        now = staff.person(s, pid)
    assert (now.title, now.dept, now.version) == ("副主任", "党政办", seen.version + 1)


def test_the_fresh_version_saves(uow):
    with uow() as s:
        pid = staff.add_person(s, staff.DutyPersonForm("李四"))
        seen = staff.person(s, pid)
    with uow() as s:
        staff.update_person(s, pid, staff.DutyPersonForm("李四", "科员", version=seen.version))
    with uow() as s:
        assert staff.person(s, pid).title == "科员"


def test_users_and_seals_refuse_an_old_copy_too(uow, admin):
    with uow() as s:
        uid = users.add_user(s, "wang", "王五", Role.CLERK, "password-123")
        seal_id = catalog.add_seal(s, SealForm("党委印章", "党委章", approvers=["党委书记"]))
        old_user = next(u for u in users.list_users(s) if u.id == uid)
        old_seal = next(x for x in catalog.list_seals(s) if x.id == seal_id)
    with uow() as s:
        users.update_user(s, uid, "王五", Role.DIRECTOR, True, old_user.version)
        catalog.set_approvers(s, seal_id, ["镇长"], old_seal.version)
    with pytest.raises(ConflictError, match="用户“wang”已被管理员于"), uow() as s:
        users.update_user(s, uid, "王五", Role.LEADER, True, old_user.version)
    with pytest.raises(ConflictError, match="印章「党委印章」已被管理员于"), uow() as s:
        catalog.set_approvers(s, seal_id, ["副镇长"], old_seal.version)
    with uow() as s:
        assert next(u for u in users.list_users(s) if u.id == uid).role == Role.DIRECTOR
        assert catalog.get_seal(s, seal_id).approvers_json == '["镇长"]'


def test_a_stale_flush_is_a_conflict_not_a_bug(uow, admin):
    """The race past the check: the row's version moved under a loaded object."""
    with uow() as s:
        seal_id = catalog.add_seal(s, SealForm("党政办印章", "党政办章", approvers=["镇长"]))
    with pytest.raises(ConflictError) as refused, unit_of_work(admin) as s:
        seal = s.get(Seal, seal_id)
        s.execute(  # another writer's commit, as the database sees it
            update(Seal).where(Seal.id == seal_id).values(version=Seal.version + 1),
            execution_options={"synchronize_session": False},
        )
        seal.note = "本次修改"
    assert refused.value.message == STALE
    with uow() as s:
        assert catalog.get_seal(s, seal_id).note == ""


def test_settings_saved_on_an_old_copy_are_refused_with_who(uow, make_user):
    """设置 have no version column: what the form loaded is compared with what is stored."""
    from dataclasses import replace

    from app.services import settings
    from app.services.duty import config

    director = make_user(Role.DIRECTOR, "zhuren")
    with uow() as s:
        org, practice = settings.org_info(s), config.practice(s)
    with uow(director) as s:  # another window saves first
        settings.save_org(s, replace(org, fonds_code="Z110"), seen=org)
        config.save_practice(s, replace(practice, fax="0731-1234567"), practice)
    with pytest.raises(ConflictError, match="单位信息已被zhuren于"), uow() as s:
        settings.save_org(s, replace(org, name="某某镇党委"), seen=org)
    with pytest.raises(ConflictError, match="值班的班次规则与本地做法已被zhuren于"), uow() as s:
        config.save_practice(s, replace(practice, reviewer="李主任"), practice)
    with uow() as s:
        assert settings.org_info(s).fonds_code == "Z110"
        assert (config.practice(s).fax, config.practice(s).reviewer) == ("0731-1234567", "")


def test_a_move_on_an_old_copy_is_refused_before_its_rule(uow, make_user):
    """Two clerks 初审 the same 收文: the second hears who moved it, not a state puzzle."""
    from app.services.filing import incoming
    from app.services.versions import Seen, require_current

    director = make_user(Role.DIRECTOR, "zhuren")
    with uow() as s:
        doc_id = incoming.receive(s, incoming.ReceiveForm("县政府办", "关于防汛的通知"))
    with uow(director) as s:
        incoming.review(s, doc_id)
    with pytest.raises(ConflictError, match="收文“关于防汛的通知”已被zhuren于"), uow() as s:
        require_current(s, Seen("收文", doc_id, 1))
        incoming.review(s, doc_id)
    with uow() as s:
        require_current(s, Seen("收文", doc_id, 2))  # the fresh copy passes

"""单位信息 saved through the service (audited, role-checked) and the audit viewer's queries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app import clock
from app.services import audit, settings, users
from app.services.context import Role
from app.services.errors import PermissionDenied, ValidationError
from app.services.registry import EXPORTS, ExportQuery


def test_save_org_is_audited(uow):
    with uow() as session:
        settings.save_org(
            session, settings.OrgInfo(" 某某镇党委 ", "z110", ("镇委", " 镇委", "镇政"))
        )
    with uow() as session:
        info = settings.org_info(session)
        entries = audit.query(session, audit.AuditFilter(entity="设置"))
    assert info == settings.OrgInfo("某某镇党委", "Z110", ("镇委", "镇政"))
    changed = {e.entity_id for e in entries if e.action == "修改"}
    assert {settings.ORG_NAME, settings.FONDS_CODE, settings.ISSUER_CODES} <= changed


@pytest.mark.parametrize(
    ("info", "field"),
    [(settings.OrgInfo("", "Z1", ("镇政",)), "org_name"),
     (settings.OrgInfo("某镇", "Z-1", ("镇政",)), "fonds_code"),
     (settings.OrgInfo("某镇", "Z1", (" ",)), "issuer_codes")],
)  # fmt: skip
def test_save_org_rejects_bad_input(uow, info, field):
    with pytest.raises(ValidationError) as caught, uow() as session:
        settings.save_org(session, info)
    assert caught.value.field == field
    with uow() as session:
        assert settings.org_info(session).name == "某某镇人民政府"


def test_clerk_cannot_change_settings_or_read_audit(uow, make_user):
    clerk = make_user(Role.CLERK)
    with pytest.raises(PermissionDenied), uow(clerk) as session:
        settings.save_org(session, settings.OrgInfo("某镇", "Z1", ("镇政",)))
    with pytest.raises(PermissionDenied), uow(clerk) as session:
        audit.query(session, audit.AuditFilter())
    with pytest.raises(PermissionDenied), uow(clerk) as session:
        users.list_users(session)


def test_audit_filters_and_choices(uow, make_user):
    make_user(Role.CLERK, "wenshu")
    today = clock.today()
    with uow() as session:
        added = audit.query(session, audit.AuditFilter(action="新增", entity="用户"))
        entities, actions = audit.choices(session)
        none_tomorrow = audit.query(session, audit.AuditFilter(date_from=today + timedelta(1)))
        by_user = audit.query(session, audit.AuditFilter(username="管理", action="登录"))
    assert {"用户", "设置"} <= set(entities) and {"新增", "登录"} <= set(actions)
    assert [e.summary for e in added] == ["wenshu", "admin"]
    assert none_tomorrow == []
    assert by_user and all(e.action == "登录" for e in by_user)


def test_audit_export_kind_builds_a_table(uow):
    with uow() as session:
        table = EXPORTS["audit"].build(session, ExportQuery(year=clock.today().year))
    rows = list(table.rows)
    assert table.title == "审计日志" and table.unit == "某某镇人民政府"
    assert any(row[3] == "登录" for row in rows)  # after 时间, 用户 and 电脑
    assert len(table.columns) == len(rows[0])


def test_audit_export_honours_viewer_filters(uow, tmp_path):
    from openpyxl import load_workbook

    from app.services.transfer import export_file

    out = tmp_path / "审计.xlsx"
    with uow() as session:
        query = ExportQuery(date_from=clock.today(), options={"action": "登录"})
        written = export_file(session, "audit", out, query)
    cells = [c.value for row in load_workbook(out).active.iter_rows() for c in row]
    assert written >= 1
    assert "登录" in cells and "新增" not in cells


def test_calendar_seeded_once_and_unknown_year_reported(uow):
    from app.services import calendar

    with uow() as session:
        assert calendar.ensure_seeded(session, 2026)
        calendar.set_day(session, date(2026, 10, 1), None)  # a local correction
        assert calendar.ensure_seeded(session, 2026)  # not re-seeded over the correction
        assert calendar.ensure_seeded(session, 2099)  # the statutory days, 调休 unknown
        assert calendar.shifts_unknown(session, 2099) and not calendar.shifts_unknown(session, 2026)
    with uow() as session:
        oct1 = next(d for d in calendar.month(session, 2026, 10) if d.day.day == 1)
        oct2 = next(d for d in calendar.month(session, 2026, 10) if d.day.day == 2)
    assert oct1.kind == "工作日" and oct2.kind == "节假日"

"""换班 and manual changes; 值班日志: calls, 交接班, 零报告, 突发事件 warnings."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from app.services.audit import AuditFilter
from app.services.audit import query as audit_query
from app.services.context import Role
from app.services.duty import changes, log, roster
from app.services.duty.log import EntryForm
from app.services.errors import PermissionDenied, ValidationError
from tests.services.duty.helpers import add_staff

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def _ids(row: roster.RosterDayRow) -> set[int]:
    return {row.leader.id, *(p.id for p in row.staff)}


def test_swap_trades_days_and_keeps_history(uow):
    with uow() as s:
        add_staff(s, 3, 8)
        roster.generate(s, date(2026, 3, 2), date(2026, 3, 13))
        monday, thursday = roster.on_duty(s, date(2026, 3, 2)), roster.on_duty(s, date(2026, 3, 5))
        a, b = monday.staff[0], thursday.staff[0]
        swap_id = changes.swap(
            s,
            changes.SwapForm(
                date(2026, 3, 2), a.id, b.id, "领导0", NOW, date(2026, 3, 5), "家中有事"
            ),
        )
    with uow() as s:
        assert b.id in _ids(roster.on_duty(s, date(2026, 3, 2)))
        assert a.id in _ids(roster.on_duty(s, date(2026, 3, 5)))
        history = changes.swaps(s)
        trail = audit_query(s, AuditFilter(entity="换班"))
    assert [(h.id, h.person_a, h.person_b, h.consent_by) for h in history] == [
        (swap_id, a.name, b.name, "领导0")
    ]
    assert history[0].consent_at == NOW and history[0].reason == "家中有事"
    assert trail


def test_swap_needs_consent_and_same_role(uow):
    with uow() as s:
        _leads, staff = add_staff(s, 3, 8)
        roster.generate(s, date(2026, 3, 2), date(2026, 3, 6))
        day = roster.on_duty(s, date(2026, 3, 2))
        free = next(
            p for p in staff if p not in _ids(day) | _ids(roster.on_duty(s, date(2026, 3, 3)))
        )
        with pytest.raises(ValidationError, match="带班领导同意"):
            changes.swap(s, changes.SwapForm(date(2026, 3, 2), day.staff[0].id, free, " ", NOW))
        with pytest.raises(ValidationError, match="带班领导只能与带班领导"):
            changes.swap(s, changes.SwapForm(date(2026, 3, 2), day.leader.id, free, "领导1", NOW))
        changes.swap(s, changes.SwapForm(date(2026, 3, 2), day.staff[0].id, free, "领导1", NOW))
        assert free in _ids(roster.on_duty(s, date(2026, 3, 2)))


def test_swap_refuses_two_days_running(uow):
    with uow() as s:
        add_staff(s, 3, 6)
        roster.generate(s, date(2026, 3, 2), date(2026, 3, 6))
        mon, tue = roster.on_duty(s, date(2026, 3, 2)), roster.on_duty(s, date(2026, 3, 3))
        with pytest.raises(ValidationError, match="连续两天"):
            changes.swap(
                s,
                changes.SwapForm(date(2026, 3, 2), mon.staff[0].id, tue.staff[0].id, "领导0", NOW),
            )


def test_manual_day_change_keeps_rules(uow):
    with uow() as s:
        leads, staff = add_staff(s, 3, 8)
        roster.generate(s, date(2026, 3, 2), date(2026, 3, 6))
        wed = roster.on_duty(s, date(2026, 3, 4))
        with pytest.raises(ValidationError, match="只能带班"):
            changes.set_day(s, date(2026, 3, 4), wed.leader.id, [leads[0]])
        busy = {
            *_ids(roster.on_duty(s, date(2026, 3, 3))),
            *_ids(roster.on_duty(s, date(2026, 3, 5))),
        }
        pick = next(p for p in staff if p not in busy)
        changes.set_day(s, date(2026, 3, 4), wed.leader.id, [pick], "临时调整")
        row = roster.on_duty(s, date(2026, 3, 4))
    assert [p.id for p in row.staff] == [pick] and row.note == "临时调整"


def test_clerk_may_not_generate_without_rights(uow, make_user):
    archivist = make_user(Role.ARCHIVIST)
    with uow(archivist) as s, pytest.raises(PermissionDenied):
        roster.generate(s, date(2026, 3, 2), date(2026, 3, 6))


def test_phone_call_five_elements(uow):
    with uow() as s:
        with pytest.raises(ValidationError, match="来电单位或来电人"):
            log.add_entry(s, log.call_form(NOW, "", "", "", "询问", "", "张三"))
        entry_id = log.add_entry(
            s,
            log.call_form(
                NOW, "县委办", "王科长", "0571-1234", "通知明早开会", "请书记参加", "张三"
            ),
        )
        row = log.entry(s, entry_id)
    assert (row.kind, row.source_unit, row.source_person, row.source_phone) == (
        "来电",
        "县委办",
        "王科长",
        "0571-1234",
    )
    assert (row.content, row.instruction, row.recorder, row.at) == (
        "通知明早开会",
        "请书记参加",
        "张三",
        NOW,
    )


def test_a_call_before_the_morning_change_belongs_to_last_night(uow):
    with uow() as s:
        local = datetime(2026, 3, 11, 2, 30).astimezone()
        day = log.shift_day_of(s, local)
    assert day == date(2026, 3, 10)


def test_handover_carries_open_items(uow):
    day = date(2026, 3, 10)
    with uow() as s:
        open_id = log.add_entry(
            s, log.call_form(NOW, "派出所", "李警官", "110", "道路结冰", "", "张三"), day
        )
        closed = log.add_entry(
            s, log.call_form(NOW, "县应急局", "赵", "119", "核实火情", "", "张三"), day
        )
        log.close_entry(s, closed, "已核实，无火情")
        result = log.handover(s, day, "张三", "李四", NOW + timedelta(hours=8))
        with pytest.raises(ValidationError, match="交接过"):
            log.handover(s, day, "张三", "李四", NOW)
        next_day = log.entries(s, day + timedelta(days=1), day + timedelta(days=1))
        old = log.entry(s, open_id)
    assert result.open_items == 1
    assert [(e.content, e.done, e.carried_from_id, e.recorder) for e in next_day] == [
        ("道路结冰", False, open_id, "李四")
    ]
    assert old.handed_on and not old.done


def test_zero_report_reads_all_is_well(uow):
    from app.services.duty.exchange import log_table
    from app.services.registry import ExportQuery

    with uow() as s:
        log.mark_zero_report(s, date(2026, 3, 9), "张三")
        log.add_entry(
            s, log.call_form(NOW, "县委办", "王", "1", "通知", "", "张三"), date(2026, 3, 10)
        )
        with pytest.raises(ValidationError, match="不能报零报告"):
            log.mark_zero_report(s, date(2026, 3, 10), "张三")
        table = log_table(s, ExportQuery(date_from=date(2026, 3, 9), date_to=date(2026, 3, 10)))
    rows = list(table.rows)
    assert rows[0][6] == "无事报平安" and rows[1][6] == "通知"


def test_emergency_warnings_after_30_and_60_minutes(uow):
    with uow() as s:
        form = EntryForm(NOW, "突发事件", "某村民房起火", "张三", "某村", "村支书", "139")
        entry_id = log.add_entry(s, form)
        assert log.emergency_warnings(s, NOW + timedelta(minutes=29)) == []
        at_31 = log.emergency_warnings(s, NOW + timedelta(minutes=31))
        assert [w.entry_id for w in at_31] == [entry_id] and "电话报告" in at_31[0].text
        late = log.emergency_warnings(s, NOW + timedelta(minutes=61))
        assert {("电话" in w.text, "书面" in w.text) for w in late} == {
            (True, False),
            (False, True),
        }
        row = log.entry(s, entry_id)
        log.update_entry(
            s,
            entry_id,
            log.replace(
                log.form_of(row),
                phone_report_at=NOW + timedelta(minutes=20),
                written_report_at=NOW + timedelta(minutes=50),
            ),
        )
        assert log.emergency_warnings(s, NOW + timedelta(hours=3)) == []


def test_emergency_limits_come_from_settings(uow):
    from app.services import settings
    from app.services.duty.config import PHONE_LIMIT

    with uow() as s:
        settings.put(s, PHONE_LIMIT, 15)
        log.add_entry(s, EntryForm(NOW, "突发事件", "山体滑坡", "张三"))
        assert log.emergency_warnings(s, NOW + timedelta(minutes=16))

"""Registers, the 断号 report and the 督办通报; 待办 providers; demo data; attachments."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest

from app import clock
from app.services import attachments, registry
from app.services.errors import ValidationError
from app.services.filing import demo, handling, incoming, outgoing, queries, tasks, todo
from app.services.filing.exchange import exports
from app.services.filing.queries import FilingFilter
from app.services.registry import ExportQuery


def _doc(session, title="关于做好防汛工作的通知", **kw):
    at = kw.pop("at", datetime(2026, 3, 5, 2, tzinfo=UTC))
    form = incoming.ReceiveForm("县政府办公室", title, sender_doc_number="县政办发〔2026〕7号",
                                received_at=at, **kw)  # fmt: skip
    return incoming.receive(session, form)


def test_incoming_register_columns_and_range(uow):
    with uow() as session:
        doc_id = _doc(session)
        _doc(session, "去年的文", at=datetime(2025, 5, 1, 2, tzinfo=UTC))
        incoming.review(session, doc_id)
        incoming.mark_read_only(session, doc_id, incoming.AssignForm())
        handling.circulate(session, doc_id, "张书记", at=datetime(2026, 3, 5, 3, tzinfo=UTC))
        table = exports.incoming_register(session, ExportQuery(year=2026))
        rows = list(table.rows)
        everything = list(exports.incoming_register(session, ExportQuery()).rows)
    assert [r[4] for r in everything] == ["去年的文", "关于做好防汛工作的通知"]  # oldest first
    headers = [c.header for c in table.columns]
    assert headers[:5] == ["收文编号", "签收时间", "来文机关", "来文字号", "标题"]
    assert {"传阅记录", "催办记录", "领导批示", "办结日期", "归档（档号）"} <= set(headers)
    assert len(rows) == 1 and rows[0][0] == "收〔2026〕1号"
    assert rows[0][headers.index("传阅记录")] == "张书记 03-05（在阅）"
    # issue 15: a printed register states its period and 填报日期
    assert table.subtitle == "2026年度　　填报日期：2026年11月30日"


def test_outgoing_register_and_gap_report(uow, register_outgoing):
    first = register_outgoing()
    register_outgoing()
    with uow() as session:
        outgoing.void(session, first.id, "内容有误")
        tables = exports.outgoing_export(session, ExportQuery(year=2026))
        only = exports.outgoing_export(session, ExportQuery(year=2026, options={"report": "断号"}))
        register, gaps = tables
        rows = list(register.rows)  # streamed from the session: read inside its unit
        gap_rows = list(gaps.rows)
    assert [r[0] for r in rows] == ["镇政〔2026〕1号", "镇政〔2026〕2号"]
    assert rows[0][18:20] == ["作废", "内容有误"]  # after 用印记录
    assert gap_rows == [["镇政", 2026, 2, 2, "1", "无", "无"]]
    assert only.title == "发文字号断号、重号情况"


def test_gap_report_names_the_years_it_covers(uow, register_outgoing):
    with uow() as session:
        assert exports.gap_table(session, ExportQuery()).subtitle == "尚无发文编号"
    register_outgoing(on=date(2025, 12, 30))
    with uow() as session:
        assert exports.gap_table(session, ExportQuery()).subtitle == "2025年度"
    register_outgoing(on=date(2026, 1, 5))
    with uow() as session:
        every = exports.gap_table(session, ExportQuery())
        asked = exports.gap_table(session, ExportQuery(year=2026))
        span = exports.gap_table(session, ExportQuery(date_from=date(2026, 1, 1)))
    assert every.subtitle == "2025—2026年度" and [r[1] for r in every.rows] == [2025, 2026]
    assert asked.subtitle == "2026年度" and [r[1] for r in asked.rows] == [2026]
    assert span.subtitle == "2026年度" and [r[1] for r in span.rows] == [2026]


def test_weekly_bulletin(uow):
    end = date(2026, 3, 20)
    with uow() as session:
        late = tasks.add_task(session, tasks.TaskForm("清理河道", "水利站", date(2026, 3, 15),
                                                      assigned_on=date(2026, 3, 1)))  # fmt: skip
        tasks.add_note(session, late, date(2026, 3, 16), "已完成一半")
        done = tasks.add_task(session, tasks.TaskForm("报送材料", "党政办", date(2026, 3, 18),
                                                      assigned_on=date(2026, 3, 1)))  # fmt: skip
        tasks.finish_task(session, done, date(2026, 3, 17), "已报送")
        tasks.add_task(session, tasks.TaskForm("春季植树", "林业站", date(2026, 4, 1),
                                               assigned_on=date(2026, 3, 10)))  # fmt: skip
        overdue, running, finished, by_source = exports.task_bulletin(
            session, ExportQuery(date_to=end)
        )
    assert [r[1:2] + r[-3:] for r in overdue.rows] == [["清理河道", "03-16 已完成一半", "逾期", 5]]
    assert [r[1] for r in running.rows] == ["春季植树"]
    assert [(r[1], r[-2]) for r in finished.rows] == [("报送材料", "已办结")]
    assert [t.heading for t in (overdue, running, finished)] == [
        "一、逾期未办结事项（共1项）",
        "二、正在办理事项（共1项）",
        "三、本周办结事项（共1项）",
    ]
    assert not any(t.new_page for t in (overdue, running, finished))  # the sections flow on
    assert by_source.heading == "四、按来源分类"
    assert list(by_source.rows) == [["交办", 1, 1, 1, 3]]
    with uow() as session:
        _, _, quiet, _ = exports.task_bulletin(session, ExportQuery(date_to=date(2026, 3, 12)))
    assert quiet.heading == "三、本周办结事项（共0项）" and [r[1] for r in quiet.rows] == ["无"]


def test_todos_overdue_soon_and_paper_out(uow):
    today = date(2026, 3, 10)
    with uow() as session:
        doc_id = _doc(session, urgency="特急")
        incoming.review(session, doc_id)
        incoming.mark_read_only(
            session, doc_id, incoming.AssignForm(deadline=date(2026, 3, 8), pusher="王主任")
        )
        handling.circulate(session, doc_id, "李镇长", at=datetime(2026, 3, 5, 2, tzinfo=UTC))
        tasks.add_task(session, tasks.TaskForm("x事项", "党政办", today + timedelta(days=2),
                                               assigned_on=date(2026, 3, 1)))  # fmt: skip
        tasks.add_task(session, tasks.TaskForm("远期事项", "党政办", today + timedelta(days=9),
                                               assigned_on=date(2026, 3, 1)))  # fmt: skip
        found = todo.incoming_todos(session, today) + todo.task_todos(session, today)
    assert [(t.module, t.severity, t.days_left, t.page) for t in found] == [
        ("收文", "逾期", -2, "incoming"), ("收文", "提示", None, "incoming"),
        ("督办", "临期", 2, "tasks"),
    ]  # fmt: skip
    assert found[0].hidden == 1 and found[0].filter == "逾期"  # one line opens the register
    assert found[1].detail == "纸质件现在李镇长处，已5天未归还"
    assert found[1].action == "向李镇长收回纸质件"
    assert ("收文", todo.incoming_todos) in registry.TODOS


def test_demo_fills_in_bulk(uow):
    with uow() as session:
        assert demo.fill_filing(session, 400, random.Random(1)) == 400
    with uow() as session:
        assert queries.count_incoming(session, FilingFilter()) == 400
        assert queries.count_outgoing(session, FilingFilter()) == 100
        assert queries.count_tasks(session, FilingFilter()) == 40
        assert queries.list_incoming(session, FilingFilter(text="县农业农村局"))
        rows = queries.list_incoming(session, FilingFilter(), limit=400)
        out = [r for r in rows if r.holder]
        assert out and all(r.state == "办理中" and "收回" in r.actions for r in out)
        assert all(r.received_at <= r.held_since <= clock.utcnow() for r in out)
        nxt = _doc(session, at=clock.utcnow())
        assert queries.get_incoming(session, nxt).receipt_no.endswith("401号")


def test_attachment_refused_on_secret_records(uow, tmp_path):
    scan = tmp_path / "扫描件.pdf"
    scan.write_bytes(b"%PDF-1.4\n%%EOF\n")
    with uow() as session:
        secret = _doc(session, secrecy="秘密", secrecy_years=1)
        plain = _doc(session, "关于x的通知")
        with pytest.raises(ValidationError, match="不能添加电子附件"):
            attachments.attach(session, "收文", secret, scan)
        row = attachments.attach(session, "收文", plain, scan)
    assert row.owner_kind == "收文" and row.file_format == "pdf"


def test_todo_lists_are_capped_with_a_closing_count(uow, monkeypatch):
    import random
    from datetime import timedelta

    from app.services.filing import demo, todo

    monkeypatch.setattr(todo, "TODO_LIMIT", 5)
    with uow() as s:
        demo.fill_filing(s, 1000, random.Random(3))  # enough 纸质件 still out to cap
    late_day = clock.today() + timedelta(days=400)
    with uow() as s:
        items = todo.incoming_todos(s, late_day)
        overdue = queries.count_incoming(s, FilingFilter(overdue_on=late_day))
    # Every overdue one is counted in one line, however many: the cap does not cut the count.
    (late,) = [i for i in items if i.severity == "逾期"]
    assert late.hidden == overdue
    assert late.hidden > 5 and late.title.startswith(f"收文 逾期 {late.hidden} 件，最早 ")
    assert late.page == "incoming" and late.filter == "逾期"
    papers = [i for i in items if "未归还" in i.detail]
    assert len(papers) == 5  # demo 传阅 out with leaders since long ago, capped like the rest
    assert items[-1].title == f"另有 {items[-1].hidden} 件纸质件传阅未归还"


def test_demo_records_have_a_history_of_their_steps(uow):
    """Issue 15: a demo 收文's detail showed an empty 办理经过 (no 登记, no 传阅 in the trail)."""
    from app.services import audit, audit_chain
    from app.services.filing.detail import record_detail

    with uow() as session:
        demo.fill_filing(session, 400, random.Random(1))
    with uow() as session:
        docs = queries.list_incoming(session, FilingFilter(), limit=50)
        out = queries.list_outgoing(session, FilingFilter(), limit=1)[0]
        task = queries.list_tasks(session, FilingFilter(), limit=1)[0]
        lines = {d.id: record_detail(session, "收文", d.id).history for d in docs}
        assert audit_chain.verify(session) == []
        chased = audit.query(session, audit.AuditFilter(entity="收文", action="催办"))
        assert chased and all(handling.reminders(session, int(c.entity_id)) for c in chased)
        out_lines = record_detail(session, "发文", out.id).history
        task_lines = record_detail(session, "督办", task.id).history
    for doc in docs:
        steps = [h.what.split("：")[0] for h in lines[doc.id]]
        assert steps[:2] == ["新增", "登记"], steps
        assert lines[doc.id][0].at == doc.received_at  # when it came in, not when the demo ran
        assert "办结" not in steps or doc.state == "已办结"
    held = [d for d in docs if d.holder]
    assert held and all(any(s.what.startswith(f"传阅给{d.holder}") for s in lines[d.id])
                        for d in held)  # fmt: skip
    assert [h.what.split("：")[0] for h in out_lines][:3] == ["新增", "核稿", "签发"]
    assert task_lines and task_lines[0].what.startswith("新增")


def test_a_demo_paper_goes_round_after_its_assignment_not_before(uow):
    """The walk found 传阅 at 03:55 above 批示 and 分办 later that day."""
    from app.services.filing.detail import record_detail

    with uow() as session:
        demo.fill_filing(session, 400, random.Random(1))
    with uow() as session:
        held = [d for d in queries.list_incoming(session, FilingFilter(), limit=200) if d.holder]
        histories = [record_detail(session, "收文", d.id).history for d in held]
    assert histories
    for history in histories:
        steps = [h.what.split("：")[0] for h in history]
        passed = next(i for i, s in enumerate(steps) if s.startswith("传阅给"))
        assert "分办" in steps[:passed], steps

"""Imports: messy values accepted, every bad cell reported, duplicates refused, all or nothing."""

from __future__ import annotations

from datetime import date

import pytest

from app import clock
from app.services.errors import ImportRejected
from app.services.filing import incoming, numbering, queries
from app.services.filing.exchange import imports
from app.services.filing.queries import FilingFilter


def _in(row, **kw):
    base = {
        "_row": row,
        "来文机关": "县政府办公室",
        "标题": "关于做好防汛工作的通知",
        "签收日期": "2026.3.5",
        "来文字号": f"县政办发[2026]{row}号",
    }
    return base | kw


def test_messy_incoming_rows_are_cleaned(uow):
    rows = [
        _in(3, 签收日期=46086, 紧急程度="急件", 文种="会议纪要", 标题="县长办公会议纪要"),
        _in(
            4, 签收日期="2026年3月6日", 密级="秘密★1年", 份数=2.0, 来文字号="县政办发（2026）第04号"
        ),
        _in(5, 签收日期="20260307", 标题="关于报送统计数据的函", 承办部门="统计站"),
    ]
    with uow() as session:
        assert imports.load_incoming(session, rows) == 3
    with uow() as session:
        got = {r.title: r for r in queries.list_incoming(session, FilingFilter())}
    assert got["县长办公会议纪要"].urgency == "加急" and got["县长办公会议纪要"].doc_type == "纪要"
    assert got["关于做好防汛工作的通知"].sender_doc_number == "县政办发〔2026〕4号"
    assert got["关于做好防汛工作的通知"].secrecy == "秘密★1年"
    assert got["关于报送统计数据的函"].doc_type == "函"
    assert got["关于报送统计数据的函"].state == "办理中"
    assert sorted(r.receipt_no for r in got.values()) == [
        "收〔2026〕1号",
        "收〔2026〕2号",
        "收〔2026〕3号",
    ]


def test_bad_rows_reported_and_nothing_written(uow):
    with uow() as session:
        imports.load_incoming(session, [_in(3)])
    rows = [
        _in(3),  # same 来文机关 + 来文字号 as the one registered
        _in(4, 签收日期="三月五日"),
        _in(5, 密级="内部"),
        _in(6, 来文字号="县政办发〔2026〕6号"),
        _in(7, 来文字号="县政办发[2026]6号"),  # repeats row 6 within the sheet
        _in(8, 标题=""),
        _in(9, 签收日期=f"{clock.today().year + 1}.1.5"),  # a mistyped year
    ]
    with uow() as session, pytest.raises(ImportRejected) as caught:
        imports.load_incoming(session, rows)
    lines = [str(e) for e in caught.value.errors]
    assert lines[0].startswith("第3行 来文字号: 县政办发〔2026〕3号已经登记过")
    assert "第4行 签收日期: 无法识别的日期“三月五日”" in lines
    assert any(line.startswith("第5行 密级: 密级只能是") for line in lines)
    assert "第7行 来文字号: 与第6行重复（同一来文机关、同一来文字号）" in lines
    assert "第8行 标题: 标题不能为空" in lines
    assert f"第9行 签收日期: 日期{clock.today().year + 1}-01-05晚于今天，请核对年份" in lines
    with uow() as session:
        assert queries.count_incoming(session, FilingFilter()) == 1
        assert numbering.last_number(session, numbering.INCOMING_SERIES, 2026) == 1


@pytest.mark.sqlite_only  # SQLite's query plan
def test_the_duplicate_check_seeks_the_sender_index_rather_than_scanning_it(uow):
    """A 10,000-row sheet asks the register 20 times whether its 来文字号 are taken: as a
    list of (机关, 字号) pairs each ask scanned the whole index (2.5 s over 200,000 收文)."""
    from sqlalchemy import event

    asked: list[tuple[str, tuple]] = []

    def keep(_conn, _cursor, statement, parameters, _context, _many):
        if "sender_doc_number" in statement and statement.lstrip().startswith("SELECT"):
            asked.append((statement, parameters))

    with uow() as session:
        engine = session.get_bind()
        event.listen(engine, "before_cursor_execute", keep)
        try:
            imports.load_incoming(session, [_in(3), _in(4, 来文机关="县财政局")])
        finally:
            event.remove(engine, "before_cursor_execute", keep)
        assert asked
        for statement, parameters in asked:
            plan = session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + statement,
                                                        parameters).all()  # fmt: skip
            steps = [row[3] for row in plan]
            assert not [s for s in steps if s.startswith("SCAN incoming_docs")], steps


def _out(row, number, **kw):
    base = {
        "_row": row,
        "发文字号": number,
        "标题": "关于做好春耕工作的通知",
        "签发日期": "2026-02-01",
        "签发人": "张镇长",
    }
    return base | kw


def test_outgoing_import_raises_counter_and_keeps_voids(uow):
    rows = [
        _out(2, "镇政[2026]1号"),
        _out(3, "镇政﹝2026﹞3号", 状态="作废", 作废原因="重复发文"),
        _out(4, "镇政〔2026〕4号", 标题="关于申请资金的请示"),
    ]
    with uow() as session:
        assert imports.load_outgoing(session, rows) == 3
    with uow() as session:
        report = numbering.gap_report(session, year=2026)[0]
        assert (report.code, report.last, report.gaps, report.voided) == ("镇政", 4, (2,), (3,))


def test_outgoing_errors(uow):
    with uow() as session:
        imports.load_outgoing(session, [_out(2, "镇政〔2026〕1号")])
    rows = [
        _out(2, "镇政〔2026〕01号"),
        _out(3, "镇政2026年2号"),
        _out(4, "镇政〔2026〕5号", 标题="关于申请资金的请示", 签发人=""),
        _out(5, "镇政〔2026〕6号", 标题="会议安排", 文种=""),
        _out(6, "镇政[2026]6号"),
    ]
    with uow() as session, pytest.raises(ImportRejected) as caught:
        imports.load_outgoing(session, rows)
    lines = [str(e) for e in caught.value.errors]
    assert lines[0] == "第2行 发文字号: 镇政〔2026〕1号已经登记过，不能重复导入"
    assert lines[1].startswith("第3行 发文字号: 文号“镇政2026年2号”格式不对")
    assert "第4行 签发人: 请示是上行文，须有签发人" in lines
    assert "第5行 文种: 文种未填，也无法从标题看出" in lines
    assert "第6行 发文字号: 与第5行重复" in lines


def test_two_digit_year_takes_its_century_from_the_signing_date(uow):
    """镇政〔99〕3号 signed 1999-05-03 is of 1999: no 2099 counter is made."""
    with uow() as session:
        rows = [_out(2, "镇政〔99〕3号", 签发日期="1999-05-03"),
                _out(3, "镇政〔26〕5号", 签发日期="2026-05-03")]  # fmt: skip
        imports.load_outgoing(session, rows)
        numbers = {r.doc_number for r in queries.list_outgoing(session, FilingFilter())}
        assert numbering.last_number(session, "镇政", 1999) == 3
        assert numbering.last_number(session, "镇政", 2099) == 0
    assert numbers == {"镇政〔1999〕3号", "镇政〔2026〕5号"}


def test_unknown_code_is_a_row_error_naming_the_known_ones(uow):
    """镇政发 and 镇政 would become two series: an unknown 代字 is refused."""
    with uow() as session, pytest.raises(ImportRejected) as caught:
        imports.load_outgoing(session, [_out(2, "镇政发〔2026〕7号")])
    assert [str(e) for e in caught.value.errors] == [
        "第2行 发文字号: 机关代字“镇政发”不在设置的代字表中：镇委、镇政、镇政办"
    ]


def test_upper_level_recipient_needs_a_signer_on_import(uow):
    rows = [_out(2, "镇政〔2026〕8号", 标题="关于x的函", 主送机关级别="上级", 签发人="")]
    with uow() as session, pytest.raises(ImportRejected) as caught:
        imports.load_outgoing(session, rows)
    assert [str(e) for e in caught.value.errors] == ["第2行 签发人: 函是上行文，须有签发人"]


def test_imported_receipt_numbers_move_the_counter(uow):
    """After an import of 收〔2026〕1–2号 the next 签收 is 收〔2026〕3号, never 1号 again."""
    rows = [_in(2, 收文编号="收〔2026〕1号"), _in(3, 收文编号="收〔2026〕2号")]
    with uow() as session:
        imports.load_incoming(session, rows)
    with uow() as session:
        doc_id = incoming.receive(session, incoming.ReceiveForm("县民政局", "关于低保的通知"))
        assert queries.get_incoming(session, doc_id).receipt_no == "收〔2026〕3号"
    with uow() as session, pytest.raises(ImportRejected) as caught:
        imports.load_incoming(session, [_in(4, 收文编号="收〔2026〕3号"),
                                        _in(5, 收文编号="收〔2026〕9号"),
                                        _in(6, 收文编号="收〔2026〕9号")])  # fmt: skip
    lines = [str(e) for e in caught.value.errors]
    assert "第4行 收文编号: 收〔2026〕3号已经登记过，不能重复导入" in lines
    assert "第6行 收文编号: 与第5行重复" in lines


def test_check_reports_repeated_numbers(uow):
    from app.models.filing import IncomingDoc

    with uow() as session:
        imports.load_incoming(session, [_in(2, 收文编号="收〔2026〕1号")])
    with uow() as session:  # what an old import or a merge left behind
        first = session.query(IncomingDoc).one()
        copied = {c.key: getattr(first, c.key) for c in IncomingDoc.__table__.c}
        copied = {k: v for k, v in copied.items() if k not in ("id", "serial")}
        session.add(IncomingDoc(**copied | {"sender_doc_number": "x"}))
    with uow() as session:
        assert numbering.check_duplicates(session) == ["收文编号收〔2026〕1号被2条记录重复使用。"]


def test_tasks_import(uow):
    rows = [
        {
            "_row": 3,
            "督办事项": "完成秸秆禁烧巡查",
            "来源": "县委督查室交办",
            "责任单位": "农业办",
            "交办日期": "2026.3.1",
            "办理时限": "2026.3.31",
        },
        {
            "_row": 4,
            "督办事项": "整改会议纪要事项",
            "来源": "镇党委会",
            "责任单位": "党政办",
            "办理时限": "2026-04-10",
            "办结日期": "2026-04-12",
            "办结情况": "已整改",
        },
    ]
    with uow() as session:
        assert imports.load_tasks(session, rows) == 2
        found = queries.list_tasks(session, FilingFilter(), today=date(2026, 5, 1))
    # newest 交办日期 first: the second row, given none, was assigned on the day of import
    assert [(t.source_kind, t.state) for t in found] == [("会议", "逾期办结"), ("交办", "逾期")]
    bad = [rows[0] | {"_row": 5}, {"_row": 6, "督办事项": "x", "责任单位": "", "办理时限": "x"}]
    with uow() as session, pytest.raises(ImportRejected) as caught:
        imports.load_tasks(session, [rows[0], *bad])
    assert [str(e) for e in caught.value.errors] == [
        "第5行 督办事项: 与第3行重复",
        "第6行 办理时限: 无法识别的日期“x”",
        "第6行 责任单位: 责任单位不能为空",
    ]

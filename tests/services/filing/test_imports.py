"""Imports: messy values accepted, every bad cell reported, duplicates refused, all or nothing."""

from __future__ import annotations

from datetime import date

import pytest

from app import clock
from app.services.errors import ImportRejected
from app.services.filing import numbering, queries
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
        _out(2, "镇政发[2026]1号"),
        _out(3, "镇政发﹝2026﹞3号", 状态="作废", 作废原因="重复发文"),
        _out(4, "镇政发〔2026〕4号", 标题="关于申请资金的请示"),
    ]
    with uow() as session:
        assert imports.load_outgoing(session, rows) == 3
    with uow() as session:
        report = numbering.gap_report(session, year=2026)[0]
        assert (report.code, report.last, report.gaps, report.voided) == ("镇政发", 4, (2,), (3,))


def test_outgoing_errors(uow):
    with uow() as session:
        imports.load_outgoing(session, [_out(2, "镇政发〔2026〕1号")])
    rows = [
        _out(2, "镇政发〔2026〕01号"),
        _out(3, "镇政发2026年2号"),
        _out(4, "镇政发〔2026〕5号", 标题="关于申请资金的请示", 签发人=""),
        _out(5, "镇政发〔2026〕6号", 标题="会议安排", 文种=""),
        _out(6, "镇政发[2026]6号"),
    ]
    with uow() as session, pytest.raises(ImportRejected) as caught:
        imports.load_outgoing(session, rows)
    lines = [str(e) for e in caught.value.errors]
    assert lines[0] == "第2行 发文字号: 镇政发〔2026〕1号已经登记过，不能重复导入"
    assert lines[1].startswith("第3行 发文字号: 文号“镇政发2026年2号”格式不对")
    assert "第4行 签发人: 请示是上行文，须有签发人" in lines
    assert "第5行 文种: 文种未填，也无法从标题看出" in lines
    assert "第6行 发文字号: 与第5行重复" in lines


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
    assert [(t.source_kind, t.state) for t in found] == [("交办", "逾期"), ("会议", "逾期办结")]
    bad = [rows[0] | {"_row": 5}, {"_row": 6, "督办事项": "x", "责任单位": "", "办理时限": "x"}]
    with uow() as session, pytest.raises(ImportRejected) as caught:
        imports.load_tasks(session, [rows[0], *bad])
    assert [str(e) for e in caught.value.errors] == [
        "第5行 督办事项: 与第3行重复",
        "第6行 办理时限: 无法识别的日期“x”",
        "第6行 责任单位: 责任单位不能为空",
    ]

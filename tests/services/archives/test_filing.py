"""年度归档 and filing one document: suggestions, numbering by 日期/文号, never twice."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from app.services.archives import filing, queries, rules
from app.services.archives.codes import SKIP
from app.services.errors import ValidationError
from app.services.filing import handling
from app.services.filing import queries as filing_queries
from tests.services.archives.conftest import done_incoming, issued_outgoing


def _at(month: int, day: int) -> datetime:
    return datetime(2025, month, day, 2, 0, tzinfo=UTC)


def _codes(session, year=2025):
    rows = queries.list_items(session, queries.CatalogFilter(year=year), limit=1000)
    return [(r.archive_code, r.title) for r in rows]


def test_suggestions_follow_the_default_table_and_name_the_rule(uow):
    with uow() as s:
        carry = done_incoming(s, "关于贯彻落实防汛工作部署的通知", at=_at(3, 1))
        reply = done_incoming(s, "关于某某镇申请资金的批复", doc_type="批复", at=_at(3, 2))
        meeting = done_incoming(s, "关于召开全县安全生产会议的通知", at=_at(3, 3))
        village = done_incoming(s, "关于修路的请示", sender="某某村村民委员会",
                                doc_type="请示", at=_at(3, 4))  # fmt: skip
        own = issued_outgoing(s)
        found = {(c.kind, c.doc_id): c for c in filing.candidates(s, 2025)}
    expect = {("收文", carry): "D30", ("收文", reply): "Y", ("收文", meeting): SKIP,
              ("收文", village): "D30", ("发文", own): "Y"}  # fmt: skip
    assert {k: found[k].period for k in expect} == expect
    assert found[("收文", carry)].rule == "上级 需贯彻执行的来文"
    assert found[("收文", village)].direction == rules.LOWER
    assert found[("发文", own)].org_code == "BGS"


def test_year_filing_numbers_by_date_then_doc_no_and_twice_files_nothing_twice(uow):
    with uow() as s:
        late = done_incoming(s, "关于贯彻执行甲的通知", number="县政办发〔2025〕12号", at=_at(5, 1))
        done_incoming(s, "关于贯彻执行乙的通知", number="县政办发〔2025〕3号", at=_at(5, 1))
        done_incoming(s, "关于贯彻执行丙的通知", number="县政办发〔2025〕9号", at=_at(2, 1))
        done_incoming(s, "关于召开会议的通知", at=_at(2, 2))
        first = filing.file_year(s, 2025)
    assert first.per_period == {"Y": 0, "D30": 3, "D10": 0} and first.skipped == 1
    with uow() as s:
        assert _codes(s) == [("Z109-WS·2025-D30-BGS-0001", "关于贯彻执行丙的通知"),
                             ("Z109-WS·2025-D30-BGS-0002", "关于贯彻执行乙的通知"),
                             ("Z109-WS·2025-D30-BGS-0003", "关于贯彻执行甲的通知")]  # fmt: skip
        row = filing_queries.get_incoming(s, late)
        assert (row.state, row.archive_code) == ("已归档", "Z109-WS·2025-D30-BGS-0003")
        again = filing.file_year(s, 2025)
        assert (again.filed, again.skipped) == (0, 0) and filing.candidates(s, 2025) == []
        assert queries.count_items(s, queries.CatalogFilter()) == 3


def test_the_archivist_adjusts_and_skips_with_a_reason(uow):
    with uow() as s:
        a = done_incoming(s, "关于贯彻执行甲的通知", at=_at(1, 5))
        b = done_incoming(s, "关于乙的通知", at=_at(1, 6))
        with pytest.raises(ValidationError, match="须写明原因"):
            filing.file_year(s, 2025, [filing.Decision("收文", b, SKIP)])
    with uow() as s:
        done = filing.file_year(
            s,
            2025,
            [
                filing.Decision("收文", a, "Y", "DJB"),
                filing.Decision("收文", b, SKIP, reason="重份"),
            ],
        )
        assert (done.per_period["Y"], done.skipped) == (1, 1)
        assert _codes(s) == [("Z109-WS·2025-Y-DJB-0001", "关于贯彻执行甲的通知")]
        assert filing.candidates(s, 2025) == []


def test_a_bad_org_in_one_decision_files_nothing(uow):
    with uow() as s:
        a = done_incoming(s, "甲", at=_at(1, 5))
        b = done_incoming(s, "乙", at=_at(1, 6))
    with pytest.raises(ValidationError, match="机构代码“XYZ”未在设置中登记"), uow() as s:
        filing.file_year(s, 2025, [filing.Decision("收文", a, "Y", "BGS"),
                                   filing.Decision("收文", b, "Y", "XYZ")])  # fmt: skip
    with uow() as s:
        assert queries.count_items(s, queries.CatalogFilter()) == 0
        assert len(filing.candidates(s, 2025)) == 2


def test_filing_one_from_its_register_shows_the_code_there(uow):
    with uow() as s:
        doc = done_incoming(s, "关于贯彻执行的通知", at=_at(6, 1))
        out = issued_outgoing(s, on=date(2025, 6, 2))
        code = filing.file_one(s, "收文", doc, "D10", "BGS")
        out_code = filing.file_one(s, "发文", out, "Y", "BGS")
    with uow() as s:
        assert filing_queries.get_incoming(s, doc).archive_code == code == (
            "Z109-WS·2025-D10-BGS-0001")  # fmt: skip
        assert filing_queries.get_outgoing(s, out).archive_code == out_code
        with pytest.raises(ValidationError, match="不能归档"):
            filing.file_one(s, "收文", doc, "D10", "BGS")


def test_the_register_archive_step_refuses_abc_and_a_code_of_another_document(uow):
    with uow() as s:
        doc = done_incoming(s, "甲", at=_at(6, 1))
        other = done_incoming(s, "乙", at=_at(6, 2))
        filing.file_one(s, "收文", other, "D10", "BGS")
    with pytest.raises(ValidationError, match="档号“abc”不符合本全宗的档号规则"), uow() as s:
        handling.archive(s, doc, "abc")
    with pytest.raises(ValidationError, match="不是这份收文在档案中的档号"), uow() as s:
        handling.archive(s, doc, "Z109-WS·2025-D10-BGS-0001")
    with uow() as s:
        assert filing_queries.get_incoming(s, doc).state == "已办结"

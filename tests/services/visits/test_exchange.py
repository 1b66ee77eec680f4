"""Import all-or-nothing, the export tables masked by default, the 处理意见书 PDF."""

from __future__ import annotations

import subprocess
from datetime import date

import pytest

from app.services.context import Role
from app.services.errors import ImportRejected, PermissionDenied
from app.services.registry import ExportQuery
from app.services.visits import cases, exchange, opinion, queries
from tests.services.visits.helpers import ID_A, ID_B, person, walk_in


def _row(n: int, **cells: object) -> dict[str, object]:
    base: dict[str, object] = {"_row": n, "登记日期": "2026.3.5", "信访形式": "书信",
                               "姓名": "李秀英", "证件号": ID_B,
                               "电话": 13900001111.0, "村/社区": "西岗村", "反映问题": "低保被取消",
                               "类别": "申诉求决类", "受理日期": "2026年3月6日"}  # fmt: skip
    base.update(cells)
    return base


def test_import_with_errors_writes_nothing(uow):
    bad = [_row(3), _row(4, 类别="投诉类"), _row(5, 登记日期="三月五日"), _row(6, 证件号="123")]
    with uow() as s, pytest.raises(ImportRejected) as err:
        exchange.load(s, bad)
    found = {(e.row, e.column) for e in err.value.errors}
    assert found == {(4, "类别"), (5, "登记日期"), (6, "证件号")}
    with uow() as s:
        assert queries.count_cases(s, queries.CaseFilter()) == 0


def test_import_good_rows(uow):
    rows = [_row(3), _row(4, 姓名="王建国", 证件号=ID_A, 电话="13812345678", 办结日期="20260410",
                          处理意见="予以支持")]  # fmt: skip
    with uow() as s:
        assert exchange.load(s, rows) == 2
    with uow() as s:
        got = {r.names: r for r in queries.list_cases(s, queries.CaseFilter())}
    assert got["李秀英"].phone == "13900001111" and got["李秀英"].accepted_on == date(2026, 3, 6)
    assert got["王建国"].state == "已办结" and got["王建国"].outcome == "予以支持"


def test_bulk_import_numbers_links_repeats_and_the_next_case_follows_on(uow):
    with uow() as s:
        first = cases.register_case(s, walk_in(date(2026, 3, 1)))  # 王建国, ID_A: 2026-0001
    rows = [_row(n, 姓名=f"村民{n}", 证件号="", 电话=f"1390000{n:04d}") for n in range(2, 40)]
    rows += [_row(40), _row(41, 姓名="王建国", 证件号=ID_A, 电话="", 受理日期="")]
    with uow() as s:
        assert exchange.load(s, rows) == 40
    with uow() as s:
        got = {r.reg_no: r for r in queries.list_cases(s, queries.CaseFilter())}
        after = cases.register_case(s, walk_in(date(2026, 3, 9), persons=[person("李秀英", ID_B)]))
    assert after.reg_no == "2026-0042" and after.repeat_of_id == got["2026-0040"].id
    assert got["2026-0041"].repeat_of_id == first.id  # the case before the import
    assert not any(got[f"2026-{n:04d}"].is_repeat for n in range(2, 41))


def test_one_bad_row_among_many_writes_nothing(uow):
    rows = [_row(n, 姓名=f"村民{n}", 证件号="", 电话=f"1390000{n:04d}") for n in range(2, 300)]
    rows[150] = {
        **rows[150],
        "受理日期": "2026.3.9",
        "办结日期": "2026.3.8",
        "处理意见": "予以支持",
    }
    with uow() as s, pytest.raises(ImportRejected) as err:
        exchange.load(s, rows)
    assert [str(e) for e in err.value.errors] == ["第152行 办结日期: 办结日期不能早于受理日期"]
    with uow() as s:
        assert queries.count_cases(s, queries.CaseFilter()) == 0


def _register(uow):
    with uow() as s:
        ref = cases.register_case(s, walk_in(date(2026, 3, 2)))
        cases.accept(s, ref.id, date(2026, 3, 3), "受理", "镇自然资源所")
        cases.conclude(s, ref.id, cases.ConcludeForm(
            "作出解释说明", date(2026, 4, 20), facts="经实地丈量，界址清楚。",
            opinion="宅基地界址以2015年确权图为准。", delivery_means="直接送达",
            delivered_on=date(2026, 4, 21)))  # fmt: skip
        late = cases.register_case(s, walk_in(date(2026, 3, 20), village="西岗村"))
    return ref, late


def test_export_masks_by_default_even_for_allowed_roles(uow):
    _register(uow)
    with uow() as s:
        register, stats = exchange.build(s, ExportQuery(year=2026))
    rows = list(register.rows)
    headers = [c.header for c in register.columns]
    assert {"受理日期", "告知期限", "办结期限", "状态"} <= set(headers)
    assert all(ID_A not in map(str, r) and "13812345678" not in map(str, r) for r in rows)
    assert rows[-1][headers.index("证件号")] == ID_A[:4] + "*" * 10 + ID_A[-4:]
    with uow() as s:
        register, _ = exchange.build(s, ExportQuery(year=2026, options={"unmasked": True}))
    assert ID_A in [r[headers.index("证件号")] for r in register.rows]
    lines = list(stats.rows)
    assert ["2026-03", "合计", "全部", 2, 1] in lines  # the 3-20 case is past its 告知 today
    assert ["2026-03", "村/社区", "西岗村", 1, 1] in lines


def test_unmasked_export_refused_for_clerk(uow, make_user):
    _register(uow)
    with uow(make_user(Role.CLERK)) as s, pytest.raises(PermissionDenied):
        exchange.build(s, ExportQuery(options={"unmasked": True}))


def _pdf_text(path):
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip


def test_opinion_pdf_masks_for_the_clerk_and_states_the_review_right(uow, make_user, tmp_path):
    ref, late = _register(uow)
    with uow(make_user(Role.CLERK)) as s:
        assert opinion.write_opinion_pdf(s, ref.id, tmp_path / "clerk.pdf") == 1
    with uow(make_user(Role.LEADER)) as s:
        opinion.write_opinion_pdf(s, ref.id, tmp_path / "leader.pdf")
    clerk, leader = _pdf_text(tmp_path / "clerk.pdf"), _pdf_text(tmp_path / "leader.pdf")
    for heading in ("信访事项处理意见书", "受理情况", "事实认定", "处理意见", "30日内"):
        assert heading in clerk
    assert ID_A[:4] + "*" * 10 + ID_A[-4:] in clerk and ID_A not in clerk
    assert "3组12号" not in clerk and ID_A in leader and "3组12号" in leader
    assert "作出解释说明" in clerk
    with uow() as s, pytest.raises(Exception, match="尚未办结"):
        opinion.opinion_doc(s, late.id)

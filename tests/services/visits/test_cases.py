"""Registration rules: representatives, repeat visits, masking and 检举控告 visibility."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from app import clock
from app.services.context import Role
from app.services.errors import NotFoundError, ValidationError
from app.services.registry import ExportQuery
from app.services.visits import cases, exchange, queries
from tests.services.visits.helpers import ID_A, ID_B, id_number, person, walk_in


def test_group_visit_with_six_representatives_is_refused(uow):
    reps = [person(f"代表{n}", id_number(f"3201021970010{n}123"), f"1390000000{n}", rep=True)
            for n in range(6)]  # fmt: skip
    with uow() as s, pytest.raises(ValidationError, match="代表人数不超过5人") as err:
        cases.register_case(s, walk_in(persons=reps, headcount=30))
    assert err.value.field == "persons"
    with uow() as s:
        ref = cases.register_case(s, walk_in(persons=reps[:5], headcount=30))
        assert ref.reg_no == "2026-0001"


def test_big_group_without_representatives_is_refused(uow):
    with uow() as s, pytest.raises(ValidationError, match="应当推选代表"):
        cases.register_case(s, walk_in(headcount=12))


def test_bad_id_number_and_phone_are_refused(uow):
    with uow() as s, pytest.raises(ValidationError, match="校验位"):
        cases.register_case(
            s,
            walk_in(
                persons=[person(ident=ID_A[:-1] + "0" if ID_A[-1] != "0" else ID_A[:-1] + "1")]
            ),
        )
    with uow() as s, pytest.raises(ValidationError, match="电话"):
        cases.register_case(s, walk_in(persons=[person(phone="12345")]))


def test_repeat_visit_found_by_id_phone_or_name_and_village(uow):
    with uow() as s:
        first = cases.register_case(s, walk_in(date(2026, 1, 5)))
        other = cases.register_case(s, walk_in(date(2026, 1, 6), persons=[
            person("李秀英", ID_B, "13900001111")], village="西岗村"))  # fmt: skip
    with uow() as s:
        by_id = queries.earlier_cases(s, id_number=ID_A.lower())
        by_phone = queries.earlier_cases(s, phone="13812345678")
        by_name = queries.earlier_cases(s, name="王建国", village="东湖村")
        nobody = queries.earlier_cases(s, name="王建国", village="西岗村")
    assert [r.id for r in by_id] == [first.id] == [r.id for r in by_phone]
    assert [r.id for r in by_name] == [first.id] and nobody == []
    with uow() as s:
        again = cases.register_case(s, walk_in(date(2026, 2, 1), persons=[
            person("王建国", "", "13812345678")]))  # fmt: skip
        row = next(r for r in queries.list_cases(s, queries.CaseFilter()) if r.id == again.id)
    assert again.repeat_of_id == first.id and row.is_repeat
    assert other.repeat_of_id is None


def test_masking_follows_the_role(uow, make_user):
    with uow() as s:
        cases.register_case(s, walk_in())
    clerk, leader = make_user(Role.CLERK), make_user(Role.LEADER)
    with uow(clerk) as s:
        row = queries.list_cases(s, queries.CaseFilter())[0]
        assert row.id_number == ID_A[:4] + "*" * 10 + ID_A[-4:]
        assert row.phone == "138****5678"
        assert row.address == "某某镇东湖村"
        assert queries.people_of(s, row.id)[0].phone == "138****5678"
        with pytest.raises(Exception, match="无权"):
            queries.list_cases(s, queries.CaseFilter(), reveal=True)
    with uow(leader) as s:
        row = queries.list_cases(s, queries.CaseFilter())[0]
        assert row.id_number == ID_A and row.phone == "13812345678"
        assert row.address == "某某镇东湖村3组12号"


def test_accusations_hidden_from_roles_without_the_right(uow, make_user):
    with uow() as s:
        plain = cases.register_case(s, walk_in())
        acc = cases.register_case(
            s,
            walk_in(
                category="检举控告类",
                issue="反映村干部优亲厚友",
                accused_name="钱某某",
                accused_position="村主任",
            ),
        )
    clerk = make_user(Role.CLERK)
    with uow(clerk) as s:
        ids = [r.id for r in queries.list_cases(s, queries.CaseFilter())]
        assert ids == [plain.id]
        assert queries.count_cases(s, queries.CaseFilter()) == 1
        assert [r.id for r in queries.earlier_cases(s, id_number=ID_A)] == [plain.id]
        assert all(t.ref_id != acc.id for t in queries.todo_items(s, date(2026, 3, 16)))
        with pytest.raises(NotFoundError):
            queries.clock_rows(s, acc.id)
        with pytest.raises(NotFoundError):
            cases.notify(s, acc.id, date(2026, 3, 3))
    with uow() as s:
        rows = queries.list_cases(s, queries.CaseFilter())
        assert {r.id for r in rows} == {plain.id, acc.id}
        assert all("钱某某" not in repr(r) for r in rows)
        assert queries.accused_of(s, acc.id) == ("钱某某", "村主任")


def test_on_the_spot_answer_is_concluded_at_once(uow):
    with uow() as s:
        ref = cases.register_case(s, walk_in(handling="当场答复"))
        row = queries.list_cases(s, queries.CaseFilter())[0]
    assert row.id == ref.id and row.state == "已办结" and row.days_left is None


def test_conclude_needs_the_national_number_when_flagged(uow):
    with uow() as s:
        ref = cases.register_case(s, walk_in())
        cases.accept(s, ref.id, date(2026, 3, 2))
        with pytest.raises(ValidationError, match="系统编号"):
            cases.conclude(
                s, ref.id, cases.ConcludeForm("予以支持", date(2026, 4, 1), in_national_system=True)
            )
        cases.conclude(s, ref.id, cases.ConcludeForm("予以支持", date(2026, 4, 1),
                       in_national_system=True, national_no="XF2026040100001",
                       satisfaction="满意"))  # fmt: skip
        row = queries.list_cases(s, queries.CaseFilter())[0]
    assert row.state == "已办结" and row.outcome == "予以支持" and row.in_national_system


def test_check_finds_gaps_and_missing_system_numbers(uow):
    from app.models.visits import VisitCase
    from app.services.visits import checks

    with uow() as s:
        refs = [cases.register_case(s, walk_in()) for _ in range(3)]
        assert checks.check(s) == []
        s.get(VisitCase, refs[1].id).seq = 9  # as if number 2 had been deleted
        s.get(VisitCase, refs[2].id).in_national_system = True
        s.flush()
        found = checks.check(s)
    assert any("缺号" in f and "2" in f for f in found)
    assert any(refs[2].reg_no in f and "系统编号" in f for f in found)


def test_demo_fills_a_clean_register(uow):
    import random

    from app.services.visits import checks, demo

    with uow() as s:
        assert demo.fill(s, 60, random.Random(7)) == 15
    with uow() as s:
        assert queries.count_cases(s, queries.CaseFilter()) == 15
        assert checks.check(s) == []


def test_repeat_link_reads_back_only_when_visible(uow, make_user):
    with uow() as s:
        acc = cases.register_case(s, walk_in(date(2026, 1, 5), category="检举控告类"))
        plain = cases.register_case(s, walk_in(date(2026, 2, 5)))
        again = cases.register_case(s, walk_in(date(2026, 3, 5)))
        assert queries.repeat_of_no(s, plain.id) == acc.reg_no
        assert queries.repeat_of_no(s, again.id) == plain.reg_no
    with uow(make_user(Role.CLERK)) as s:
        assert queries.repeat_of_no(s, plain.id) == ""  # the accusation stays out of sight
        assert queries.repeat_of_no(s, again.id) == plain.reg_no


def test_register_case_searches_only_the_people_the_form_did_not(uow, monkeypatch):
    from dataclasses import replace

    with uow() as s:
        first = cases.register_case(s, walk_in(clock.today() - timedelta(days=40)))
    searched: list[tuple[object, ...]] = []
    real = cases.find_earlier_ids
    monkeypatch.setattr(cases, "find_earlier_ids",
                        lambda *a, **k: searched.append(a[1:4]) or real(*a, **k))  # fmt: skip
    form = walk_in(clock.today())
    with uow() as s:
        looked = queries.look_up_earlier(s, id_number=ID_A)
        ref = cases.register_case(
            s, replace(form, repeat_of_id=looked.newest_id, first_person_searched=True)
        )
    assert looked.newest_id == first.id and ref.repeat_of_id == first.id
    assert searched == []  # one person, already looked up by the form
    with uow() as s:
        again = cases.register_case(s, form)  # a form that did not look: the service does
    assert again.repeat_of_id == ref.id and len(searched) == 1


def test_open_cases_of_last_year_stay_in_the_list_on_1_january(uow):
    """A 2026 case still open is listed under 2027; a concluded one is not."""
    with uow() as s:
        still_open = cases.register_case(s, walk_in(date(2026, 11, 20)))
        closed = cases.register_case(s, walk_in(date(2026, 11, 21), handling="当场答复"))
    with clock.pinned(datetime(2027, 1, 4, 10, 0)), uow() as s:
        new = cases.register_case(s, walk_in(date(2027, 1, 4)))
        ids = {r.id for r in queries.list_cases(s, queries.CaseFilter(year=2027))}
        n = queries.count_cases(s, queries.CaseFilter(year=2027))
        month = {r.id for r in queries.list_cases(s, queries.CaseFilter(year=2026, month=11))}
    assert ids == {still_open.id, new.id} and n == 2
    assert closed.id not in ids and month == {still_open.id, closed.id}


def test_an_accusation_is_never_shown_to_the_person_it_accuses(uow, make_user):
    """By account link or by name: the accused leader sees neither case anywhere; the clerk
    who registered them keeps them; every opening is audited."""
    from app.services import audit

    clerk, other_clerk = make_user(Role.CLERK, "李文书"), make_user(Role.CLERK, "周文书")
    linked, named = make_user(Role.LEADER, "钱镇长"), make_user(Role.LEADER, "孙某某")
    colleague = make_user(Role.LEADER, "赵书记")
    with uow(clerk) as s:
        plain = cases.register_case(s, walk_in())
        by_link = cases.register_case(
            s,
            walk_in(
                category="检举控告类",
                issue="反映优亲厚友",
                accused_name="钱某",
                accused_user_id=linked.user_id,
            ),
        )
        by_name = cases.register_case(
            s,
            walk_in(
                category="检举控告类",
                issue="反映吃拿卡要",
                accused_name="孙某某",
                accused_position="副镇长",
            ),
        )
    accusations = {by_link.id, by_name.id}
    issues = {by_link.id: "反映优亲厚友", by_name.id: "反映吃拿卡要"}
    for who, hidden in ((linked, {by_link.id}), (named, {by_name.id})):
        with uow(who) as s:
            listed = {r.id for r in queries.list_cases(s, queries.CaseFilter(year=2026))}
            searched = {r.id for r in queries.list_cases(s, queries.CaseFilter(text="反映"))}
            assert listed == {plain.id} | accusations - hidden and not searched & hidden
            tables = exchange.build(s, ExportQuery(year=2026))
            printed = "".join(str(c) for t in tables for r in t.rows for c in r)
            assert not any(issues[i] in printed for i in hidden)
            assert all(issues[i] in printed for i in accusations - hidden)
            assert queries.count_cases(s, queries.CaseFilter()) == 2
            assert not {t.ref_id for t in queries.todo_items(s, date(2026, 3, 20))} & hidden
            assert sum(m.total for m in queries.monthly_counts(s, 2026)) == 2
            with pytest.raises(NotFoundError):
                queries.clock_rows(s, hidden.pop())
    with uow(clerk) as s:
        assert {r.id for r in queries.list_cases(s, queries.CaseFilter())} == {
            plain.id
        } | accusations
        queries.clock_rows(s, by_link.id)
    with uow(other_clerk) as s:
        assert {r.id for r in queries.list_cases(s, queries.CaseFilter())} == {plain.id}
    with uow(colleague) as s:
        queries.clock_rows(s, by_name.id)
        queries.people_of(s, by_name.id)
    with uow() as s:
        opened = [r for r in audit.query(s, audit.AuditFilter()) if r.action == "查看"]
    assert sorted(r.username for r in opened) == ["李文书", "赵书记"]


def test_an_accused_account_that_does_not_exist_is_refused(uow):
    form = walk_in(category="检举控告类", accused_name="钱某", accused_user_id=9999)
    with pytest.raises(ValidationError, match="所选被反映人账户不存在") as err, uow() as s:
        cases.register_case(s, form)
    assert err.value.field == "accused_user_id"
    with uow() as s:
        assert queries.count_cases(s, queries.CaseFilter()) == 0


def test_a_word_with_many_hits_lists_the_same_cases_newest_first(uow, monkeypatch):
    """Past MANY_HITS the list reads along the date index instead of sorting the hits: the
    same cases (a petitioner's name found too), in the same order, page by page."""
    with uow() as s:
        for n in range(7):
            issue = "工资被拖欠" if n % 2 else "宅基地边界纠纷"
            who = person("李拖欠" if n == 2 else "王建国", id_number(f"11010119800101{n:03d}"))
            cases.register_case(s, walk_in(date(2026, 3, 2) + timedelta(days=n * 3 % 7),
                                           issue=issue, persons=[who]))  # fmt: skip
    flt = queries.CaseFilter(year=2026, text="拖欠")
    with uow() as s:
        sorted_hits = [r.id for r in queries.list_cases(s, flt)]
        assert len(sorted_hits) == 4
        monkeypatch.setattr(queries, "MANY_HITS", 0)
        assert [r.id for r in queries.list_cases(s, flt)] == sorted_hits
        paged = [
            r.id for k in range(0, 4, 3) for r in queries.list_cases(s, flt, offset=k, limit=3)
        ]
        assert paged == sorted_hits and queries.count_cases(s, flt) == 4


@pytest.mark.sqlite_only  # SQLite's query plan
def test_a_word_is_counted_through_its_indexes_not_by_scanning_every_petitioner(uow):
    """The bigram test must stand bare in the WHERE clause: rendered `… IN (…) = 1` (a
    boolean on SQLite), the planner could not look the hits up and scanned every case and
    every petitioner for each search."""
    from sqlalchemy import func, select

    from app.models.visits import VisitCase

    with uow() as s:
        cases.register_case(s, walk_in(issue="工资被拖欠", persons=[person("李拖欠")]))
    with uow() as s:
        flt = queries.CaseFilter(year=2026, text="拖欠")
        sub = queries._filtered(s, flt).with_only_columns(VisitCase.id).subquery()
        stmt = select(func.count()).select_from(sub)
        sql = str(stmt.compile(s.get_bind(), compile_kwargs={"literal_binds": True}))
        plan = [row[3] for row in s.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + sql)]
        assert ") = 1" not in sql  # no `IN (…) = 1`
        assert not [step for step in plan if step.startswith("SCAN visit_petitioners")], plan
        assert queries.count_cases(s, flt) == 1


def test_one_latin_letter_finds_either_case_on_both_engines(uow):
    """A letter scans by LIKE: case-blind on SQLite, and now on the office server too."""
    with uow() as s:
        cases.register_case(s, walk_in(issue="ETC扣费纠纷"))
    with uow() as s:
        found = queries.list_cases(s, queries.CaseFilter(text="e"))
        assert [r.issue for r in found] == ["ETC扣费纠纷"]

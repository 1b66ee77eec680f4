"""The 发文 list reads newest 成文日期 first, along an index, on both engines."""

from __future__ import annotations

from datetime import date

from app.services.filing import outgoing, queries, tasks
from app.services.filing.filters import FilingFilter
from tests.services.filing.conftest import signed_form


def test_newest_signing_date_first_then_number_with_drafts_above(uow, register_outgoing):
    """A 纪要 entered after a 通知 but signed earlier stands below it, as 办会's do in the
    demo; on one day the higher 发文字号 stands higher, and a draft above them all."""
    notice = register_outgoing(title="关于做好冬季森林防火工作的通知", on=date(2026, 3, 10))
    minutes = register_outgoing(title="2026年第3次党委会纪要", doc_type="纪要",
                                on=date(2026, 3, 2))  # fmt: skip
    same_day = register_outgoing(title="关于开展安全生产大检查的通知", on=date(2026, 3, 10))
    with uow() as session:
        draft = outgoing.draft(session, signed_form("关于秸秆禁烧的通知").draft)
    with uow() as session:
        found = [r.id for r in queries.list_outgoing(session, FilingFilter())]
        this_year = [r.id for r in queries.list_outgoing(session, FilingFilter(year=2026))]
        pages = [queries.list_outgoing(session, FilingFilter(), offset=k, limit=2) for k in (0, 2)]
        paged = [r.id for page in pages for r in page]
    expected = [draft, same_day.id, notice.id, minutes.id]
    assert found == expected and this_year == expected and paged == expected


def test_the_order_is_read_from_an_index_not_sorted(uow, register_outgoing):
    """200,000 rows sorted per page would be slow: no sort step in the plan, with or without
    a year filter (PostgreSQL asked to avoid sorting wherever an index can serve)."""
    register_outgoing()
    with uow() as session:
        for flt in (FilingFilter(), FilingFilter(year=2026), FilingFilter(text="春耕生产")):
            stmt = queries.outgoing_page(flt)
            sql = str(stmt.compile(session.get_bind(), compile_kwargs={"literal_binds": True}))
            assert _sorts(session, sql) == [], (flt, sql)


def _sorts(session, sql: str) -> list[str]:
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SET LOCAL enable_sort = off")
        plan = [row[0] for row in conn.exec_driver_sql("EXPLAIN " + sql.replace("%", "%%"))]
        return [line for line in plan if "Sort" in line]
    plan = [row[3] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql)]
    return [line for line in plan if "TEMP B-TREE" in line]


def test_tasks_newest_assigned_first_along_an_index(uow):
    """督办 by 办理时限 put tasks done months ago on the first page: newest 交办日期 first."""
    with uow() as session:
        old = tasks.add_task(
            session, _task("排查村道安全隐患", date(2026, 3, 2), date(2026, 3, 20))
        )
        new = tasks.add_task(session, _task("秸秆禁烧巡查", date(2026, 10, 9), date(2026, 12, 30)))
        mid = tasks.add_task(session, _task("耕地保护排查", date(2026, 6, 1), date(2026, 6, 5)))
    with uow() as session:
        found = [t.id for t in queries.list_tasks(session, FilingFilter())]
        for flt in (FilingFilter(), FilingFilter(state="逾期"), FilingFilter(text="排查")):
            stmt = queries.task_page(flt, date(2026, 11, 30))
            sql = str(stmt.compile(session.get_bind(), compile_kwargs={"literal_binds": True}))
            assert _sorts(session, sql) == [], (flt, sql)
    assert found == [new, mid, old]


def _task(matter: str, assigned: date, deadline: date) -> tasks.TaskForm:
    return tasks.TaskForm(matter=matter, dept="党政办", deadline=deadline, assigned_on=assigned)

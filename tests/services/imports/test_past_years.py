"""历史补录 of 收文, 发文 and 来访 sheets of past years: marked, numbered, not re-enacted."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from app import cli, clock
from app.config import DataDir
from app.db import unit_of_work
from app.models.filing import IncomingDoc, OutgoingDoc
from app.models.visits import VisitCase
from app.services.context import CLI
from app.services.filing import incoming_list, queries, todo
from app.services.filing.exchange import exports
from app.services.filing.filters import FilingFilter
from app.services.registry import ExportQuery
from app.services.visits import exchange as visit_exchange
from app.services.visits import queries as visit_queries
from tests.services.imports.sheets import write_sheet

INCOMING = ["收文编号", "来文机关", "标题", "签收日期", "承办部门", "办理时限", "办结日期"]
SEEK, ADVICE = "申诉求决类", "建议意见类"
VISITS = ["登记编号", "登记日期", "信访形式", "姓名", "人数", "反映问题", "类别", "处理方式",
          "受理日期"]  # fmt: skip


def _run(data_dir: DataDir, *args: str) -> int:
    return cli.main(["--data-dir", str(data_dir.root), *args])


def test_a_past_years_incoming_sheet_is_marked_and_leaves_todays_desk_alone(
    data_dir: DataDir, tmp_path: Path
) -> None:
    rows = [["", "县委办", "关于甲的通知", "2025-03-05", "农办", "2025-03-20", ""],
            ["", "县政府办", "关于乙的通知", "2026-11-02", "农办", "2026-12-03", ""]]  # fmt: skip
    assert _run(data_dir, "import", "incoming", str(write_sheet(tmp_path / "收文.xlsx",
                                                               INCOMING, rows))) == 0  # fmt: skip
    with unit_of_work() as session:
        flags = dict(session.execute(select(IncomingDoc.title, IncomingDoc.historical)).all())
        listed = incoming_list.list_incoming(session, FilingFilter())
        todos = todo.incoming_todos(session, clock.today())
        late = incoming_list.list_incoming(session, FilingFilter(overdue_on=date(2026, 12, 31)))
        register = exports.incoming_register(session, ExportQuery())
        header = [c.header for c in register.columns]
        lines = list(register.rows)
    assert flags == {"关于甲的通知": True, "关于乙的通知": False}
    shown = {r.title: r.state_shown for r in listed}
    assert shown["关于甲的通知"].endswith("（历史补录）")
    assert not shown["关于乙的通知"].endswith("（历史补录）")
    # a 2025 document still 在办 with its 办理时限 long gone is a record, not an overdue task
    assert any("关于乙的通知" in t.title for t in todos)
    assert not [t for t in todos if "甲" in t.title or t.severity == "逾期"]
    assert [r.title for r in late] == ["关于乙的通知"]  # the list's 只看逾期 agrees
    mark = header.index("历史补录")
    assert {line[4]: line[mark] for line in lines} == {"关于甲的通知": "历史补录",
                                                      "关于乙的通知": ""}  # fmt: skip
    # the year's own 收文编号 sequence: 2025 numbers for the 2025 row
    assert [line[0][:6] for line in lines if line[4] == "关于甲的通知"] != [""]


def test_incoming_done_before_it_was_received_is_a_row_error(
    data_dir: DataDir, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    rows = [["", "县委办", "关于甲的通知", "2025-03-05", "农办", "", "2025-03-01"]]
    path = write_sheet(tmp_path / "收文.xlsx", INCOMING, rows)
    assert _run(data_dir, "import", "incoming", str(path)) == 2
    assert "第2行 办结日期: 办结日期早于签收日期" in capsys.readouterr().err


def test_a_past_years_outgoing_sheet_is_marked(data_dir: DataDir, tmp_path: Path) -> None:
    header = ["发文字号", "标题", "签发日期", "签发人"]
    rows = [["镇政〔2024〕3号", "关于甲的通知", "2024-05-06", "张明"],
            ["镇政〔2026〕3号", "关于乙的通知", "2026-05-06", "张明"]]  # fmt: skip
    assert _run(data_dir, "import", "outgoing", str(write_sheet(tmp_path / "发文.xlsx",
                                                               header, rows))) == 0  # fmt: skip
    with unit_of_work() as session:
        flags = dict(session.execute(select(OutgoingDoc.title, OutgoingDoc.historical)).all())
        listed = queries.list_outgoing(session, FilingFilter())
        register = exports.outgoing_register(session, ExportQuery())
        mark = [c.header for c in register.columns].index("历史补录")
        marks = {line[1]: line[mark] for line in register.rows}
    assert flags == {"关于甲的通知": True, "关于乙的通知": False}
    assert {r.title: r.state_shown for r in listed} == {"关于甲的通知": "已核发（历史补录）",
                                                       "关于乙的通知": "已核发"}  # fmt: skip
    assert marks == {"关于甲的通知": "历史补录", "关于乙的通知": ""}


def test_a_past_years_visit_sheet_keeps_its_numbers_and_runs_no_clock(
    data_dir: DataDir, tmp_path: Path
) -> None:
    rows = [["2019-0012", "2019-04-02", "走访", "赵磊", 8, "修路", SEEK, "受理", "2019-04-03"],
            ["", "2019-04-09", "走访", "钱芳", 1, "低保", ADVICE, "受理", "2019-04-10"],
            ["2019-0003", "2019-01-09", "书信", "孙丽", 1, "宅基地", SEEK, "", ""]]  # fmt: skip
    path = write_sheet(tmp_path / "来访2019.xlsx", VISITS, rows)
    assert _run(data_dir, "import", "visits", str(path)) == 0
    with unit_of_work(CLI) as session:
        cases = {c.reg_no: c for c in session.scalars(select(VisitCase))}
        listed = visit_queries.list_cases(session, visit_queries.CaseFilter(year=2019))
        todos = visit_queries.todo_items(session, clock.today())
        current = visit_queries.list_cases(session, visit_queries.CaseFilter(year=2026))
        (register, _) = visit_exchange.build(session, ExportQuery(year=2019))
        mark = [c.header for c in register.columns].index("历史补录")
        marks = [line[mark] for line in register.rows]
    # the paper's own numbers are kept; a row without one goes on after the highest
    assert set(cases) == {"2019-0012", "2019-0013", "2019-0003"}
    assert all(c.historical for c in cases.values())
    # an 8-person 走访 of 2019 is recorded as it happened (no 推选代表 column to show)
    assert cases["2019-0012"].headcount == 8
    # open since 2019, but a record: not overdue, not on 首页, not carried into 2026's list
    assert all(not r.overdue and r.historical for r in listed)
    assert not todos and not current
    assert marks == ["历史补录"] * 3


def test_a_visit_number_repeated_or_taken_is_a_row_error(
    data_dir: DataDir, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    rows = [["2019-0012", "2019-04-02", "书信", "赵磊", 1, "修路", SEEK, "", ""],
            ["2019-12", "2019-04-03", "书信", "钱芳", 1, "低保", ADVICE, "", ""],
            ["2018-0001", "2019-04-03", "书信", "孙丽", 1, "低保", ADVICE, "", ""]]  # fmt: skip
    path = write_sheet(tmp_path / "来访.xlsx", VISITS, rows[:2])
    assert _run(data_dir, "import", "visits", str(path)) == 2
    assert "第3行 登记编号: 与第2行重复" in capsys.readouterr().err
    path = write_sheet(tmp_path / "来访三.xlsx", VISITS, rows[2:])
    assert _run(data_dir, "import", "visits", str(path)) == 2
    assert "第2行 登记编号: 应为「2019-0001」的形式" in capsys.readouterr().err
    ok = write_sheet(tmp_path / "来访一.xlsx", VISITS, rows[:1])
    assert _run(data_dir, "import", "visits", str(ok)) == 0
    assert _run(data_dir, "import", "visits", str(write_sheet(tmp_path / "来访二.xlsx", VISITS,
                                                             rows[1:2]))) == 2  # fmt: skip
    assert "第2行 登记编号: 2019-0012已经登记过，不能重复导入" in capsys.readouterr().err


def test_this_years_large_walk_in_still_needs_representatives(
    data_dir: DataDir, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    rows = [["", "2026-04-02", "走访", "赵磊", 8, "修路", SEEK, "", ""]]
    path = write_sheet(tmp_path / "来访.xlsx", VISITS, rows)
    assert _run(data_dir, "import", "visits", str(path)) == 2
    assert "应当推选代表" in capsys.readouterr().err

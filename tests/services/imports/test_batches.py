"""Import batches: listed by `imports`, undone by `undo-import` (or refused, naming why)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from app import cli
from app.config import DataDir
from app.db import unit_of_work
from app.models.audit import AuditEntry
from app.models.filing import IncomingDoc
from app.services import batches
from app.services.context import CLI
from app.services.duty import staff
from app.services.filing import handling
from app.services.seals import chain, ledger
from app.services.seals.dto import UseFilter
from tests.services.imports.sheets import write_sheet

INCOMING = ["来文机关", "标题", "签收日期"]
ROWS = [["县委办", "关于A的通知", "2026-03-05"], ["县政府办", "关于B的通知", "2026-03-06"]]


def _run(data_dir: DataDir, *args: str) -> int:
    return cli.main(["--data-dir", str(data_dir.root), *args])


def _count() -> int:
    with unit_of_work() as session:
        return int(session.scalar(select(func.count(IncomingDoc.id))) or 0)


def test_imports_lists_batches_and_undo_removes_exactly_the_batch(
    data_dir: DataDir, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    first = write_sheet(tmp_path / "收文一.xlsx", INCOMING, ROWS[:1])
    second = write_sheet(tmp_path / "收文二.xlsx", INCOMING, ROWS[1:])
    assert _run(data_dir, "import", "incoming", str(first)) == 0
    assert _run(data_dir, "import", "incoming", str(second)) == 0
    capsys.readouterr()
    assert _run(data_dir, "imports") == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[:2] for line in lines] == [["2", "收文二.xlsx"], ["1", "收文一.xlsx"]]
    assert "1 行" in lines[0] and "有效" in lines[0]
    assert _run(data_dir, "undo-import", "2") == 0
    assert "已撤销导入 2（收文二.xlsx）：删除 1 条" in capsys.readouterr().out
    assert _count() == 1
    with unit_of_work() as session:
        actions = list(session.scalars(select(AuditEntry.action)))
    assert "撤销导入" in actions
    # the same file can be imported again afterwards
    assert _run(data_dir, "import", "incoming", str(second)) == 0
    assert _count() == 2
    assert _run(data_dir, "undo-import", "2") == 2
    assert "已经撤销过" in capsys.readouterr().err


def test_undo_refuses_naming_what_refers_to_the_records(
    data_dir: DataDir, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    rows = [[*row, "党政办"] for row in ROWS]
    path = write_sheet(tmp_path / "收文.xlsx", [*INCOMING, "承办部门"], rows)
    assert _run(data_dir, "import", "incoming", str(path)) == 0
    with unit_of_work(CLI) as session:
        doc = session.scalars(select(IncomingDoc).order_by(IncomingDoc.id)).first()
        assert doc is not None
        receipt = doc.receipt_no
        handling.circulate(session, doc.id, "王镇长")
    capsys.readouterr()
    assert _run(data_dir, "undo-import", "1") == 2
    assert f"{receipt} 已有传阅记录" in capsys.readouterr().err
    assert _count() == 2


def test_undo_of_a_seal_ledger_appends_void_entries(
    data_dir: DataDir, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    seals = write_sheet(tmp_path / "印章.xlsx", ["印章名称", "类别", "审批人"],
                        [["中共某某镇委员会", "党委章", "王建国"]])  # fmt: skip
    uses = write_sheet(tmp_path / "用印.xlsx", ["日期", "印章", "经办人", "份数", "审批人"],
                       [["2019-04-02", "中共某某镇委员会", "赵磊", 2, "王建国"],
                        ["2019-04-03", "中共某某镇委员会", "钱芳", 1, "王建国"]])  # fmt: skip
    assert _run(data_dir, "import", "seals", str(seals)) == 0
    with unit_of_work(CLI) as session:  # the approver is on the staff list
        staff.add_person(session, staff.DutyPersonForm("王建国", "党委书记"))
    assert _run(data_dir, "import", "seal-uses", str(uses)) == 0
    with unit_of_work(CLI) as session:
        plan = batches.plan_undo(session, 2)
    assert plan.voids and plan.count == 2 and not plan.blockers
    assert "追加作废登记" in plan.summary()
    capsys.readouterr()
    assert _run(data_dir, "undo-import", "2") == 0
    assert "追加作废登记 2 条" in capsys.readouterr().out
    with unit_of_work() as session:
        rows = ledger.list_uses(session, UseFilter())
        assert chain.verify_chain(session).ok
    assert [r.kind for r in rows] == ["用印", "用印", "作废", "作废"]
    assert all(r.voided_by_id for r in rows[:2])
    # the same file again: new numbers after the voided ones
    assert _run(data_dir, "import", "seal-uses", str(uses)) == 0
    # the seals are now referred to by 用印 entries: that undo is refused
    assert _run(data_dir, "undo-import", "1") == 2
    assert "印章「中共某某镇委员会」 已有用印记录" in capsys.readouterr().err


def test_undo_of_an_unknown_batch_exits_2(data_dir: DataDir, capsys) -> None:  # type: ignore[no-untyped-def]
    assert _run(data_dir, "undo-import", "99") == 2
    assert "没有编号为 99 的导入记录" in capsys.readouterr().err


ITEMS = ["年度", "期限", "机构（问题）", "责任者", "文件题名", "日期"]


def test_a_catalog_import_is_undone_unless_numbers_follow_it(
    data_dir: DataDir, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    """Was: 'archive-items 的导入会更新已有记录，不能整批撤销' for an import that only adds."""
    first = write_sheet(tmp_path / "目录一.xlsx", ITEMS,
                        [[2024, "Y", "BGS", "甲", "题一", "2024-01-05"],
                         [2024, "Y", "BGS", "甲", "题二", "2024-01-06"]])  # fmt: skip
    second = write_sheet(tmp_path / "目录二.xlsx", ITEMS,
                         [[2024, "Y", "BGS", "甲", "题三", "2024-02-05"]])  # fmt: skip
    loan = ["2026-03-05", "赵磊", "Z109-WS·2024-Y-BGS-0001", "查阅", "查考"]
    loans = write_sheet(tmp_path / "借阅.xlsx", ["借阅日期", "借阅人", "档号", "方式", "利用目的"],
                        [loan])  # fmt: skip
    for path in (first, second):
        assert _run(data_dir, "import", "archive-items", str(path)) == 0
    assert _run(data_dir, "import", "archive-loans", str(loans)) == 0
    capsys.readouterr()
    assert _run(data_dir, "undo-import", "1") == 2
    err = capsys.readouterr().err
    assert "Z109-WS·2024-Y-BGS-0003 编号在这批之后" in err and "已有借阅记录" in err
    assert _run(data_dir, "undo-import", "3") == 0  # the loans: removed
    assert _run(data_dir, "undo-import", "2") == 0  # the last 件: nothing after it
    assert "删除 1 条" in capsys.readouterr().out
    assert _run(data_dir, "undo-import", "1") == 0
    assert _run(data_dir, "import", "archive-items", str(first)) == 0
    assert _run(data_dir, "check") == 0  # no gap in the 件号, the search index in step

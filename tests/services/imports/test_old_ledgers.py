"""Old 用印 ledgers (历史补录) and seal sheets with other header words, through the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from app import cli
from app.config import DataDir
from app.db import unit_of_work
from app.models.seals import Seal
from app.services.context import CLI
from app.services.duty import staff
from app.services.registry import ExportQuery
from app.services.seals import chain, exchange, ledger
from app.services.seals.dto import HISTORICAL_MARK, UseFilter
from app.services.transfer import export_file
from tests.services.imports.sheets import write_sheet

OLD_HEADER = ["序号", "日期", "印章名称", "经办人", "用印事由", "份数", "审批人"]


def _run(data_dir: DataDir, *args: str) -> int:
    return cli.main(["--data-dir", str(data_dir.root), *args])


@pytest.fixture
def seals(data_dir: DataDir, tmp_path: Path) -> None:
    # an old seal list headed 类型, not 类别 (was: 找不到表头：缺少列 类别)
    path = write_sheet(tmp_path / "印章.xlsx", ["印章名称", "类型", "保管人", "审批人"],
                       [["中共某某镇委员会", "党委章", "李红", "王建国"],
                        ["某某镇人民政府", "政府章", "李红", "张明"]])  # fmt: skip
    assert _run(data_dir, "import", "seals", str(path)) == 0
    with unit_of_work(CLI) as session:  # the approvers of 2019, since moved on
        for name, title in (("王建国", "党委书记"), ("张明", "镇长")):
            staff.add_person(session, staff.DutyPersonForm(name, title, active=False))
    with unit_of_work() as session:
        assert {s.name: s.kind for s in session.scalars(select(Seal))} == {
            "中共某某镇委员会": "党委章", "某某镇人民政府": "政府章"}  # fmt: skip


def test_an_old_ledger_imports_as_historical(
    data_dir: DataDir, tmp_path: Path, seals: None, capsys
) -> None:  # type: ignore[no-untyped-def]
    rows = [[1, "2019-04-02", "中共某某镇委员会", "赵磊", "报送材料", 2, "王建国"],
            [2, "2019-04-03", "某某镇人民政府", "钱芳", "证明", 1, "张明"]]  # fmt: skip
    path = write_sheet(tmp_path / "用印登记簿2019.xlsx", OLD_HEADER, rows)
    assert _run(data_dir, "import", "seal-uses", str(path)) == 0
    assert "已导入 2 行" in capsys.readouterr().out
    with unit_of_work() as session:
        uses = ledger.list_uses(session, UseFilter())
        assert chain.verify_chain(session).ok
        table = exchange.use_table(session, ExportQuery(year=2019))
        export_file(session, "seal-uses", tmp_path / "out.xlsx", ExportQuery(year=2019))
    assert [u.historical for u in uses] == [True, True]
    assert [u.purpose for u in uses] == ["报送材料", "证明"]
    assert all(not u.attested and u.approved_at is None for u in uses)
    assert all(row[-1].startswith(HISTORICAL_MARK) for row in table.rows)


def test_an_old_ledger_still_checks_what_it_shows(
    data_dir: DataDir, tmp_path: Path, seals: None, capsys
) -> None:  # type: ignore[no-untyped-def]
    rows = [[1, "2019-04-02", "中共某某镇委员会", "赵磊", "报送", 2, "张明"],  # not its approver
            [2, "2019-04-03", "不存在的章", "钱芳", "证明", 1, "张明"],
            [3, "2019-04-04", "某某镇人民政府", "钱芳", "证明", "²", "张明"],
            [4, "2019-04-05", "某某镇人民政府", "钱芳", "证明", 0, "张明"],
            [5, "2019-04-06", "某某镇人民政府", "钱芳", "证明", 1, "门卫老张"]]  # fmt: skip
    path = write_sheet(tmp_path / "用印.xlsx", OLD_HEADER, rows)
    assert _run(data_dir, "import", "seal-uses", str(path)) == 2
    err = capsys.readouterr().err
    assert "第2行 审批人: 张明无权审批「中共某某镇委员会」" in err
    assert "第3行 印章: 印章登记中没有「不存在的章」" in err
    assert "第4行 份数:" in err and "第5行 份数:" in err
    assert "第6行 审批人: 审批人「门卫老张」不在人员名单中" in err  # was: accepted
    assert "Traceback" not in err


def test_every_row_refused_is_not_a_traceback(
    data_dir: DataDir, tmp_path: Path, seals: None, capsys
) -> None:  # type: ignore[no-untyped-def]
    """Was: ValueError: max() arg is an empty sequence (ledger.py:73), exit 1."""
    rows = [[1, "三月五日", "中共某某镇委员会", "赵磊", "报送", 2, "王建国"],
            [2, "2019-04-03", "没有的章", "钱芳", "证明", 1, "张明"]]  # fmt: skip
    path = write_sheet(tmp_path / "用印.xlsx", OLD_HEADER, rows)
    assert _run(data_dir, "import", "seal-uses", str(path)) == 2
    err = capsys.readouterr().err
    assert "第2行 日期时间:" in err and "第3行 印章:" in err


def test_use_checker_over_no_forms(uow) -> None:  # type: ignore[no-untyped-def]
    with uow() as session:
        check = ledger.use_checker(session, [])
    assert callable(check)


def test_a_seal_retired_later_was_in_use_on_the_day(
    data_dir: DataDir, tmp_path: Path, seals: None
) -> None:
    from datetime import date

    from app.services.context import CLI
    from app.services.seals import catalog
    from app.services.seals.dto import StatusForm

    with unit_of_work(CLI) as session:
        seal_id = session.scalar(select(Seal.id).where(Seal.name == "中共某某镇委员会"))
        catalog.change_status(session, StatusForm(seal_id, "停用", date(2024, 1, 1), "换新章"))
    ok = [[1, "2019-04-02", "中共某某镇委员会", "赵磊", "报送", 2, "王建国"]]
    late = [[1, "2024-04-02", "中共某某镇委员会", "赵磊", "报送", 2, "王建国"]]
    late_path = write_sheet(tmp_path / "a.xlsx", OLD_HEADER, late)
    ok_path = write_sheet(tmp_path / "b.xlsx", OLD_HEADER, ok)
    assert _run(data_dir, "import", "seal-uses", str(late_path)) == 2
    assert _run(data_dir, "import", "seal-uses", str(ok_path)) == 0


def test_cli_names_found_headers_and_accepted_words(
    data_dir: DataDir, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    path = write_sheet(tmp_path / "印章.xlsx", ["印章名称", "分类", "保管人"],
                       [["中共某某镇委员会", "党委章", "李红"]])  # fmt: skip
    assert _run(data_dir, "import", "seals", str(path)) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "找不到表头：缺少列 类别（文件 印章.xlsx）",
        "表中的表头：印章名称、分类、保管人",
        "“类别”可用的表头：类别、印章类别、种类、类型、印章类型",
    ]


def test_a_superscript_or_a_20_digit_count_is_a_row_error_in_a_seal_ledger(
    data_dir: DataDir, tmp_path: Path, seals: None, capsys
) -> None:  # type: ignore[no-untyped-def]
    """Issue 16, defect 6: 份数 "²" was a ValueError and 20 digits an OverflowError in 用印."""
    rows = [[1, "2019-04-04", "某某镇人民政府", "钱芳", "证明", "²", "张明"],
            [2, "2019-04-05", "某某镇人民政府", "钱芳", "证明", "1" * 20, "张明"],
            [3, "2019-04-06", "某某镇人民政府", "钱芳", "证明", 10**19, "张明"]]  # fmt: skip
    path = write_sheet(tmp_path / "用印.xlsx", OLD_HEADER, rows)
    assert _run(data_dir, "import", "seal-uses", str(path)) == 2
    err = capsys.readouterr().err
    assert "第2行 份数: 应为 1 至 9999 的整数，不能是“²”" in err  # worded as in 收文
    assert f"第3行 份数: 应为 1 至 9999 的整数，不能是“{'1' * 20}”" in err
    assert "第4行 份数: 应为 1 至 9999 的整数，不能是“" in err
    assert "Traceback" not in err and "有 3 处错误，未导入任何数据。" in err

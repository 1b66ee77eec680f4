"""值班人员 and 排班 imports are batches that can be undone: what they replaced comes back;
refused, naming why, once a roster, swap, log or later edit refers to them; audited."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from app import cli
from app.config import DataDir
from app.db import unit_of_work
from app.models.audit import AuditEntry
from app.models.duty import RosterDay
from app.services import batches
from app.services.context import CLI
from app.services.duty import changes, staff
from app.services.duty.staff import DutyPersonForm
from tests.services.imports.sheets import write_sheet

STAFF = ["姓名", "职务", "手机", "带班领导"]
ROSTER = ["日期", "带班领导", "值班人员", "备注"]


def _run(data_dir: DataDir, *args: str) -> int:
    return cli.main(["--data-dir", str(data_dir.root), *args])


def _people() -> dict[str, tuple[str, str]]:
    with unit_of_work(CLI) as session:
        return {p.name: (p.title, p.phone) for p in staff.people(session)}


def _roster() -> dict[date, tuple[str, str]]:
    with unit_of_work(CLI) as session:
        names = {p.id: p.name for p in staff.people(session)}
        days = session.scalars(select(RosterDay).order_by(RosterDay.day))
        return {d.day: (names[d.leader_id], d.note) for d in days}


def _staff_sheets(tmp_path: Path) -> tuple[Path, Path]:
    first = write_sheet(
        tmp_path / "人员一.xlsx",
        STAFF,
        [["王镇长", "镇长", "13900000001", "是"], ["李干部", "科员", "13800000001", "否"]],
    )
    second = write_sheet(
        tmp_path / "人员二.xlsx",
        STAFF,
        [["王镇长", "书记", "13900000009", "是"], ["赵干部", "科员", "13800000002", "否"]],
    )
    return first, second  # fmt: skip


def test_a_staff_import_undone_puts_back_who_was_there(
    data_dir: DataDir, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    first, second = _staff_sheets(tmp_path)
    assert _run(data_dir, "import", "staff", str(first)) == 0
    assert _run(data_dir, "import", "staff", str(second)) == 0
    assert _people()["王镇长"] == ("书记", "13900000009")
    capsys.readouterr()
    assert _run(data_dir, "undo-import", "2") == 0
    out = capsys.readouterr().out
    assert "赵干部" in out and "王镇长 的原资料" in out
    assert "删除新增人员 1 人，恢复原资料 1 人" in out
    assert _people() == {"王镇长": ("镇长", "13900000001"), "李干部": ("科员", "13800000001")}
    assert _run(data_dir, "undo-import", "1") == 0
    assert _people() == {}
    with unit_of_work(CLI) as session:
        undone = session.scalars(select(AuditEntry).where(AuditEntry.action == "撤销导入"))
        assert len(list(undone)) == 2
    # the same file imports again afterwards
    assert _run(data_dir, "import", "staff", str(first)) == 0


def test_a_staff_undo_is_refused_once_a_person_is_rostered_or_edited(
    data_dir: DataDir, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    first, second = _staff_sheets(tmp_path)
    assert _run(data_dir, "import", "staff", str(first)) == 0
    roster = write_sheet(tmp_path / "排班.xlsx", ROSTER, [["2026-12-05", "王镇长", "李干部", ""]])
    assert _run(data_dir, "import", "roster", str(roster)) == 0
    capsys.readouterr()
    assert _run(data_dir, "undo-import", "1") == 2
    err = capsys.readouterr().err
    assert "王镇长 已有排班" in err and "李干部 已有排班" in err
    assert set(_people()) == {"王镇长", "李干部"}
    assert _run(data_dir, "import", "staff", str(second)) == 0
    with unit_of_work(CLI) as session:
        wang = next(p for p in staff.people(session) if p.name == "王镇长")
        staff.update_person(session, wang.id, DutyPersonForm("王镇长", "镇长", "", "139", True))
    assert _run(data_dir, "undo-import", "3") == 2
    assert "王镇长 的资料已在导入后修改" in capsys.readouterr().err


def test_a_staff_undo_is_refused_once_a_person_approved_a_seal_use(
    data_dir: DataDir, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    people = write_sheet(tmp_path / "人员.xlsx", ["姓名", "职务"], [["张明", "镇长"]])
    seals = write_sheet(tmp_path / "印章.xlsx", ["印章名称", "类别", "审批人"],
                        [["某某镇人民政府", "政府章", "张明"]])  # fmt: skip
    uses = write_sheet(tmp_path / "用印.xlsx", ["日期", "印章名称", "事由", "份数", "审批人"],
                       [["2019-04-02", "某某镇人民政府", "证明", 1, "张明"]])  # fmt: skip
    for kind, path in (("staff", people), ("seals", seals), ("seal-uses", uses)):
        assert _run(data_dir, "import", kind, str(path)) == 0
    capsys.readouterr()
    assert _run(data_dir, "undo-import", "1") == 2
    assert "张明 已有用印审批记录" in capsys.readouterr().err


def test_a_roster_import_undone_puts_back_the_days_it_replaced(
    data_dir: DataDir, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    first, _ = _staff_sheets(tmp_path)
    more = write_sheet(tmp_path / "人员三.xlsx", STAFF, [["张书记", "书记", "13900000003", "是"]])
    assert _run(data_dir, "import", "staff", str(first)) == 0
    assert _run(data_dir, "import", "staff", str(more)) == 0
    old = write_sheet(tmp_path / "排班一.xlsx", ROSTER, [["2026-12-05", "王镇长", "李干部", "原"]])
    new = write_sheet(tmp_path / "排班二.xlsx", ROSTER,
                      [["2026-12-05", "张书记", "李干部", "新"],
                       ["2026-12-06", "张书记", "李干部", ""]])  # fmt: skip
    assert _run(data_dir, "import", "roster", str(old)) == 0
    assert _run(data_dir, "import", "roster", str(new)) == 0
    assert _roster() == {date(2026, 12, 5): ("张书记", "新"), date(2026, 12, 6): ("张书记", "")}
    with unit_of_work(CLI) as session:
        plan = batches.plan_undo(session, 4)
    assert plan.records == ["2026-12-05 排班（恢复原排班）", "2026-12-06 排班"]
    assert not plan.blockers and "撤销以下导入内容" in plan.summary()
    capsys.readouterr()
    assert _run(data_dir, "undo-import", "4") == 0
    assert "删除导入的排班 1 天，恢复原排班 1 天" in capsys.readouterr().out
    assert _roster() == {date(2026, 12, 5): ("王镇长", "原")}
    # a day edited by hand since its import: the undo is refused and nothing changes
    with unit_of_work(CLI) as session:
        ids = {p.name: p.id for p in staff.people(session)}
        changes.set_day(session, date(2026, 12, 5), ids["王镇长"], [ids["李干部"]], "改")
    assert _run(data_dir, "undo-import", "3") == 2
    assert "2026-12-05 的排班已在导入后修改" in capsys.readouterr().err
    assert _roster() == {date(2026, 12, 5): ("王镇长", "改")}

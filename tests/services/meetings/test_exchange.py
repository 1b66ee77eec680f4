"""`import meetings`, `import decisions` (all rows or none), `export meetings/decisions`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from app import cli
from app.models.filing import SupervisionTask
from app.models.meetings import Meeting, MeetingDecision
from app.services import batches
from app.services.errors import ImportRejected, ValidationError
from app.services.filing import tasks
from app.services.filing.exchange import exports as filing_exports
from app.services.meetings import decisions, entries
from app.services.meetings.dto import MeetingForm
from app.services.registry import ExportQuery
from app.services.transfer import export_file, import_file
from tests.reports.pdftext import needs_poppler, pdf_text
from tests.services.meetings.stock import at, decision, meeting

MEETING_HEADERS = ["会议名称", "会议类型", "会议日期", "会议地点", "主持人", "记录人", "出席人员",
                   "列席人员", "缺席人员及原因", "议题"]  # fmt: skip
DECISION_HEADERS = ["会议名称", "会议日期", "议定事项", "牵头领导", "责任单位", "责任人",
                    "完成时限", "办结日期", "办结情况"]  # fmt: skip


def _sheet(path: Path, headers: list[str], rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["某某镇会议登记簿"])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _meetings_sheet(tmp_path: Path) -> Path:
    return _sheet(tmp_path / "会议.xlsx", MEETING_HEADERS, [
        ["十月党委会", "党委会", "2026-10-12 09:00", "老会议室", "王书记", "李红",
         "王书记、张镇长", "赵所长", "刘委员（出差）", "研究防火；审议预算"],
        ["十月常务会", "政府常务会", "2026.10.14", "三楼会议室", "张镇长", "李红",
         "张镇长，孙副镇长", "", "", "研究农田"],
    ])  # fmt: skip


def _count(uow, model) -> int:
    with uow() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_import_meetings_with_people_and_marks(uow, tmp_path):
    with uow() as s:
        assert import_file(s, "meetings", _meetings_sheet(tmp_path)) == 2
        first, second = sorted(entries.list_meetings(s), key=lambda r: r.starts_at)
        detail = entries.get_meeting(s, first.id)
    assert (first.name, first.room, first.session_label) == ("十月党委会", "老会议室", "第1次")
    assert f"{first.starts_at:%H:%M}" == "09:00" and f"{second.starts_at:%H:%M}" == "09:00"
    assert (first.expected, first.present, first.observers) == (3, 2, 1)
    assert [(a.name, a.absent_reason) for a in detail.absent] == [("刘委员", "出差")]
    assert [t.title for t in detail.topics] == ["研究防火", "审议预算"]
    assert {a.notice for a in detail.attendees} == {"已通知", "请假"}
    with uow() as s:  # its old place stays when the meeting is edited, a new one must be listed
        form = MeetingForm("党委会", first.starts_at, name="十月党委会", room="老会议室")
        entries.update_meeting(s, first.id, form, first.version)
        assert entries.get_meeting(s, first.id).meeting.room == "老会议室"
    with uow() as s, pytest.raises(ValidationError, match="不在会议室列表中"):
        entries.update_meeting(s, second.id, form)


def test_a_meeting_sheet_with_errors_writes_nothing(uow, tmp_path):
    path = _sheet(tmp_path / "错.xlsx", MEETING_HEADERS, [
        ["好的会", "党委会", "2026-10-12", "", "王书记", "", "王书记", "", "", ""],
        ["茶话会", "茶话会", "2026-10-13", "", "", "", "", "", "", ""],
        ["未来会", "专题会", "2027-01-01", "", "", "", "", "", "", ""],
        ["乱日期", "专题会", "十月", "", "", "", "", "", "", ""],
    ])  # fmt: skip
    with pytest.raises(ImportRejected) as caught, uow() as s:
        import_file(s, "meetings", path)
    found = [str(e) for e in caught.value.errors]
    assert found[0].startswith("第4行 类型: 会议类型“茶话会”不在设置的类型中")
    assert found[1] == "第5行 日期: 会议登记簿只登记已召开的会议，日期晚于今天"
    assert found[2] == "第6行 日期: 无法识别的日期“十月”"
    assert _count(uow, Meeting) == 0


def test_import_decisions_makes_linked_tasks(uow, tmp_path):
    with uow() as s:
        import_file(s, "meetings", _meetings_sheet(tmp_path))
    path = _sheet(tmp_path / "议定.xlsx", DECISION_HEADERS, [
        ["十月党委会", "2026年10月12日", "完成防火检查", "张镇长", "应急办", "陈主任",
         "2026-10-30", "2026-10-28", "检查报告已报县应急局"],
        ["十月常务会", "2026-10-14", "拨付农田资金", "孙副镇长", "财政所", "", "2026-11-20", "",
         ""],
    ])  # fmt: skip
    with uow() as s:
        assert import_file(s, "decisions", path) == 2
        rows = decisions.decision_list(s, decisions.DecisionFilter(year=2026))
        assert [(r.matter, r.state) for r in rows] == [("拨付农田资金", "逾期"),
                                                       ("完成防火检查", "已办结")]  # fmt: skip
        task = tasks.get_task(s, rows[0].task_id)
        assert (task.source_kind, task.source_text) == ("会议", "十月常务会")
        link = decisions.decision_of_task(s, rows[1].task_id)
        assert link is not None and link.meeting_name == "十月党委会"


def _two_decisions(uow, tmp_path) -> int:
    with uow() as s:
        import_file(s, "meetings", _meetings_sheet(tmp_path))
    path = _sheet(tmp_path / "议定.xlsx", DECISION_HEADERS, [
        ["十月党委会", "2026-10-12", "完成防火检查", "张镇长", "应急办", "", "2026-10-30",
         "2026-10-28", "检查报告已报"],
        ["十月常务会", "2026-10-14", "拨付农田资金", "孙副镇长", "财政所", "", "2026-11-20",
         "", ""],
    ])  # fmt: skip
    with uow() as s:
        import_file(s, "decisions", path)
        return batches.list_batches(s)[0].id


def test_a_decisions_import_is_undone_with_its_tasks(uow, tmp_path):
    batch_id = _two_decisions(uow, tmp_path)
    with uow() as s:
        plan = batches.plan_undo(s, batch_id)
        assert plan.count == 2 and plan.blockers == []
        assert plan.records[0] == "议定事项“完成防火检查”及其督办事项"
        assert batches.undo_import(s, batch_id) == "删除议定事项 2 项及其督办事项"
    assert _count(uow, MeetingDecision) == 0 and _count(uow, SupervisionTask) == 0
    assert _count(uow, Meeting) == 2


def test_a_decision_worked_on_since_keeps_its_import(uow, tmp_path):
    batch_id = _two_decisions(uow, tmp_path)
    with uow() as s:
        task_id = decisions.decision_list(s, decisions.DecisionFilter(year=2026))[0].task_id
        tasks.add_note(s, task_id, date(2026, 11, 2), "已电话督促")
    with uow() as s:
        plan = batches.plan_undo(s, batch_id)
        assert plan.blockers == ["议定事项“拨付农田资金”的督办事项已有督办记录"]
        with pytest.raises(ValidationError, match="已有督办记录"):
            batches.undo_import(s, batch_id)
    assert _count(uow, MeetingDecision) == 2 and _count(uow, SupervisionTask) == 2


def test_a_decision_naming_an_unknown_meeting_writes_nothing(uow, tmp_path):
    with uow() as s:
        import_file(s, "meetings", _meetings_sheet(tmp_path))
    path = _sheet(tmp_path / "议定.xlsx", DECISION_HEADERS, [
        ["十月党委会", "2026-10-12", "完成防火检查", "张镇长", "应急办", "", "2026-10-30", "", ""],
        ["十月党委会", "2026-10-13", "错日子", "张镇长", "应急办", "", "2026-10-30", "", ""],
        ["九月党委会", "2026-09-01", "没有的会", "张镇长", "应急办", "", "2026-10-30", "", ""],
    ])  # fmt: skip
    with pytest.raises(ImportRejected) as caught, uow() as s:
        import_file(s, "decisions", path)
    assert [str(e) for e in caught.value.errors] == [
        "第4行 会议名称: 找不到2026-10-13召开的“十月党委会”，请先导入或登记该会议",
        "第5行 会议名称: 找不到2026-09-01召开的“九月党委会”，请先导入或登记该会议",
    ]
    assert _count(uow, MeetingDecision) == 0 and _count(uow, SupervisionTask) == 0


def test_import_cli_prints_row_errors(data_dir, tmp_path, capsys):
    base = ["--data-dir", str(data_dir.root)]
    path = _sheet(
        tmp_path / "议定.xlsx",
        DECISION_HEADERS,
        [["不存在的会", "2026-10-12", "事项", "", "应急办", "", "2026-10-30", "", ""]],
    )
    assert cli.main([*base, "import", "decisions", str(path)]) == 2
    err = capsys.readouterr().err
    assert "第3行 会议名称: 找不到2026-10-12召开的“不存在的会”" in err and "未导入任何数据" in err
    assert cli.main([*base, "import", "meetings", str(_meetings_sheet(tmp_path))]) == 0
    assert cli.main([*base, "export", "meetings", "--year", "2026",
                     "--out", str(tmp_path / "登记簿.xlsx")]) == 0  # fmt: skip
    sheet = openpyxl.load_workbook(tmp_path / "登记簿.xlsx").active
    values = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert "十月党委会" in values and "刘委员（出差）" in values


def test_undo_a_meetings_import(uow, tmp_path):
    with uow() as s:
        import_file(s, "meetings", _meetings_sheet(tmp_path))
        batch = batches.list_batches(s)[0].id
        first = min(entries.list_meetings(s), key=lambda r: r.starts_at)
        decision(s, first.id, deadline=date(2026, 12, 1))
    with uow() as s, pytest.raises(ValidationError, match="已有议定事项"):
        batches.undo_import(s, batch)
    with uow() as s:
        decisions.remove_decision(s, entries.get_meeting(s, first.id).decisions[0].id)
        batches.undo_import(s, batch)
    assert _count(uow, Meeting) == 0


def _with_decisions(s) -> int:
    mid = meeting(s, name='=HYPERLINK("x")党委会')
    done = decisions.send_to_tasks(s, decision(s, mid, "已办的事", date(2026, 11, 25)))
    tasks.finish_task(s, done, date(2026, 11, 24), "+已完成")
    decision(s, mid, "还没办的事", date(2026, 12, 20))
    return mid


def test_export_decisions_not_done_first_and_formula_safe(uow, tmp_path):
    with uow() as s:
        _with_decisions(s)
        export_file(s, "decisions", tmp_path / "落实.xlsx", ExportQuery(year=2026))
    sheet = openpyxl.load_workbook(tmp_path / "落实.xlsx").active
    rows = [r for r in sheet.iter_rows(values_only=True) if r and r[0] in (1, 2)]
    assert [(r[3], r[8]) for r in rows] == [("还没办的事", "未转督办"), ("已办的事", "已办结")]
    cells = {c.value: c.data_type for row in sheet.iter_rows() for c in row if c.value}
    assert cells['=HYPERLINK("x")党委会'] == "s" and cells["+已完成"] == "s"


@needs_poppler
def test_implementation_pdf_is_text(uow, tmp_path):
    with uow() as s:
        mid = _with_decisions(s)
        query = ExportQuery(options={"meeting_id": mid})
        export_file(s, "decisions", tmp_path / "落实.pdf", query)
    text = "".join(pdf_text(tmp_path / "落实.pdf").split())
    assert "议定事项落实情况表" in text and text.index("还没办的事") < text.index("已办的事")
    assert "共2项，已办结1项，未办结1项" in text


def test_task_bulletin_and_export_name_the_meeting(uow):
    with uow() as s:
        mid = meeting(s, when=at(2026, 11, 2), name="十一月党委会")
        decisions.send_to_tasks(s, decision(s, mid, "会上定的事", date(2026, 11, 20)))
        tasks.add_task(s, tasks.TaskForm("上级交办的事", "党政办", date(2026, 11, 21),
                                         assigned_on=date(2026, 11, 1)))  # fmt: skip
        sections = filing_exports.task_bulletin(s, ExportQuery())
    overdue = list(sections[0].rows)
    assert [(r[1], r[2]) for r in overdue] == [("会上定的事（牵头领导：张镇长）", "十一月党委会"),
                                               ("上级交办的事", "交办")]  # fmt: skip
    by_source = list(sections[3].rows)
    assert sections[3].heading == "四、按来源分类"
    assert by_source == [["会议", 1, 0, 0, 1], ["　其中：十一月党委会", 1, 0, 0, 1],
                         ["交办", 1, 0, 0, 1]]  # fmt: skip

"""值班 imports and exports: staff, the county roster return, the daily log."""

from __future__ import annotations

from datetime import UTC, date, datetime

import openpyxl
import pytest

from app.reports.template import HOLIDAY_DUTY_COLUMNS, fill_template, sample_template
from app.services import settings
from app.services.context import CLI
from app.services.duty import config, log, roster
from app.services.duty.exchange import (
    LOG_HEADERS,
    ROSTER_HEADERS,
    load_roster,
    load_staff,
    roster_table,
)
from app.services.duty.staff import people
from app.services.errors import ImportRejected
from app.services.registry import ExportQuery
from app.services.transfer import export_file, import_file
from tests.reports.pdftext import needs_poppler, pdf_text
from tests.services.duty.helpers import add_staff

OCT = ExportQuery(date_from=date(2026, 10, 1), date_to=date(2026, 10, 7))


def _sheet_text(path) -> list[list[str]]:
    sheet = openpyxl.load_workbook(path).active
    return [["" if c is None else str(c) for c in row] for row in sheet.iter_rows(values_only=True)]


def _filled_roster(uow, tmp_path):
    with uow() as s:
        settings.put(s, config.DUTY_PHONE, "0571-88880000")
        settings.put(s, config.DUTY_FAX, "0571-88880001")
        settings.put(s, config.REVIEWER, "党政办主任")
        add_staff(s, 3, 8)
        roster.generate(s, date(2026, 10, 1), date(2026, 10, 7))
        count = export_file(s, "roster", tmp_path / "国庆值班表.xlsx", OCT)
        export_file(s, "roster", tmp_path / "国庆值班表.pdf", OCT)
        table = roster_table(s, OCT)
    return count, table


def test_county_roster_return_fills_the_county_template(uow, tmp_path):
    count, _table = _filled_roster(uow, tmp_path)
    rows = _sheet_text(tmp_path / "国庆值班表.xlsx")
    assert rows[2][:3] == ["日期", "星期", "带班领导"] and rows[3][2:7] == [
        "姓名",
        "职务",
        "手机",
        "姓名",
        "手机",
    ]
    assert {"值班电话", "传真", "备注"} <= set(rows[2])
    first = rows[4]
    assert first[0].startswith("2026-10-01") and first[1] == "星期四"
    assert first[2] == "领导0" and first[3] == "副镇长" and first[4] == "13900000000"
    assert (
        "、" in first[5]
        and first[7:9] == ["0571-88880000", "0571-88880001"]
        and "国庆节" in first[9]
    )
    text = " ".join(c for r in rows for c in r)
    assert "填报单位（盖章）：某某镇人民政府" in text and "审核人：党政办主任" in text
    assert "填报人：管理员" in text and "填报日期：" in text
    assert count == 7


def test_county_roster_pdf_has_every_column(uow, tmp_path):
    _count, table = _filled_roster(uow, tmp_path)
    assert [c.header for c in table.columns] == list(ROSTER_HEADERS)
    assert "审核人：党政办主任" in table.footer_lines[0] and "联系电话" in table.footer_lines[0]
    assert (tmp_path / "国庆值班表.pdf").read_bytes()[:4] == b"%PDF"


@needs_poppler
def test_county_roster_pdf_matches_the_county_sheet(uow, tmp_path):
    """Issue 15: the PDF said 填报单位 without 盖章, left out the sheet's 注, printed the
    unit on every line and broke each day as 2026年10 / 月1日."""
    _filled_roster(uow, tmp_path)
    text = pdf_text(tmp_path / "国庆值班表.pdf")
    lines = text.splitlines()
    assert "填报单位（盖章）：某某镇人民政府" in text and "填报日期：2026年11月30日" in text
    assert "注：带班领导须为党政班子成员" in text  # the note of the template the xlsx fills
    assert sum("某某镇人民政府" in line for line in lines) == 1  # the unit line, once
    assert "单位" not in [line.strip() for line in lines]  # no 单位 column
    days = [line for line in lines if line.startswith("2026-10-0")]
    assert len(days) == 7 and days[0].startswith("2026-10-01")


def test_county_roster_pdf_is_titled_as_the_template(uow, tmp_path):
    """Issue 15: the PDF said 某某镇人民政府节假日值班表 over the sheet titled 节假日值班安排表."""
    _count, table = _filled_roster(uow, tmp_path)
    assert _sheet_text(tmp_path / "国庆值班表.xlsx")[0][0] == "节假日值班安排表"
    assert table.title == "节假日值班安排表"
    assert table.subtitle.startswith("2026年10月01日至2026年10月07日")
    book = openpyxl.load_workbook(sample_template())
    book.active["A1"] = "2026年国庆节值班安排表"  # a county's own template, its own title
    book.save(tmp_path / "county.xlsx")
    with uow() as s:
        settings.put(s, config.ROSTER_TEMPLATE, str(tmp_path / "county.xlsx"))
        assert roster_table(s, OCT).title == "2026年国庆节值班安排表"


def test_county_roster_xlsx_prints_one_page_wide(uow, tmp_path):
    """Issue 15: printed at 100 % its 填报日期 and last columns ran past the right edge."""
    _filled_roster(uow, tmp_path)
    sheet = openpyxl.load_workbook(tmp_path / "国庆值班表.xlsx").active
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows == "$3:$4"


def test_a_county_template_without_a_print_scale_is_filled_to_print_one_page_wide(tmp_path):
    book = openpyxl.load_workbook(sample_template())
    book.active.sheet_properties.pageSetUpPr.fitToPage = False
    book.save(tmp_path / "county.xlsx")
    fill_template(tmp_path / "county.xlsx", tmp_path / "out.xlsx", HOLIDAY_DUTY_COLUMNS, [])
    filled = openpyxl.load_workbook(tmp_path / "out.xlsx").active
    assert filled.sheet_properties.pageSetUpPr.fitToPage and filled.page_setup.fitToWidth == 1
    book.active.page_setup.scale = 85  # a county's own choice is kept
    book.save(tmp_path / "county.xlsx")
    fill_template(tmp_path / "county.xlsx", tmp_path / "out.xlsx", HOLIDAY_DUTY_COLUMNS, [])
    assert not openpyxl.load_workbook(
        tmp_path / "out.xlsx"
    ).active.sheet_properties.pageSetUpPr.fitToPage


def test_exported_roster_imports_back(uow, tmp_path):
    out = tmp_path / "r.xlsx"
    with uow() as s:
        add_staff(s, 3, 8)
        before = roster.generate(s, date(2026, 10, 1), date(2026, 10, 7)).days
        export_file(s, "roster", out, OCT)
    with uow() as s:
        assert import_file(s, "roster", out) == 7
        after = roster.roster(s, date(2026, 10, 1), date(2026, 10, 7))
    assert [(d.day, d.leader.id, d.staff) for d in after] == [
        (d.day, d.leader.id, d.staff) for d in before
    ]


def test_roster_import_names_every_bad_cell(uow):
    rows = [
        {"_row": 3, "日期": "2026年10月1日", "带班领导": "领导0", "值班人员": "干部0、干部1"},
        {"_row": 4, "日期": "2026.13.40", "带班领导": "干部0", "值班人员": "无此人"},
    ]
    with uow() as s:
        add_staff(s, 2, 3)
        with pytest.raises(ImportRejected) as rejected:
            load_roster(s, rows)
    text = [str(e) for e in rejected.value.errors]
    assert text == [
        "第4行 日期: 无法识别“2026.13.40”",
        "第4行 带班领导: “干部0”不是带班领导",
        "第4行 值班人员: “无此人”不在人员名单中",
    ]


def test_staff_import_and_export(uow, tmp_path):
    rows = [
        {
            "_row": 2,
            "姓名": "王书记",
            "职务": "党委书记",
            "科室": "",
            "手机": "13900000001",
            "带班领导": "是",
        },
        {"_row": 3, "姓名": "李干事", "职务": "科员", "科室": "党政办", "手机": "139-0000-0002"},
    ]
    with uow() as s:
        assert load_staff(s, rows) == 2
        export_file(s, "staff", tmp_path / "s.xlsx", ExportQuery())
        with pytest.raises(ImportRejected):
            load_staff(s, [{"_row": 2, "姓名": "", "手机": "abc"}])
        listed = [(p.name, p.can_lead, p.phone) for p in people(s)]
    assert listed == [("王书记", True, "13900000001"), ("李干事", False, "139-0000-0002")]
    header = next(r for r in _sheet_text(tmp_path / "s.xlsx") if "姓名" in r)
    assert [h for h in header if h] == ["姓名", "职务", "科室", "手机", "带班领导", "在岗"]


def test_duty_log_export_has_the_columns(uow, tmp_path):
    at = datetime(2026, 10, 2, 2, 0, tzinfo=UTC)
    with uow() as s:
        log.add_entry(s, log.call_form(at, "县委办", "王", "0571", "防汛通知", "转镇长", "张三"))
        log.mark_zero_report(s, date(2026, 10, 5), "李四")
        fire = datetime(2026, 10, 3, 4, 0, tzinfo=UTC)
        log.add_entry(
            s,
            log.EntryForm(fire, "突发事件", "山火", "张三", phone_report_at=fire),
            date(2026, 10, 3),
        )
        export_file(s, "duty-log", tmp_path / "log.xlsx", OCT)
        export_file(s, "duty-log", tmp_path / "log.pdf", OCT)
    rows = _sheet_text(tmp_path / "log.xlsx")
    header = next(r for r in rows if "领导批示" in r)
    assert [h for h in header if h] == list(LOG_HEADERS)
    body = [r for r in rows[rows.index(header) + 1 :] if any(r)]
    assert any("防汛通知" in r for r in body) and any("无事报平安" in r for r in body)
    fire_row = next(r for r in body if "山火" in r)
    assert "书面报告 未报" in fire_row[8] and "电话报告 " in fire_row[8]


def test_the_command_line_is_no_one_s_name_as_the_return_s_reporter(uow, tmp_path):
    """Issue 15: a return written from the command line signed 填报人 as 命令行 (or user@PC)."""
    with uow() as s:
        add_staff(s, 3, 8)
        roster.generate(s, date(2026, 10, 1), date(2026, 10, 7))
    with uow(CLI) as s:
        assert "填报人：　" in roster_table(s, OCT).footer_lines[0]  # blank, written by hand
        settings.put(s, config.REPORTER, "李文书")
    with uow(CLI) as s:
        assert "填报人：李文书" in roster_table(s, OCT).footer_lines[0]

"""Statistics returns: 形式 in the county's words, 合计 rows and columns, SUM kept, strays."""

from __future__ import annotations

import zipfile
from collections import Counter

import openpyxl

from app.reports.reader import load_grids
from app.reports.template import sample_template
from app.services import registry
from app.services.registry import ExportQuery
from app.services.returns import filling

YEAR = ExportQuery(year=2026)
COUNTY_FORMS = {"来信": "书信", "来访": "走访", "网上信访": "信息网络", "电话": "电话"}


def _visits(session) -> list[dict]:
    table = registry.EXPORTS["visits"].build(session, YEAR)[0]
    names = [c.header for c in table.columns]
    return [dict(zip(names, row, strict=True)) for row in table.rows]


def test_visit_statistics_count_by_category_and_form_in_the_countys_words(demo, tmp_path):
    out = tmp_path / "信访.xlsx"
    with demo() as session:
        visits = _visits(session)
        done = filling.fill(session, sample_template("信访情况统计表.xlsx"), "visits", YEAR, out)
    assert visits and not done.unmatched
    tally = Counter((v["类别"], v["形式"]) for v in visits)
    sheet = openpyxl.load_workbook(out)["信访统计"]
    for row, category in zip(range(5, 8), ("建议意见类", "检举控告类", "申诉求决类"), strict=True):
        across = [tally[(category, COUNTY_FORMS[sheet.cell(4, c).value])] for c in range(2, 6)]
        assert [sheet.cell(row, c).value for c in range(2, 6)] == across
        assert sheet.cell(row, 6).value == sum(across)  # the 合计 column the program sums
    # the county's own 合计 row formulas are kept, not overwritten
    assert [sheet.cell(8, c).value for c in range(2, 7)] == [f"=SUM({c}5:{c}7)" for c in "BCDEF"]
    assert sheet["A3"].value == "类别" and sheet["B4"].value == "来信"
    # read back as an import reads a county sheet: the same numbers
    grid = load_grids(out)[0]
    for row, category in zip(range(5, 8), ("建议意见类", "检举控告类", "申诉求决类"), strict=True):
        assert grid[row - 1][0] == category
        back = [grid[row - 1][c] for c in range(1, 5)]
        assert back == [
            tally[(category, COUNTY_FORMS[f])] for f in ("来信", "来访", "网上信访", "电话")
        ]


def test_total_rows_are_sums_when_the_template_has_no_formula(demo, tmp_path):
    out = tmp_path / "用印.xlsx"
    with demo() as session:
        table = registry.EXPORTS["seal-uses"].build(session, YEAR)
        uses = list(table.rows)
        done = filling.fill(session, sample_template("用印情况月度统计表.xlsx"), "seal-uses",
                            YEAR, out)  # fmt: skip
    assert not done.unmatched
    sheet = openpyxl.load_workbook(out)["用印统计"]
    assert sheet["A8"].value == "合计"
    grand = sheet.cell(8, 14).value
    assert grand == sum(sheet.cell(r, 14).value for r in range(4, 8))
    assert grand == sum(sheet.cell(8, c).value for c in range(2, 14))
    seals = {sheet.cell(r, 1).value for r in range(4, 8)}
    assert grand == sum(1 for use in uses if use[2] in seals)
    november = Counter(use[2] for use in uses if str(use[1]).startswith("2026-11"))
    assert sheet.cell(4, 12).value == november[sheet.cell(4, 1).value]


def test_labels_that_match_nothing_are_reported_and_their_cells_left_alone(demo, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["信访情况统计"])
    sheet.append(["项目", "来信", "来访", "信访舆情", "合计"])
    for label in ("建议意见类", "检举控告", "群体性事件", "合计"):
        sheet.append([label])
    sheet["D4"] = "原有数字"
    book.save(tmp_path / "t.xlsx")
    out = tmp_path / "out.xlsx"
    with demo() as session:
        done = filling.fill(session, tmp_path / "t.xlsx", "visits", YEAR, out)
    assert done.unmatched == ("D列“信访舆情”无法对应", "第5行“群体性事件”无法对应")
    filled = openpyxl.load_workbook(out).worksheets[0]
    assert filled["D4"].value == "原有数字" and filled["D3"].value is None
    assert filled["B5"].value is None and filled["B4"].value is not None
    # 检举控告 is read as 检举控告类; 合计 sums only the rows that matched
    assert filled["B6"].value == filled["B3"].value + filled["B4"].value


def test_the_filled_book_carries_native_bar_charts(demo, tmp_path):
    out = tmp_path / "信访.xlsx"
    with demo() as session:
        done = filling.fill(session, sample_template("信访情况统计表.xlsx"), "visits", YEAR, out)
    assert [c.title for c in done.charts] == ["来访登记簿：按月件数", "来访登记簿：按类别件数"]
    with zipfile.ZipFile(out) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 2 and b"<barChart>" in archive.read(charts[0])
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["信访统计", "统计图"]
    monthly = [book["统计图"].cell(r, 2).value for r in range(3, 15)]
    assert sum(monthly) == sum(done.charts[0].counts) > 0


def test_quarters_months_and_counts_read_as_the_register_dates(demo, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["用印季度统计"])
    sheet.append(["季度", "用印次数", "11月"])
    for label in ("第一季度", "二季度", "3季度", "四季度", "合计"):
        sheet.append([label])
    book.save(tmp_path / "t.xlsx")
    with demo() as session:
        uses = list(registry.EXPORTS["seal-uses"].build(session, YEAR).rows)
        done = filling.fill(session, tmp_path / "t.xlsx", "seal-uses", YEAR, tmp_path / "o.xlsx")
    assert not done.unmatched
    filled = openpyxl.load_workbook(tmp_path / "o.xlsx").worksheets[0]
    by_quarter = Counter((int(str(u[1])[5:7]) - 1) // 3 + 1 for u in uses)
    assert [filled.cell(r, 2).value for r in range(3, 7)] == [by_quarter[q] for q in (1, 2, 3, 4)]
    assert filled["B7"].value == len(uses)
    assert filled["C6"].value == sum(1 for u in uses if str(u[1]).startswith("2026-11"))
    assert filled["C3"].value == 0  # 11月 is not in the first quarter


def test_incoming_by_sender_and_state_done_open_late(demo, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["来文机关", "已办结", "在办", "逾期", "合计"])
    with demo() as session:
        table = registry.EXPORTS["incoming"].build(session, YEAR)
        names = [c.header for c in table.columns]
        rows = [dict(zip(names, r, strict=True)) for r in table.rows]
        senders = sorted({r["来文机关"] for r in rows})[:3]
        for sender in senders:
            sheet.append([sender])
        book.save(tmp_path / "t.xlsx")
        filling.fill(session, tmp_path / "t.xlsx", "incoming", YEAR, tmp_path / "o.xlsx")
    filled = openpyxl.load_workbook(tmp_path / "o.xlsx").worksheets[0]
    for row, sender in enumerate(senders, start=2):
        mine = [r for r in rows if r["来文机关"] == sender]
        done = sum(1 for r in mine if r["办结日期"])
        late = sum(1 for r in mine if not r["办结日期"] and r["办理时限"]
                   and r["办理时限"] < "2026-11-30")  # fmt: skip
        assert [filled.cell(row, c).value for c in (2, 3, 4, 5)] == [
            done,
            len(mine) - done - late,
            late,
            len(mine),
        ]


def test_a_clerk_who_may_not_see_accusations_is_told_the_count_falls_short(demo, make_user,
                                                                          tmp_path):  # fmt: skip
    from app.services.context import Role

    clerk = make_user(Role.CLERK)
    template = sample_template("信访情况统计表.xlsx")
    with demo() as session:
        full = filling.fill(session, template, "visits", YEAR)
    with demo(clerk) as session:
        seen = filling.fill(session, template, "visits", YEAR)
    assert full.caveat == "" and "检举控告类只计入您有权查看的件" in seen.caveat
    accusations = {(r, c): v for (r, c), v in _cells(full).items() if r == 6}
    assert sum(accusations.values()) > 0 and all(v == 0 for (r, _), v in _cells(seen).items()
                                                 if r == 6)  # fmt: skip


def _cells(done) -> dict[tuple[int, int], object]:
    return {(r + 1, c + 1): v for r, row in enumerate(done.grid) for c, v in enumerate(row)
            if 5 <= r + 1 <= 7 and 2 <= c + 1 <= 5}  # fmt: skip

"""Build the sample county templates shipped here: `python resources/templates/make_samples.py`."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.worksheet import Worksheet

HERE = Path(__file__).resolve().parent
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
SONG = Font(name="宋体", size=11)
BLANK_ROWS = 7  # one week of holiday; fill_template inserts more when needed


def holiday_duty() -> Workbook:
    """节假日值班表 as a county 总值班室 sends it: title, unit line, two-row header, footer."""
    book = Workbook()
    sheet = book.active
    sheet.title = "值班安排"
    sheet.merge_cells("A1:J1")
    sheet["A1"] = "节假日值班安排表"
    sheet["A1"].font = Font(name="方正小标宋简体", size=18)
    sheet["A1"].alignment = CENTER
    sheet.row_dimensions[1].height = 36
    _label(sheet, "A2:D2", "填报单位（盖章）：")
    _label(sheet, "H2:J2", "填报日期：")
    _header(sheet)
    for row in range(5, 5 + BLANK_ROWS):
        sheet.row_dimensions[row].height = 24
        for column in range(1, 11):
            cell = sheet.cell(row, column)
            cell.border, cell.alignment, cell.font = BOX, CENTER, SONG
    footer = 5 + BLANK_ROWS
    _label(sheet, f"A{footer}:C{footer}", "填报人：")
    _label(sheet, f"D{footer}:F{footer}", "联系电话：")
    _label(sheet, f"G{footer}:J{footer}", "审核人：")
    note = footer + 1
    rule = "注：带班领导须为党政班子成员；请于节前3个工作日报县委办、县政府办总值班室。"
    _label(sheet, f"A{note}:J{note}", rule)
    for letter, width in zip("ABCDEFGHIJ", (12, 7, 10, 12, 14, 10, 14, 14, 14, 22), strict=True):
        sheet.column_dimensions[letter].width = width
    _fit_width(sheet)  # at 100 % the 填报日期 and the last columns ran off the page
    sheet.print_options.horizontalCentered = True
    sheet.print_title_rows = "3:4"
    sheet.print_area = f"A1:J{note}"
    return book


def _label(sheet: Worksheet, span: str, text: str) -> None:
    sheet.merge_cells(span)
    first = sheet[span.split(":")[0]]
    first.value = text
    first.font = SONG
    first.alignment = Alignment(vertical="center")


def _header(sheet: Worksheet) -> None:
    single = {"A": "日期", "B": "星期", "H": "值班电话", "I": "传真", "J": "备注"}
    for letter, text in single.items():
        sheet.merge_cells(f"{letter}3:{letter}4")
        sheet[f"{letter}3"] = text
    sheet.merge_cells("C3:E3")
    sheet["C3"] = "带班领导"
    sheet.merge_cells("F3:G3")
    sheet["F3"] = "值班人员"
    for letter, text in zip("CDEFG", ("姓名", "职务", "手机", "姓名", "手机"), strict=True):
        sheet[f"{letter}4"] = text
    for row in (3, 4):
        sheet.row_dimensions[row].height = 22
        for column in range(1, 11):
            cell = sheet.cell(row, column)
            cell.border, cell.alignment = BOX, CENTER
            cell.font = Font(name="黑体", size=11)


# ---- county returns (县里的表格): two list returns and two statistics tables --------------

HEI = Font(name="黑体", size=11)
RETURNS_BLANK_ROWS = 10  # fill_list inserts styled rows above the footer when more are needed


def _fit_width(sheet: Worksheet, landscape: bool = True) -> None:
    """A4, printed one page wide however long the list grows."""
    sheet.page_setup.paperSize = 9
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0


def _title(sheet: Worksheet, span: str, text: str) -> None:
    sheet.merge_cells(span)
    first = sheet[span.split(":")[0]]
    first.value = text
    first.font = Font(name="方正小标宋简体", size=18)
    first.alignment = CENTER
    sheet.row_dimensions[first.row].height = 36


def _boxed(sheet: Worksheet, rows: range, width: int, font: Font = SONG) -> None:
    for row in rows:
        sheet.row_dimensions[row].height = 24
        for column in range(1, width + 1):
            cell = sheet.cell(row, column)
            cell.border, cell.alignment, cell.font = BOX, CENTER, font


def _list_return(title: str, sheet_name: str, headers: list[tuple[str, float]]) -> Workbook:
    """A list return: title, unit line, one header row, blank bordered rows, footer, note."""
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_name
    last = chr(64 + len(headers))
    _title(sheet, f"A1:{last}1", title)
    _label(sheet, "A2:D2", "填报单位（盖章）：")
    _label(sheet, f"E2:{last}2", "统计时段：")
    for column, (text, width) in enumerate(headers, start=1):
        sheet.cell(3, column).value = text
        sheet.column_dimensions[chr(64 + column)].width = width
    _boxed(sheet, range(3, 4), len(headers), HEI)
    _boxed(sheet, range(4, 4 + RETURNS_BLANK_ROWS), len(headers))
    footer = 4 + RETURNS_BLANK_ROWS
    _label(sheet, f"A{footer}:C{footer}", "填报人：")
    _label(sheet, f"D{footer}:E{footer}", "联系电话：")
    _label(sheet, f"F{footer}:{last}{footer}", "审核人：")
    _label(sheet, f"A{footer + 1}:{last}{footer + 1}", "注：请于每月5日前报县委办。")
    _fit_width(sheet)
    sheet.print_title_rows = "3:3"
    return book


def incoming_return() -> Workbook:
    """收文情况表 as a 县委办 asks for it: its own words for the register's columns."""
    headers = [("序号", 6), ("收到日期", 15), ("来文单位", 15), ("文件字号", 18),
               ("文件名称", 32), ("密级", 6), ("承办部门", 14), ("办理情况", 14)]  # fmt: skip
    return _list_return("收文情况登记表", "收文", headers)


def task_return() -> Workbook:
    """督办事项落实情况表."""
    headers = [("序号", 6), ("督办事项", 28), ("任务来源", 18), ("责任单位", 14),
               ("责任人", 10), ("交办日期", 12), ("完成时限", 12), ("完成情况", 24),
               ("状态", 10)]  # fmt: skip
    return _list_return("督办事项落实情况表", "督办", headers)


def visit_statistics() -> Workbook:
    """信访情况统计表: 类别 down, 形式 across (the county's 来信/来访/网上信访/电话), 合计."""
    book = Workbook()
    sheet = book.active
    sheet.title = "信访统计"
    _title(sheet, "A1:F1", "信访情况统计表")
    _label(sheet, "A2:C2", "填报单位（盖章）：")
    _label(sheet, "D2:F2", "统计时段：")
    sheet.merge_cells("A3:A4")
    sheet["A3"] = "类别"
    sheet.merge_cells("B3:E3")
    sheet["B3"] = "信访形式"
    sheet.merge_cells("F3:F4")
    sheet["F3"] = "合计"
    for column, text in enumerate(("来信", "来访", "网上信访", "电话"), start=2):
        sheet.cell(4, column).value = text
    _boxed(sheet, range(3, 5), 6, HEI)
    for row, text in enumerate(("建议意见类", "检举控告类", "申诉求决类", "合计"), start=5):
        sheet.cell(row, 1).value = text
    for column in "BCDEF":  # the county's own 合计 formulas: kept as they are
        sheet[f"{column}8"] = f"=SUM({column}5:{column}7)"
    _boxed(sheet, range(5, 9), 6)
    _label(sheet, "A9:B9", "填报人：")
    _label(sheet, "C9:D9", "审核人：")
    _label(sheet, "E9:F9", "填报日期：")
    for letter, width in zip("ABCDEF", (16, 11, 11, 12, 11, 11), strict=True):
        sheet.column_dimensions[letter].width = width
    _fit_width(sheet, landscape=False)
    return book


def seal_statistics() -> Workbook:
    """用印情况统计表: each 印章 down, 1月 … 12月 across, 合计 row and column."""
    book = Workbook()
    sheet = book.active
    sheet.title = "用印统计"
    _title(sheet, "A1:N1", "用印情况月度统计表")
    _label(sheet, "A2:E2", "填报单位（盖章）：")
    _label(sheet, "H2:N2", "统计时段：")
    heads = ["印章名称", *(f"{m}月" for m in range(1, 13)), "合计"]
    for column, text in enumerate(heads, start=1):
        sheet.cell(3, column).value = text
    _boxed(sheet, range(3, 4), 14, HEI)
    seals = (
        "中共某某镇委员会",
        "某某镇人民政府",
        "中共某某镇委员会办公室",
        "某某镇人民政府财务专用章",
        "合计",
    )
    for row, text in enumerate(seals, start=4):
        sheet.cell(row, 1).value = text
    _boxed(sheet, range(4, 4 + len(seals)), 14)
    footer = 4 + len(seals)
    _label(sheet, f"A{footer}:D{footer}", "填报人：")
    _label(sheet, f"E{footer}:I{footer}", "联系电话：")
    _label(sheet, f"J{footer}:N{footer}", "填报日期：")
    sheet.column_dimensions["A"].width = 26
    for column in range(2, 15):
        sheet.column_dimensions[chr(64 + column)].width = 6.5
    _fit_width(sheet)
    return book


SAMPLES = {
    "节假日值班表.xlsx": holiday_duty,
    "收文情况登记表.xlsx": incoming_return,
    "督办事项落实情况表.xlsx": task_return,
    "信访情况统计表.xlsx": visit_statistics,
    "用印情况月度统计表.xlsx": seal_statistics,
}


def main() -> None:
    for name, make in SAMPLES.items():
        make().save(HERE / name)
        print("已生成", HERE / name)


if __name__ == "__main__":
    main()

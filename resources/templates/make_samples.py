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
    for letter, width in zip("ABCDEFGHIJ", (12, 7, 10, 12, 14, 10, 14, 14, 14, 12), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.page_setup.paperSize = 9
    sheet.page_setup.orientation = "landscape"
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


def main() -> None:
    holiday_duty().save(HERE / "节假日值班表.xlsx")
    print("已生成", HERE / "节假日值班表.xlsx")


if __name__ == "__main__":
    main()

"""Tell a list return from a statistics cross table, and map its columns or labels."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from app.reports.header import HEADER_SCAN_ROWS, filled, key
from app.reports.returns import SheetGrid
from app.services import headers
from app.services.errors import ValidationError
from app.services.returns.labels import IGNORE, Target, Vocabulary, resolve
from app.services.returns.sources import Records

LIST, CROSS = "list", "cross"
NUMBER = "序号"  # a list column the program numbers 1, 2, 3 …
_FOOTER = re.compile(r"[:：]|^(注|说明|备注|填报|填表|审核|制表|单位负责人)")


@dataclass(frozen=True)
class Slot:
    """One column of a list return, or one row or column label of a cross table."""

    axis: str  # 列 (a list column or a cross table's column label) or 行 (a row label)
    row: int  # 1-based position of the label cell
    col: int
    text: str
    target: str = ""  # a field (list), a Target.text (cross), IGNORE, or "" when unmapped
    note: str = ""  # why it is unmapped (无法对应, 有歧义：…)

    @property
    def where(self) -> str:
        from openpyxl.utils import get_column_letter

        return f"{get_column_letter(self.col)}列" if self.axis == "列" else f"第{self.row}行"


@dataclass(frozen=True)
class Plan:
    """How a template is filled: its shape, where its labels are and what each stands for."""

    template: str
    kind: str
    shape: str  # LIST or CROSS
    sheet: str
    header_row: int  # the list's last header row, or the cross table's column-label row
    label_col: int  # the cross table's row-label column (0 for a list)
    slots: tuple[Slot, ...]

    @property
    def unmapped(self) -> list[Slot]:
        return [slot for slot in self.slots if not slot.target]

    @property
    def header(self) -> list[str]:
        """The label texts the remembered mapping is kept under."""
        return [f"{slot.axis}:{slot.text}" for slot in self.slots]

    def mapping(self) -> dict[str, str]:
        return {slot.text: slot.target for slot in self.slots if slot.target}

    def with_mapping(self, chosen: dict[str, str]) -> Plan:
        """The clerk's choices (label text -> target) over what was found."""
        slots = tuple(
            replace(s, target=chosen[s.text], note="") if s.text in chosen else s
            for s in self.slots
        )
        return replace(self, slots=slots)


def recognise(name: str, grids: Sequence[SheetGrid], records: Records, vocab: Vocabulary) -> Plan:
    """The first sheet that reads as a cross table, else the one with the best list header."""
    for sheet in grids:
        plan = _cross(name, sheet, records.kind, vocab)
        if plan is not None:
            return plan
    best: Plan | None = None
    for sheet in grids:
        plan = _list(name, sheet, records)
        if plan is not None and (best is None or _mapped(plan) > _mapped(best)):
            best = plan
    if best is None:
        raise ValidationError(f"认不出模板 {name} 的表头：前 {HEADER_SCAN_ROWS} 行中没有"
                              f"能与{records.title}对应的列名，也没有统计表的行列标签")  # fmt: skip
    return best


def _mapped(plan: Plan) -> int:
    return sum(1 for slot in plan.slots if slot.target)


# ---- list returns ----------------------------------------------------------------------


def _list(name: str, sheet: SheetGrid, records: Records) -> Plan | None:
    """The row (or two-row header) within the first rows that names most fields."""
    grid, best = sheet.grid, None
    for index in range(min(HEADER_SCAN_ROWS, len(grid))):
        one = _list_slots(grid[index : index + 1], index + 1, records)
        two = _list_slots(grid[index : index + 2], index + 2, records)
        below = _list_slots(grid[index + 1 : index + 2], index + 2, records)
        # a group title over sub-headers (带班领导 over 姓名/手机) only when it names more
        if _score(two) > max(_score(one), _score(below)):
            one, index = two, index + 1
        enough = _score(one) >= 2 or (_score(one) == 1 and len(one) >= 3)
        if enough and (best is None or _score(one) > _score(best[1])):
            best = (index + 1, one)
    if best is None:
        return None
    return Plan(name, records.kind, LIST, sheet.name, best[0], 0, tuple(best[1]))


def _score(slots: list[Slot]) -> int:
    return sum(1 for slot in slots if slot.target and slot.target != NUMBER)


def _list_slots(rows: Sequence[Sequence[Any]], last: int, records: Records) -> list[Slot]:
    width = max((len(row) for row in rows), default=0)
    slots: list[Slot] = []
    for col in range(width):
        texts = [str(row[col]).strip() for row in rows if col < len(row) and filled(row[col])]
        texts = list(dict.fromkeys(texts))
        if not texts or not all(isinstance(t, str) for t in texts):
            continue
        field = ""
        for text in (("".join(texts),) if len(texts) > 1 else ()) + tuple(reversed(texts)):
            field = field_for(records, text)
            if field:
                break
        shown = "".join(texts) if len(texts) > 1 else texts[0]
        slots.append(Slot("列", last, col + 1, shown, field, "" if field else "无法对应"))
    return slots


def field_for(records: Records, header: str) -> str:
    """The register field a list column's header names, through the import header words."""
    word = key(header)
    if word == NUMBER:
        return NUMBER
    fields = {key(field): field for field in records.fields}
    if word in fields:
        return fields[word]
    table = headers.TABLES.get(records.kind, {})
    for canonical, words in table.items():
        keys = {key(canonical), *(key(w) for w in words)}
        if word in keys:
            found = _field_like(fields, key(canonical), keys)
            if found:
                return found
    return ""


def _field_like(fields: dict[str, str], canonical: str, words: set[str]) -> str:
    """The export column for an import field: the same word, a synonym, or 承办部门/人."""
    for found, field in fields.items():
        if found == canonical or found in words:
            return field
    for found, field in fields.items():
        if any(part in words for part in found.split("/")) or canonical in found:
            return field
    return ""


# ---- cross tables ----------------------------------------------------------------------


def _cross(name: str, sheet: SheetGrid, kind: str, vocab: Vocabulary) -> Plan | None:
    grid = sheet.grid
    header = _label_row(sheet, vocab)
    if header is None:
        return None
    column = _label_column(sheet, header, vocab)
    if column is None:
        return None
    across = range(column + 1, len(grid[header]))
    heads = [_slot("列", header + 1, c + 1, grid[header][c], vocab)
             for c in across if _is_label(sheet, header, c)]  # fmt: skip
    rows = [_slot("行", r + 1, column + 1, grid[r][column], vocab)
            for r in _body(sheet, header, column)]  # fmt: skip
    return Plan(name, kind, CROSS, sheet.name, header + 1, column + 1, tuple(heads + rows))


def _label_row(sheet: SheetGrid, vocab: Vocabulary) -> int | None:
    """The row within the first rows whose cells name most values (来信, 1月, 合计 …)."""
    best, count = None, 0
    for index in range(min(HEADER_SCAN_ROWS, len(sheet.grid))):
        row = sheet.grid[index]
        found = sum(1 for c in range(len(row)) if _is_label(sheet, index, c)
                    and resolve(row[c], vocab) is not None)  # fmt: skip
        if found > count:
            best, count = index, found
    return best


def _label_column(sheet: SheetGrid, header: int, vocab: Vocabulary) -> int | None:
    """The column under the label row whose cells name at least two values."""
    width = len(sheet.grid[header])
    best, count = None, 1
    for column in range(width):
        found = sum(1 for r in _body(sheet, header, column)
                    if resolve(sheet.grid[r][column], vocab) is not None)  # fmt: skip
        if found > count:
            best, count = column, found
    return best


def _body(sheet: SheetGrid, header: int, column: int) -> list[int]:
    """The rows below the label row holding a text label, up to the footer (填报人：, 注：)."""
    found = []
    for r in range(header + 1, len(sheet.grid)):
        row = sheet.grid[r]
        first = next((v for v in row if isinstance(v, str) and v.strip()), None)
        if first is not None and _FOOTER.search(key(first)):
            break
        value = row[column] if column < len(row) else None
        if _text(value) and (r + 1, column + 1) not in sheet.merged_from:
            found.append(r)
    return found


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip()) and not value.startswith("=")


def _is_label(sheet: SheetGrid, index: int, column: int) -> bool:
    """A text cell of the label row; a cell merged down from above (合计 over two header
    rows) counts in its column, one merged across from the left does not."""
    if not _text(sheet.grid[index][column]):
        return False
    top = sheet.merged_from.get((index + 1, column + 1))
    return top is None or top[1] == column + 1


def _slot(axis: str, row: int, col: int, text: str, vocab: Vocabulary) -> Slot:
    found = resolve(text, vocab)
    label = str(text).strip()
    if isinstance(found, Target):
        return Slot(axis, row, col, label, found.text)
    if isinstance(found, list):
        options = "、".join(t.text for t in found)
        return Slot(axis, row, col, label, "", f"有歧义：{options}")
    return Slot(axis, row, col, label, "", "无法对应")


__all__ = ["CROSS", "IGNORE", "LIST", "NUMBER", "Plan", "Slot", "field_for", "recognise"]

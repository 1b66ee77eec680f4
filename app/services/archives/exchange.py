"""`import archive-items`: a hand-kept 归档文件目录, checked whole, then written all at once."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.common.dates import parse_date
from app.models.archives import ArchiveItem
from app.services import audit, headers
from app.services.archives import items, numbering, rules, scheme
from app.services.archives.codes import OLD_PERIODS, Category, Scheme, build, check_category
from app.services.archives.codes import normalize_period as _period
from app.services.archives.codes import parse as parse_code
from app.services.archives.vocab import period_code
from app.services.context import Perm, actor_of, require
from app.services.errors import ImportRejected, RowError, ValidationError
from app.services.registry import ExportKind, ImportKind

COLUMNS = headers.ARCHIVE_ITEMS
REQUIRED = headers.REQUIRED["archive-items"]


@dataclass(frozen=True)
class _Row:
    sheet_row: int
    category: Category
    item_no: int | None  # None: the program assigns one
    values: dict[str, Any]


def _text(row: dict[str, Any], key: str) -> str:
    value = row.get(key)
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 20250315 or 12 typed as a number
    return "" if value is None else str(value).strip()


def _date(row: dict[str, Any], errors: list[RowError]) -> date | None:
    text = _text(row, "日期")
    if not text:
        return None
    found = parse_date(text) if text.isdigit() else parse_date(row["日期"])
    if found is None:
        errors.append(RowError(row["_row"], "日期", f"无法识别的日期“{text}”"))
    return found


def _category(session: Session, sch: Scheme, row: dict[str, Any], when: date | None,
              errors: list[RowError]) -> Category | None:  # fmt: skip
    """年度, 保管期限 and 机构 from their columns (the 年度 from the 日期 when blank)."""
    n, before = row["_row"], len(errors)
    year_text = _text(row, "年度") or (str(when.year) if when else "")
    if not year_text.isdigit():
        errors.append(RowError(n, "年度", f"年度应为四位年份，而不是“{year_text}”"))
    period = _period(_text(row, "保管期限"))
    if period is None:
        errors.append(RowError(n, "保管期限", _period_problem(_text(row, "保管期限"))))
    org = ""
    if sch.has_org:
        org = scheme.org_code_for(session, _text(row, "机构")) or ""
        if not org:
            errors.append(
                RowError(n, "机构", f"机构“{_text(row, '机构')}”既不是已登记的代码也不是名称")
            )
    if len(errors) > before or period is None:
        return None
    return _checked(Category(int(year_text), period, org), n, errors, sch)


def _period_problem(text: str) -> str:
    """Why a 保管期限 cell is refused (the old 长期/短期 get their own explanation)."""
    if text.strip() in OLD_PERIODS:
        try:
            period_code(text)
        except ValidationError as exc:
            return exc.message
    return f"无法识别的保管期限“{text}”"


def _checked(cat: Category, n: int, errors: list[RowError], sch: Scheme) -> Category | None:
    try:
        check_category(sch, cat)
    except ValidationError as exc:
        errors.append(RowError(n, "年度", exc.message))
        return None
    return cat


def _from_code(session: Session, sch: Scheme, row: dict[str, Any],
               errors: list[RowError]) -> tuple[Category | None, int | None]:  # fmt: skip
    """A row with a 档号 keeps it; its 年度/保管期限/机构 cells, where filled, must agree."""
    try:
        parsed = parse_code(sch, _text(row, "档号"))
    except ValidationError as exc:
        errors.append(RowError(row["_row"], "档号", exc.message))
        return None, None
    cat = parsed.category
    cells = {"年度": (_text(row, "年度"), str(cat.year)),
             "保管期限": (_period(_text(row, "保管期限")), cat.period),
             "机构": (scheme.org_code_for(session, _text(row, "机构")), cat.org_code)}  # fmt: skip
    for column, (given, want) in cells.items():
        if _text(row, column) and given != want:
            errors.append(
                RowError(row["_row"], column, f"“{_text(row, column)}”与档号 {parsed.code} 不一致")
            )
    return cat, parsed.item_no


def _values(row: dict[str, Any], when: date | None, errors: list[RowError]) -> dict[str, Any]:
    pages = _text(row, "页数") or "0"
    # ASCII digits only: "²" is a digit to str.isdigit() but not to int(); 20 digits overflow
    if not (pages.isascii() and pages.isdigit() and len(pages) <= 5):
        errors.append(RowError(row["_row"], "页数", f"页数应为整数，而不是“{pages}”"))
        pages = "0"
    form = items.ItemEdit(_text(row, "题名"), _text(row, "文号"), _text(row, "责任者"), when,
                          _text(row, "密级"), int(pages), _text(row, "备注"))  # fmt: skip
    try:
        items.check_edit(form)
    except ValidationError as exc:
        column = {"title": "题名", "secrecy": "密级", "pages": "页数"}.get(exc.field or "", "题名")
        errors.append(RowError(row["_row"], column, exc.message))
    return {
        "title": form.title,
        "doc_no": form.doc_no,
        "author": form.author[:100],
        "doc_date": when,
        "secrecy": form.secrecy,
        "pages": form.pages,
        "note": form.note,
    }


def _parse(session: Session, sch: Scheme, row: dict[str, Any], errors: list[RowError]) -> _Row:
    when = _date(row, errors)
    if _text(row, "档号"):
        cat, number = _from_code(session, sch, row, errors)
    else:
        cat, number = _category(session, sch, row, when, errors), None
    values = _values(row, when, errors)
    return _Row(row["_row"], cat or Category(0, ""), number, values)


def _duplicates(session: Session, sch: Scheme, rows: list[_Row]) -> list[RowError]:
    """A 档号 given twice in the sheet, or already in the database: the later row is named."""
    errors: list[RowError] = []
    seen: dict[tuple[Category, int], int] = {}
    given = [(r, build(sch, r.category, r.item_no)) for r in rows if r.item_no is not None]
    taken = _taken(session, [code for _, code in given])
    for r, code in given:
        key = (r.category, r.item_no or 0)
        if key in seen:
            errors.append(RowError(r.sheet_row, "档号", f"档号 {code} 与第{seen[key]}行重复"))
        elif code in taken:
            errors.append(RowError(r.sheet_row, "档号", f"档号 {code} 已在档案中"))
        seen.setdefault(key, r.sheet_row)
    return errors


def _taken(session: Session, codes: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(codes), 500):
        chunk = codes[start : start + 500]
        found.update(session.scalars(select(ArchiveItem.archive_code)
                                     .where(ArchiveItem.archive_code.in_(chunk))))  # fmt: skip
    return found


def _numbered(session: Session, rows: list[_Row]) -> tuple[list[_Row], list[RowError]]:
    """Rows without a 档号 take the free 件号 after the database's last one (by 日期/文号);
    a given 件号 beyond what the sheet fills would leave a gap and is refused."""
    by_cat: dict[Category, list[_Row]] = defaultdict(list)
    for r in rows:
        by_cat[r.category].append(r)
    out: list[_Row] = []
    errors: list[RowError] = []
    for cat in sorted(by_cat):  # the series first, all of them: the count below is this PC's
        numbering.hold_series(session, cat)
    for cat, group in by_cat.items():
        have = _count(session, cat)
        last = have + len(group)
        given = [r for r in group if r.item_no is not None]
        errors += [RowError(r.sheet_row, "档号", f"件号不连续：本类别只到 {last:04d}")
                   for r in given if (r.item_no or 0) > last]  # fmt: skip
        taken = {r.item_no for r in given}
        free = [n for n in range(have + 1, last + 1) if n not in taken]
        fresh = sorted((r for r in group if r.item_no is None), key=_date_order)
        out += given + [replace(r, item_no=no) for no, r in zip(free, fresh, strict=False)]
    return out, errors


def _date_order(r: _Row) -> tuple[Any, ...]:
    return numbering.order_key(numbering.Slot(None, r.values["doc_date"], r.values["doc_no"]))


def _count(session: Session, cat: Category) -> int:
    stmt = select(func.count()).select_from(ArchiveItem).where(
        ArchiveItem.year == cat.year, ArchiveItem.period == cat.period,
        ArchiveItem.org_code == cat.org_code)  # fmt: skip
    return int(session.scalar(stmt) or 0)


def load(session: Session, rows: list[dict[str, Any]]) -> int:
    """Check every row (nothing is written if one is bad), then insert in bulk."""
    require(session, Perm.EDIT_ARCHIVES)
    rules.ensure_defaults(session)  # the 机构 codes a first sheet names
    sch = scheme.load(session)
    errors: list[RowError] = []
    parsed = [_parse(session, sch, row, errors) for row in rows]
    errors += _duplicates(session, sch, [r for r in parsed if r.category.year])
    if errors:
        raise ImportRejected(sorted(errors, key=lambda e: e.row))
    placed, gaps = _numbered(session, parsed)
    if gaps:
        raise ImportRejected(sorted(gaps, key=lambda e: e.row))
    who = actor_of(session).display_name
    numbering.insert_items(session, [_insert_row(sch, r, who) for r in placed])
    audit.record(session, "新增", "档案", "", summary=f"导入归档文件目录 {len(placed)} 件")
    return len(placed)


def _insert_row(sch: Scheme, r: _Row, who: str) -> dict[str, Any]:
    cat, no = r.category, r.item_no or 0
    return {**r.values, "year": cat.year, "period": cat.period, "org_code": cat.org_code,
            "item_no": no, "archive_code": build(sch, cat, no), "filed_by": who}  # fmt: skip


IMPORTS = (ImportKind("archive-items", "归档文件目录", COLUMNS, REQUIRED, load),)
EXPORTS: tuple[ExportKind, ...] = ()  # the printed 目录, 盒脊 … come with 装盒

"""`check` of the 目录: every 档号 unique and as the builder writes it, 件号 without gaps."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.archives import ArchiveItem
from app.models.filing import IncomingDoc, OutgoingDoc
from app.services.archives import scheme
from app.services.archives.codes import Category, build
from app.services.errors import ValidationError

LIMIT = 20  # findings of one kind listed before "…"


def check(session: Session) -> list[str]:
    return _duplicates(session) + _codes_and_gaps(session) + _registers(session)


def _duplicates(session: Session) -> list[str]:
    stmt = (select(ArchiveItem.archive_code, func.count()).group_by(ArchiveItem.archive_code)
            .having(func.count() > 1).limit(LIMIT))  # fmt: skip
    return [f"档号 {code} 重复 {n} 次" for code, n in session.execute(stmt)]


def _codes_and_gaps(session: Session) -> list[str]:
    sch = scheme.load(session)
    numbers: dict[Category, list[int]] = defaultdict(list)
    wrong: list[str] = []
    rows = session.execute(select(ArchiveItem.year, ArchiveItem.period, ArchiveItem.org_code,
                                  ArchiveItem.item_no, ArchiveItem.archive_code))  # fmt: skip
    for year, period, org, no, code in rows:
        cat = Category(year, period, org)
        numbers[cat].append(no)
        try:
            expected = build(sch, cat, no)
        except ValidationError as exc:
            expected = exc.message
        if expected != code:
            wrong.append(f"档号 {code} 与其年度、保管期限、机构、件号不符（应为 {expected}）")
    return wrong[:LIMIT] + _gaps(numbers)


def _gaps(numbers: dict[Category, list[int]]) -> list[str]:
    out = []
    for cat, seen in sorted(numbers.items()):
        missing = sorted(set(range(1, max(seen) + 1)) - set(seen))
        if missing:
            shown = "、".join(f"{n:04d}" for n in missing[:LIMIT])
            where = f"{cat.year}年度 {cat.period}{' ' + cat.org_code if cat.org_code else ''}"
            out.append(f"{where} 件号缺号：{shown}")
    return out


def _registers(session: Session) -> list[str]:
    """The 收文/发文 registers show the 档号 their 件 carries."""
    out = []
    for model, column, kind in ((IncomingDoc, ArchiveItem.incoming_id, "收文"),
                                (OutgoingDoc, ArchiveItem.outgoing_id, "发文")):  # fmt: skip
        stmt = (select(model.title, model.archive_code, ArchiveItem.archive_code)
                .join(ArchiveItem, column == model.id)
                .where(model.archive_code != ArchiveItem.archive_code).limit(LIMIT))  # fmt: skip
        out += [f"{kind}“{t[:20]}”登记的档号 {mine or '（空）'} 与档案中的 {code} 不符"
                for t, mine, code in session.execute(stmt)]  # fmt: skip
    return out

"""Demo 件 for `demo --size N`: N/2 件 over the ten years before this one, numbered in bulk."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import clock
from app.models.archives import ArchiveItem
from app.services import audit, settings
from app.services.archives import rules, scheme
from app.services.archives.codes import Category, Scheme, build
from app.services.bulk import bulk_insert
from app.services.context import Perm, require
from app.services.filing.demo import FORMS, SENDERS, TOPICS
from app.services.filing.docnumber import format_doc_number

YEARS = 10
PERIOD_WEIGHTS = (("Y", 25), ("D30", 45), ("D10", 30))
OWN_CODES = ("镇委", "镇政", "镇政办")


def fill(session: Session, size: int, rng: random.Random) -> int:
    """This year stays unfiled: the 年度归档 tab has the year's 办结 收文 and 核发 发文 to do."""
    require(session, Perm.EDIT_ARCHIVES)
    rules.ensure_defaults(session)
    sch = scheme.load(session)
    orgs = [o.code for o in scheme.orgs(session, active_only=True)] if sch.has_org else [""]
    own = settings.org_name(session) or "本镇人民政府"
    this_year = clock.today().year
    drawn = [
        _draw(rng, this_year - YEARS + i % YEARS, orgs, own) for i in range(max(20, size // 2))
    ]
    rows = _numbered(sch, drawn, _last_numbers(session))
    bulk_insert(session, ArchiveItem, rows)
    audit.record(session, "新增", "档案", "", summary=f"演示数据：档案 {len(rows)} 件")
    return len(rows)


def _draw(
    rng: random.Random, year: int, orgs: list[str], own: str
) -> tuple[Category, dict[str, Any]]:
    period = rng.choices([p for p, _ in PERIOD_WEIGHTS], [w for _, w in PERIOD_WEIGHTS])[0]
    day = date(year, 1, 2) + timedelta(days=rng.randrange(360))
    pattern, _doc_type = rng.choice(FORMS)
    upper = rng.random() < 0.6
    sender = rng.choice(list(SENDERS)) if upper else own
    code = SENDERS[sender] if upper else rng.choice(OWN_CODES)
    title = pattern.format(t=rng.choice(TOPICS))
    if rng.random() < 0.03:
        title = f"[{title.removeprefix('关于')}]"  # a title the archivist made up
    values = {"doc_no": format_doc_number(code, year, rng.randrange(1, 120)), "author": sender,
              "title": title, "doc_date": day, "secrecy": "秘密" if rng.random() < 0.02 else "",
              "pages": rng.randrange(1, 24), "filed_by": "演示数据"}  # fmt: skip
    return Category(year, period, rng.choice(orgs)), values


def _last_numbers(session: Session) -> dict[Category, int]:
    """A second `demo` run goes on after the first one's 件号."""
    stmt = select(ArchiveItem.year, ArchiveItem.period, ArchiveItem.org_code,
                  func.max(ArchiveItem.item_no)).group_by(
        ArchiveItem.year, ArchiveItem.period, ArchiveItem.org_code)  # fmt: skip
    return {Category(y, p, o): int(n) for y, p, o, n in session.execute(stmt)}


def _numbered(sch: Scheme, drawn: list[tuple[Category, dict[str, Any]]],
              last: dict[Category, int]) -> list[dict[str, Any]]:  # fmt: skip
    """件号 by 日期 within each category, as 年度归档 would give them."""
    by_cat: dict[Category, list[dict[str, Any]]] = defaultdict(list)
    for cat, values in drawn:
        by_cat[cat].append(values)
    rows = []
    for cat, group in sorted(by_cat.items()):
        group.sort(key=lambda v: (v["doc_date"], v["doc_no"]))
        start = last.get(cat, 0) + 1
        for no, values in enumerate(group[: max(0, 10000 - start)], start):
            rows.append({**values, "year": cat.year, "period": cat.period,
                         "org_code": cat.org_code, "item_no": no,
                         "archive_code": build(sch, cat, no)})  # fmt: skip
    return rows

"""件号: restart per category, no gaps; reorder and removal renumber; a late 件 after 装盒."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from app.models.archives import ArchiveBox, ArchiveItem
from app.services.archives import checks, filing, items, queries
from app.services.errors import ValidationError
from app.services.filing import queries as filing_queries
from tests.services.archives.conftest import done_incoming


def _file(uow, titles_days, period="D30", org="BGS"):
    with uow() as s:
        ids = [done_incoming(s, t, at=datetime(2025, 4, d, 2, tzinfo=UTC)) for t, d in titles_days]
        decisions = [filing.Decision("收文", i, period, org) for i in ids]
        filing.file_year(s, 2025, decisions)
    return ids


def _catalog(uow, **kw):
    with uow() as s:
        rows = queries.list_items(s, queries.CatalogFilter(year=2025, **kw), limit=100)
    return [(r.archive_code.split("-", 2)[2], r.title) for r in rows]


def _item_id(uow, title):
    with uow() as s:
        return s.scalar(select(ArchiveItem.id).where(ArchiveItem.title == title))


def test_numbers_restart_in_each_lowest_category(uow):
    _file(uow, [("甲", 1), ("乙", 2)], "D30", "BGS")
    _file(uow, [("丙", 3)], "D30", "DJB")
    _file(uow, [("丁", 4)], "Y", "BGS")
    assert _catalog(uow) == [("Y-BGS-0001", "丁"), ("D30-BGS-0001", "甲"),
                             ("D30-BGS-0002", "乙"), ("D30-DJB-0001", "丙")]  # fmt: skip


def test_a_later_filing_before_boxing_merges_in_by_date(uow):
    _file(uow, [("一日", 1), ("九日", 9)])
    _file(uow, [("五日", 5)])
    assert _catalog(uow) == [("D30-BGS-0001", "一日"), ("D30-BGS-0002", "五日"),
                             ("D30-BGS-0003", "九日")]  # fmt: skip


def test_reorder_renumbers_without_gaps_and_the_register_follows(uow):
    ids = _file(uow, [("甲", 1), ("乙", 2), ("丙", 3)])
    with uow() as s:
        items.move(s, _item_id(uow, "丙"), 1)
    assert _catalog(uow) == [("D30-BGS-0001", "丙"), ("D30-BGS-0002", "甲"),
                             ("D30-BGS-0003", "乙")]  # fmt: skip
    with uow() as s:
        assert filing_queries.get_incoming(s, ids[2]).archive_code.endswith("D30-BGS-0001")
        assert filing_queries.get_incoming(s, ids[1]).archive_code.endswith("D30-BGS-0003")
        assert checks.check(s) == []


def test_removal_renumbers_and_the_document_can_be_filed_again(uow):
    ids = _file(uow, [("甲", 1), ("乙", 2), ("丙", 3)])
    with uow() as s:
        with pytest.raises(ValidationError, match="说明原因"):
            items.remove(s, _item_id(uow, "甲"), " ")
        items.remove(s, _item_id(uow, "甲"), "误归档")
    assert _catalog(uow) == [("D30-BGS-0001", "乙"), ("D30-BGS-0002", "丙")]
    with uow() as s:
        row = filing_queries.get_incoming(s, ids[0])
        assert (row.state, row.archive_code) == ("已办结", "")
        assert [c.doc_id for c in filing.candidates(s, 2025)] == [ids[0]]
        assert checks.check(s) == []


def _box_first_two(uow):
    with uow() as s:
        box = ArchiveBox(year=2025, period="D30", org_code="BGS", box_no=1)
        s.add(box)
        s.flush()
        for item in s.scalars(select(ArchiveItem).where(ArchiveItem.item_no <= 2)):
            item.box_id = box.id


def test_after_boxing_a_late_item_goes_to_the_end_and_boxed_ones_stay_put(uow):
    _file(uow, [("十日", 10), ("二十日", 20)])
    _box_first_two(uow)
    _file(uow, [("一日", 1)])
    assert _catalog(uow) == [("D30-BGS-0001", "十日"), ("D30-BGS-0002", "二十日"),
                             ("D30-BGS-0003", "一日")]  # fmt: skip
    with pytest.raises(ValidationError, match="已装盒"), uow() as s:
        items.move(s, _item_id(uow, "一日"), 1)
    with pytest.raises(ValidationError, match="已装盒的件不能撤出"), uow() as s:
        items.remove(s, _item_id(uow, "十日"), "误归档")
    with uow() as s:
        items.move(s, _item_id(uow, "一日"), 3)  # a move inside the unboxed tail is fine
        assert checks.check(s) == []


def test_check_names_a_gap_and_a_code_that_does_not_match(uow):
    _file(uow, [("甲", 1), ("乙", 2), ("丙", 3)])
    with uow() as s:
        s.delete(s.get(ArchiveItem, _item_id(uow, "乙")))  # as a hand edit of the file would
        third = s.get(ArchiveItem, _item_id(uow, "丙"))
        third.archive_code = "Z109-WS·2025-D30-BGS-0009"
    with uow() as s:
        found = checks.check(s)
    assert "2025年度 D30 BGS 件号缺号：0002" in found
    assert any("Z109-WS·2025-D30-BGS-0009 与其年度" in f for f in found)
    assert any("登记的档号 Z109-WS·2025-D30-BGS-0003 与档案中的" in f for f in found)

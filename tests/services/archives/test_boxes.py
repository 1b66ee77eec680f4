"""装盒: a box never mixes 年度, 保管期限 or 机构; 盒号 per category; thickness; the 备考表."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.models.archives import ArchiveItem
from app.services.archives import boxes
from app.services.errors import ValidationError
from tests.services.archives.stock import add_items, add_org


@pytest.fixture
def stock(uow) -> dict[str, list[int]]:
    with uow() as s:
        add_org(s)
        add_org(s, "DZB", "党政办")
        return {
            "2025Y": add_items(s, 2025, "Y", 6),
            "2025D30": add_items(s, 2025, "D30", 3),
            "2024Y": add_items(s, 2024, "Y", 2),
            "2025Y-DZB": add_items(s, 2025, "Y", 2, org="DZB"),
        }


def _boxed(uow) -> dict[int, int | None]:
    with uow() as s:
        return dict(s.execute(select(ArchiveItem.id, ArchiveItem.box_id)).all())


@pytest.mark.parametrize("other", ["2025D30", "2024Y", "2025Y-DZB"])
def test_a_box_never_mixes_year_period_or_org(uow, stock, other):
    before = _boxed(uow)
    with uow() as s, pytest.raises(ValidationError, match="不得同盒"):
        boxes.create_box(s, [*stock["2025Y"][:2], stock[other][0]])
    with uow() as s:
        box = boxes.create_box(s, stock["2025Y"][:2])
    with uow() as s, pytest.raises(ValidationError, match="不得同盒"):
        boxes.add_to_box(s, box.id, [stock[other][0]])
    after = _boxed(uow)
    assert [k for k in after if after[k] != before[k]] == stock["2025Y"][:2]  # nothing else moved


def test_box_numbers_run_per_category_and_count_their_items(uow, stock):
    with uow() as s:
        first = boxes.create_box(s, stock["2025Y"][:4], thickness_cm=3)
        second = boxes.create_box(s, stock["2025Y"][4:])
        other = boxes.create_box(s, stock["2025D30"])
        dzb = boxes.create_box(s, stock["2025Y-DZB"])
    assert (first.box_no, second.box_no, other.box_no, dzb.box_no) == (1, 2, 1, 1)
    assert (first.count, first.first_no, first.last_no, first.pages) == (4, 1, 4, 12)
    assert (second.first_no, second.last_no, first.thickness_cm) == (5, 6, 3)
    with uow() as s:
        docs = boxes.box_docs(s, 2025)
    assert [(d.period, d.org, d.box_no, d.span) for d in docs][:2] == [
        ("定期30年", "办公室", 1, "0001—0003"),
        ("永久", "办公室", 1, "0001—0004"),
    ]
    assert docs[0].fonds_code == "Z109" and docs[0].fonds_name == "某某镇人民政府"


@pytest.mark.parametrize("thickness", [1, 6, 0])
def test_thickness_is_2_to_5_cm(uow, stock, thickness):
    with uow() as s, pytest.raises(ValidationError, match="盒厚"):
        boxes.create_box(s, stock["2025Y"][:1], thickness_cm=thickness)
    assert all(box is None for box in _boxed(uow).values())


def test_an_item_goes_in_one_box_only(uow, stock):
    with uow() as s:
        boxes.create_box(s, stock["2025Y"][:2])
    with uow() as s, pytest.raises(ValidationError, match="已在盒中"):
        boxes.create_box(s, stock["2025Y"][1:3])
    with uow() as s:
        assert boxes.take_out(s, stock["2025Y"][1:2]) == 1
        assert [i.item_no for i in boxes.loose_items(s, 2025, "Y")][:2] == [2, 3]


def test_notes_of_a_box(uow, stock):
    with uow() as s:
        box = boxes.create_box(s, stock["2025Y"])
        notes = boxes.BoxNotes("缺第3件附件", "张三", date(2026, 6, 20), "李四", date(2026, 6, 28))
        saved = boxes.save_notes(s, box.id, notes)
    assert (saved.remarks, saved.checked_by, saved.checked_on) == (
        "缺第3件附件",
        "李四",
        date(2026, 6, 28),
    )
    bad = boxes.BoxNotes("x", "张三", date(2026, 6, 20), "李四", date(2026, 6, 1))
    with uow() as s, pytest.raises(ValidationError, match="检查日期不能早于整理日期"):
        boxes.save_notes(s, box.id, bad)

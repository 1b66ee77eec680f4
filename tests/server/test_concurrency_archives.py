"""Two PCs numbering 文书档案 at once on the server: 档号 and 盒号 never shared, no gaps."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from app.db.session import unit_of_work
from app.models.archives import ArchiveBox, ArchiveItem
from app.services.archives import boxes, filing, rules
from tests.server.at_once import at_once
from tests.services.archives.conftest import done_incoming
from tests.services.archives.stock import add_items, add_org


def test_two_pcs_filing_documents_at_once_get_distinct_archive_codes(server_admin):
    """档号: each PC files its 收文 one by one from the register (归档) into one category;
    the category's 件号 series is held (FOR UPDATE) while the 件 already there are read, so
    the second PC queues (both reading the same last 件号 would give one 件号 twice)."""
    at = datetime(2026, 3, 5, 2, 0, tzinfo=UTC)  # one 日期, no 文号: each new 件 goes last
    with unit_of_work(server_admin) as s:
        rules.ensure_defaults(s)  # the office's 机构 codes, as after its first day of filing
        docs = [done_incoming(s, f"关于第{n}项工作的函", number="", at=at) for n in range(40)]

    codes: list[str] = []

    def clerk(k: int) -> None:
        for doc_id in docs[k::2]:
            with unit_of_work(server_admin) as session:
                codes.append(filing.file_one(session, "收文", doc_id, "D30", "BGS"))

    assert at_once(lambda: clerk(0), lambda: clerk(1)) == []
    assert sorted(codes) == [f"Z109-WS·2026-D30-BGS-{n:04d}" for n in range(1, 41)]
    with unit_of_work() as s:
        item_nos = sorted(s.scalars(select(ArchiveItem.item_no)))
    assert item_nos == list(range(1, 41))


def test_two_pcs_boxing_at_once_get_distinct_box_numbers(server_admin):
    """盒号: each PC puts its 件 of one category into new boxes, one 件 a box; the category's
    盒号 series is held while the highest 盒号 is read, so the second PC queues."""
    with unit_of_work(server_admin) as s:
        add_org(s)
        items = add_items(s, 2026, "Y", 40)

    numbers: list[int] = []

    def clerk(k: int) -> None:
        for item_id in items[k::2]:
            with unit_of_work(server_admin) as session:
                numbers.append(boxes.create_box(session, [item_id]).box_no)

    assert at_once(lambda: clerk(0), lambda: clerk(1)) == []
    assert sorted(numbers) == list(range(1, 41))
    with unit_of_work() as s:
        box_nos = sorted(s.scalars(select(ArchiveBox.box_no)))
        loose = list(s.scalars(select(ArchiveItem.id).where(ArchiveItem.box_id.is_(None))))
    assert box_nos == list(range(1, 41)) and loose == []

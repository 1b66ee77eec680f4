"""One 件: edit with the version it was loaded at, its electronic files, a guarded 全宗号."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from app.models.archives import ArchiveItem
from app.services import attachments, settings
from app.services.archives import boxes, items, loans, queries
from app.services.errors import ConflictError, ValidationError
from tests.services.archives.stock import add_items, add_org

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def ids(uow) -> list[int]:
    with uow() as s:
        add_org(s)
        return add_items(s, 2025, "Y", 3)


def _row(uow, item_id: int) -> queries.ItemRow:
    with uow() as s:
        row = queries.get_item(s, item_id)
    assert row is not None
    return row


def _edit(row: queries.ItemRow, **changes) -> items.ItemEdit:
    values = dict(title=row.title, doc_no=row.doc_no, author=row.author, doc_date=row.doc_date,
                  secrecy=row.secrecy, pages=row.pages, note=row.note)  # fmt: skip
    return items.ItemEdit(**{**values, **changes})


def _pdf(tmp_path: Path) -> Path:
    path = tmp_path / "正文.pdf"
    path.write_bytes(PDF)
    return path


def test_an_edit_saves_and_a_stale_copy_is_refused_naming_who(uow, ids):
    row = _row(uow, ids[0])
    with uow() as s:
        items.edit(s, ids[0], _edit(row, title="[关于防汛值班的安排]", pages=5), row.version)
    fresh = _row(uow, ids[0])
    assert (fresh.title, fresh.pages, fresh.version) == ("[关于防汛值班的安排]", 5, row.version + 1)
    with uow() as s, pytest.raises(ConflictError, match="管理员") as caught:
        items.edit(s, ids[0], _edit(row, pages=9), row.version)  # the copy loaded before
    assert "重新载入" in caught.value.message
    assert _row(uow, ids[0]).pages == 5


def test_a_renumbered_item_is_stale_for_a_move(uow, ids):
    row = _row(uow, ids[2])
    with uow() as s:
        items.move(s, ids[2], 1, row.version)  # the other two step down: their versions move
    with uow() as s, pytest.raises(ConflictError):
        items.move(s, ids[0], 3, _row(uow, ids[0]).version - 1)


def test_a_two_character_word_is_found_through_the_bigram_index_after_an_edit(uow, ids):
    row = _row(uow, ids[1])
    with uow() as s:
        items.edit(s, ids[1], _edit(row, title="关于春耕备耕的通知"), row.version)
    with uow() as s:
        found = queries.list_items(s, queries.CatalogFilter(text="春耕"))
        assert [r.id for r in found] == [ids[1]]
        assert queries.count_items(s, queries.CatalogFilter(text=row.title[:2])) == 3  # 关于
        assert queries.count_items(s, queries.CatalogFilter(text="第2项")) == 0  # edited away
        assert queries.count_items(s, queries.CatalogFilter(text="某某镇人民政府 春耕")) == 1
    assert "archive_bi_fts" in str(queries._text_clause("春耕"))


def test_files_are_kept_with_their_checksum_and_never_on_a_secret_item(uow, ids, tmp_path):
    with uow() as s:
        added = attachments.attach(s, items.ENTITY, ids[0], _pdf(tmp_path))
    assert (added.file_format, added.size, len(added.sha256)) == ("pdf", len(PDF), 64)
    row = _row(uow, ids[0])
    with uow() as s, pytest.raises(ValidationError, match="电子文件"):
        items.edit(s, ids[0], _edit(row, secrecy="秘密"), row.version)
    with uow() as s, pytest.raises(ValidationError, match="电子文件"):
        items.remove(s, ids[0], "误归档", row.version)
    with uow() as s:
        items.edit(s, ids[1], _edit(_row(uow, ids[1]), secrecy="秘密"), _row(uow, ids[1]).version)
    with uow() as s, pytest.raises(ValidationError, match="保守国家秘密法"):
        attachments.attach(s, items.ENTITY, ids[1], _pdf(tmp_path))
    with uow() as s:
        assert [a.id for a in attachments.list_for(s, items.ENTITY, ids[0])] == [added.id]
        assert attachments.list_for(s, items.ENTITY, ids[1]) == []


def test_the_fonds_code_is_fixed_once_items_carry_it(uow, ids):
    with uow() as s:
        info = settings.org_info(s)
    with uow() as s, pytest.raises(ValidationError, match="已有 3 件档案按全宗号 Z109") as caught:
        settings.save_org(s, settings.OrgInfo(info.name, "Z110", info.issuer_codes))
    assert caught.value.field == "fonds_code"
    with uow() as s:
        assert settings.org_info(s).fonds_code == "Z109"
        settings.save_org(s, settings.OrgInfo("某某镇人民政府（新）", "z109", info.issuer_codes))
        codes = s.scalars(select(ArchiveItem.archive_code)).all()
    assert all(c.startswith("Z109-") for c in codes)


def test_the_fonds_code_may_change_while_nothing_is_filed(uow):
    with uow() as s:
        info = settings.org_info(s)
        settings.save_org(s, settings.OrgInfo(info.name, "Z110", info.issuer_codes))
        assert settings.org_info(s).fonds_code == "Z110"


def test_a_stale_box_note_and_a_stale_return_are_refused(uow, ids):
    with uow() as s:
        box = boxes.create_box(s, ids[:2])
        loan = loans.lend(s, loans.LoanForm(ids[2], date(2026, 11, 2), "李四", "党建办", "查阅",
                                            "查阅"))  # fmt: skip
    notes = boxes.BoxNotes("共 2 件", "王五", date(2026, 11, 3), "", None)
    with uow() as s:
        saved = boxes.save_notes(s, box.id, notes, box.version)
    assert saved.version == box.version + 1
    with uow() as s, pytest.raises(ConflictError, match="备考表"):
        boxes.save_notes(s, box.id, notes, box.version)
    with uow() as s:
        loans.return_loan(s, loan.id, date(2026, 11, 5), loan.version)
    with uow() as s, pytest.raises(ConflictError, match="借阅登记"):
        loans.return_loan(s, loan.id, date(2026, 11, 6), loan.version)

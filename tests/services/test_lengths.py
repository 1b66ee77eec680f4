"""Text longer than its column: SQLite stored it, the office server raised a DataError; both
now refuse it in words (the field's name and its limit), saving nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from app.models.filing import IncomingDoc
from app.models.visits import VisitCase
from app.services import transfer
from app.services.errors import ImportRejected, ValidationError
from app.services.filing import incoming
from app.services.visits import cases
from tests.services.imports.sheets import write_sheet
from tests.services.visits.helpers import walk_in


def _count(uow, model) -> int:
    with uow() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_form_field_past_its_column_is_refused_naming_it_and_its_limit(uow):
    form = incoming.ReceiveForm("县" * 101, "关于做好防汛工作的通知",
                                received_at=datetime(2026, 3, 5, 2, tzinfo=UTC))  # fmt: skip
    words = r"来文机关太长（最多 100 个字，现有 101 个字）"
    with pytest.raises(ValidationError, match=words), uow() as session:
        incoming.receive(session, form)
    with pytest.raises(ValidationError, match=r"村（社区）太长（最多 60 个字"), uow() as session:
        cases.register_case(session, walk_in(village="东" * 61))
    assert _count(uow, IncomingDoc) == 0 and _count(uow, VisitCase) == 0


def test_a_field_at_its_limit_is_kept(uow):
    form = incoming.ReceiveForm("县" * 100, "关于做好防汛工作的通知",
                                received_at=datetime(2026, 3, 5, 2, tzinfo=UTC))  # fmt: skip
    with uow() as session:
        incoming.receive(session, form)
    assert _count(uow, IncomingDoc) == 1


@pytest.mark.parametrize("dry_run", [False, True])
def test_an_import_cell_past_its_column_is_a_bad_row_naming_the_cell(uow, tmp_path, dry_run):
    rows = [["县委办", "关于A的通知", "2026-03-05"], ["县政府办", "关" * 301, "2026-03-06"]]
    sheet = write_sheet(tmp_path / "收文.xlsx", ["来文机关", "标题", "签收日期"], rows)
    with pytest.raises(ImportRejected) as caught, uow() as session:
        transfer.import_file(session, "incoming", sheet, dry_run=dry_run)
    bad = "第3行 标题: 太长（最多 300 个字，现有 301 个字）"
    assert [str(e) for e in caught.value.errors] == [bad]
    assert _count(uow, IncomingDoc) == 0

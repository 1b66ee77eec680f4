"""audit.count / audit.page: the paged list's service side (filters, offset, sort)."""

from __future__ import annotations

import pytest

from app.services import audit
from app.services.context import Role
from app.services.errors import PermissionDenied


def _seed(uow) -> None:  # type: ignore[no-untyped-def]
    with uow() as session:
        for i in range(25):
            audit.record(session, "新增" if i < 10 else "修改", "分页", i, summary=f"第{i}条")


def test_pages_cover_the_filtered_entries_once(uow):
    _seed(uow)
    flt = audit.AuditFilter(entity="分页")
    with uow() as session:
        assert audit.count(session, flt) == 25
        assert audit.count(session, audit.AuditFilter(entity="分页", action="新增")) == 10
        pages = [audit.page(session, flt, offset=o, limit=10) for o in (0, 10, 20)]
    ids = [r.entity_id for page in pages for r in page]
    assert [len(p) for p in pages] == [10, 10, 5]
    assert ids == [str(i) for i in range(24, -1, -1)]  # newest first by default


def test_sort_keys_and_unknown_keys(uow):
    _seed(uow)
    flt = audit.AuditFilter(entity="分页")
    with uow() as session:
        by_action = audit.page(session, flt, limit=25, sort=("action", False))
        oldest = audit.page(session, flt, limit=1, sort=("at", False))
        unknown = audit.page(session, flt, limit=1, sort=("before_json", False))
    assert [r.action for r in by_action] == ["修改"] * 15 + ["新增"] * 10  # by code point
    assert oldest[0].entity_id == "0"
    assert unknown[0].entity_id == "24"  # an unknown key falls back to newest first


def test_clerks_cannot_page_the_audit_trail(make_user, uow):
    clerk = make_user(Role.CLERK)
    with uow(clerk) as session, pytest.raises(PermissionDenied):
        audit.page(session, audit.AuditFilter())

"""Every audit line names the PC it was written on (several share the office server); the
chain covers the name on new lines, and lines from before it (no name) verify as they did."""

from __future__ import annotations

from sqlalchemy import func, select, update

from app.models.audit import AuditEntry
from app.services import audit, audit_chain
from app.services.audit import AuditFilter
from app.services.hashchain import canonical, link


def _touch(uow, name: str) -> None:
    with uow() as session:
        audit.record(session, "新增", "测试", name, summary=f"第{name}条")


def test_a_line_carries_this_pcs_name_in_the_list_and_the_export(uow):
    _touch(uow, "1")
    with uow() as session:
        (row, *_older) = audit.page(session, AuditFilter())
        table = audit.report(audit.query(session, AuditFilter()))
        assert audit_chain.verify(session) == []
    assert row.pc == audit.this_pc() != ""
    at = [c.header for c in table.columns].index("电脑")
    assert {r[at] for r in table.rows} == {audit.this_pc()}


def test_a_line_without_a_pc_name_hashes_as_before_and_the_chain_holds(uow, monkeypatch):
    monkeypatch.setattr(audit, "this_pc", lambda: "")  # a line as written before 0024
    _touch(uow, "old")
    monkeypatch.undo()
    _touch(uow, "new")
    with uow() as session:
        newer, older = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(2))
        before = session.scalar(select(AuditEntry.hash).where(AuditEntry.seq == older.seq - 1))
        assert audit_chain.verify(session) == []
    hashed = [getattr(older, name) for name in audit_chain.HASHED]
    assert older.pc == "" and older.hash == link(str(before), canonical(hashed))
    assert newer.pc == audit.this_pc() != ""


def test_a_changed_pc_name_breaks_the_chain(uow):
    _touch(uow, "1")
    _touch(uow, "2")
    with uow() as session:
        last = session.scalar(select(func.max(AuditEntry.id)))
        session.execute(update(AuditEntry).where(AuditEntry.id == last).values(pc="别的电脑"))
    with uow() as session:
        assert audit_chain.verify(session) != []

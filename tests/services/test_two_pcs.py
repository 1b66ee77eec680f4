"""Two PCs at once on one database, as two processes (the SQLite file here; the office
server with --engine=postgresql, and always in tests/server/test_concurrency.py)."""

from __future__ import annotations

import pytest

from tests.services import concurrent_pcs as pcs


@pytest.mark.slow
def test_two_pcs_appending_seal_entries_make_one_valid_chain(data_dir):
    """Each entry's link and 用印编号 come from the chain head, taken first."""
    pcs.prepare_seal(data_dir)
    assert pcs.run_pcs(data_dir, pcs.SEAL_WRITER, 40) == ["ok", "ok"]
    pcs.check_seal_chain(80)


@pytest.mark.slow
def test_two_pcs_appending_audit_lines_make_one_valid_chain(data_dir):
    """The tail is read with the chain's counter row held (BEGIN IMMEDIATE here)."""
    assert pcs.run_pcs(data_dir, pcs.AUDIT_WRITER, 60) == ["ok", "ok"]
    pcs.check_audit_chain(120)


@pytest.mark.slow
def test_two_seal_imports_at_once_both_succeed_with_distinct_numbers(data_dir, tmp_path):
    """Each import numbers its rows from the year's highest 用印编号, read with the chain
    head held (before: both read the same highest on the server, and one was refused)."""
    pcs.prepare_seal(data_dir)
    sheets = pcs.seal_sheets(tmp_path, 30)
    assert pcs.run_pcs(data_dir, pcs.importer("seal-uses"), 30, sheets) == ["30", "30"]
    pcs.check_seal_chain(60)


@pytest.mark.slow
def test_two_catalog_imports_and_boxings_at_once_share_no_number(data_dir, tmp_path):
    """件号 (档号) and 盒号 are one past the category's highest: each series is held until
    commit, so the second PC numbers after the first (before: a unique-key refusal)."""
    pcs.prepare_archives()
    sheets = pcs.archive_sheets(tmp_path, 25)
    assert pcs.run_pcs(data_dir, pcs.importer("archive-items"), 25, sheets) == ["25", "25"]
    assert pcs.run_pcs(data_dir, pcs.BOXER, 25) == ["25", "25"]
    pcs.check_archives(50)

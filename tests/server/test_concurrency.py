"""Several PCs at once on the server: numbers never shared, nobody refused, one audit chain."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.db.session import dispose, unit_of_work
from app.models.filing import OutgoingDoc
from app.services import audit_chain
from tests.server.at_once import at_once
from tests.services.faults.helpers import python

WRITER = """
import sys
from datetime import date
from pathlib import Path
from app.config import DataDir
from app.services.modules import load_all
from app.services.session import open_database, unit_of_work
from app.services.context import CLI
from app.services.filing import outgoing

load_all()
open_database(DataDir(Path(sys.argv[1]), sys.argv[2]))
refused = 0
for i in range(int(sys.argv[3])):
    draft = outgoing.DraftForm(issuer_code="镇政", title=f"关于第{i}项工作的通知",
                               doc_type="通知", draft_dept="党政办", drafter="李文书")
    form = outgoing.SignedForm(draft, "王主任", "张镇长", date(2026, 3, 2), "赵文书",
                               registered_on=date(2026, 3, 2))
    try:
        with unit_of_work(CLI) as session:
            outgoing.enter_signed(session, form)
    except Exception as exc:
        print(type(exc).__name__, exc, file=sys.stderr)
        refused += 1
print(refused)
"""


@pytest.mark.slow
def test_three_pcs_numbering_300_documents_each_share_no_number(server_dir, tmp_path):
    dispose()  # this process only counts afterwards
    url = server_dir.database_url
    assert url is not None
    writers = [python(WRITER, str(tmp_path / f"pc{n}"), url, "300") for n in range(3)]
    outputs = [w.communicate(timeout=600) for w in writers]
    assert [w.returncode for w in writers] == [0, 0, 0], outputs
    assert [out.strip() for out, _err in outputs] == ["0", "0", "0"], outputs
    from app.db import open_database

    open_database(server_dir)
    with unit_of_work() as s:
        assert s.scalar(select(func.count()).select_from(OutgoingDoc)) == 900
        assert s.scalar(select(func.count(func.distinct(OutgoingDoc.doc_number)))) == 900
        assert s.scalar(select(func.max(OutgoingDoc.number))) == 900
        assert audit_chain.verify(s) == []  # 900 audit lines from three PCs: one chain


def test_two_pcs_registering_visits_at_once_get_distinct_numbers(server_admin):
    """来访编号 comes from the year's counter row: the second PC queues on the row (a
    max()+1 read at once by both would give one number twice, a unique-key refusal)."""

    from app.services.visits import cases
    from tests.services.visits.helpers import person, walk_in

    def clerk(k: int) -> None:
        for i in range(20):
            with unit_of_work(server_admin) as session:
                form = walk_in(persons=[person(name=f"王{k}号{i}")])
                cases.register_case(session, form)

    assert at_once(lambda: clerk(0), lambda: clerk(1)) == []
    from app.models.visits import VisitCase

    with unit_of_work() as s:
        seqs = sorted(s.scalars(select(VisitCase.seq)))
    assert seqs == list(range(1, 41))


def test_a_visit_import_and_a_registration_at_once_take_consecutive_numbers(server_admin):
    """An import of 来访 rows and a single 登记 on another PC, interleaved: both take their
    登记编号 from the year's counter row, so the numbers are distinct and run on."""

    from app.services.filing import numbering
    from app.services.visits import cases, exchange
    from tests.services.visits.helpers import person, walk_in
    from tests.services.visits.test_exchange import _row

    def importer() -> None:
        for b in range(5):
            rows = [_row(n, 姓名=f"村民{b}-{n}", 证件号="") for n in range(2, 8)]
            with unit_of_work(server_admin) as session:
                exchange.load(session, rows)

    def clerk() -> None:
        for i in range(10):
            with unit_of_work(server_admin) as session:
                cases.register_case(session, walk_in(persons=[person(name=f"王{i}")]))

    assert at_once(importer, clerk) == []
    from app.models.visits import VisitCase

    with unit_of_work() as s:
        seqs = sorted(s.scalars(select(VisitCase.seq).where(VisitCase.year == 2026)))
        last = numbering.last_number(s, numbering.VISIT_SERIES, 2026)
    assert seqs == list(range(1, 41)) and last == 40


def test_two_pcs_creating_meetings_at_once_get_distinct_session_numbers(server_admin):
    """办会届次 第N次 is one past the 类型's highest in the year, read with the series' counter
    row held (FOR UPDATE): the second PC queues on the row (both reading the same highest
    届次 would give one 届次 twice, a unique-key refusal)."""

    from app.models.meetings import Meeting
    from tests.services.meetings.stock import at, meeting

    def clerk(k: int) -> None:
        for i in range(20):  # one room, never double-booked: PC 0 mornings, PC 1 afternoons
            with unit_of_work(server_admin) as session:
                meeting(session, "党委会", at(2026, 10, 1 + i, 8 + 6 * k))

    assert at_once(lambda: clerk(0), lambda: clerk(1)) == []
    with unit_of_work() as s:
        numbers = sorted(s.scalars(select(Meeting.session_no).where(Meeting.year == 2026)))
    assert numbers == list(range(1, 41))


def test_two_pcs_booking_one_room_at_once_get_it_once(server_admin):
    """The room's overlap is read with the bookings' counter row held (FOR UPDATE): two PCs
    booking one room for the same hour (a 党委会 and a 政府常务会, whose 届次 rows differ)
    both found it free and both booked it."""
    import threading

    from app.services.errors import ValidationError
    from tests.services.meetings.stock import at, meeting

    rounds = 12
    booked: list[tuple[int, int]] = []
    refused: list[tuple[int, int]] = []
    each_day = threading.Barrier(2)  # both PCs book each day's hour together

    def clerk(k: int) -> None:
        kind = ("党委会", "政府常务会")[k]
        for day in range(1, rounds + 1):
            each_day.wait()
            try:
                with unit_of_work(server_admin) as session:
                    meeting(session, kind, at(2026, 9, day, 9 + k))  # 9-11 and 10-12
                booked.append((day, k))
            except ValidationError:
                refused.append((day, k))

    assert at_once(lambda: clerk(0), lambda: clerk(1)) == []
    assert sorted(day for day, _k in booked) == list(range(1, rounds + 1))  # once a day
    assert sorted(day for day, _k in refused) == list(range(1, rounds + 1))


@pytest.mark.slow
def test_two_pcs_appending_seal_entries_make_one_valid_chain(server_dir):
    from tests.services import concurrent_pcs as pcs

    pcs.prepare_seal(server_dir)
    assert pcs.run_pcs(server_dir, pcs.SEAL_WRITER, 50) == ["ok", "ok"]
    pcs.check_seal_chain(100)  # and the audit chain, written by both


@pytest.mark.slow
def test_two_pcs_appending_audit_lines_make_one_valid_chain(server_dir):
    """Each PC holds the audit chain's counter row (FOR UPDATE) while it reads the tail."""
    from tests.services import concurrent_pcs as pcs

    assert pcs.run_pcs(server_dir, pcs.AUDIT_WRITER, 150) == ["ok", "ok"]
    pcs.check_audit_chain(300)


@pytest.mark.slow
def test_two_imports_at_once_both_succeed(server_dir, tmp_path):
    """Two 用印 sheets into an empty ledger, and two 文书档案 catalogues into one category,
    each pair at once: all rows in, numbers distinct, the chains whole."""
    from tests.services import concurrent_pcs as pcs

    pcs.prepare_seal(server_dir)
    sheets = pcs.seal_sheets(tmp_path, 40)
    assert pcs.run_pcs(server_dir, pcs.importer("seal-uses"), 40, sheets) == ["40", "40"]
    pcs.check_seal_chain(80)
    pcs.prepare_archives()
    catalogues = pcs.archive_sheets(tmp_path, 20)
    assert pcs.run_pcs(server_dir, pcs.importer("archive-items"), 20, catalogues) == ["20", "20"]
    assert pcs.run_pcs(server_dir, pcs.BOXER, 20) == ["20", "20"]
    pcs.check_archives(40)

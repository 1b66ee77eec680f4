"""Defect 7 of issue 16: a write unit waits behind another process's writes, not fails."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from sqlalchemy import func, select

from app.db.session import dispose, unit_of_work
from app.models.filing import OutgoingDoc
from app.services.filing import outgoing
from tests.services.faults.helpers import python
from tests.services.filing.conftest import signed_form

# BEGIN IMMEDIATE queueing on the SQLite file (tests/server covers the server).
pytestmark = pytest.mark.sqlite_only

WRITER = """
import sys
from datetime import date
from app.services.modules import load_all
from app.services.session import open_database, unit_of_work
from app.services.context import CLI
from app.services.errors import StorageError
from app.services.filing import outgoing
from app.config import DataDir
from pathlib import Path

load_all()
open_database(DataDir(Path(sys.argv[1])))
refused = 0
for i in range(int(sys.argv[2])):
    draft = outgoing.DraftForm(issuer_code="镇政", title=f"关于第{i}项工作的通知",
                               doc_type="通知", draft_dept="党政办", drafter="李文书")
    form = outgoing.SignedForm(draft, "王主任", "张镇长", date(2026, 3, 2), "赵文书",
                               registered_on=date(2026, 3, 2))
    try:
        with unit_of_work(CLI) as session:
            outgoing.enter_signed(session, form)
    except StorageError:
        refused += 1
print(refused)
"""


@pytest.mark.slow
def test_two_processes_entering_600_and_400_signed_documents_all_succeed(data_dir, uow):
    dispose()  # this process only counts afterwards
    writers = [python(WRITER, str(data_dir.root), str(n)) for n in (600, 400)]
    outputs = [w.communicate(timeout=600) for w in writers]
    assert [w.returncode for w in writers] == [0, 0], outputs
    assert [out.strip() for out, _err in outputs] == ["0", "0"]
    from app.db import open_database

    open_database(data_dir)
    with uow() as s:
        assert s.scalar(select(func.count()).select_from(OutgoingDoc)) == 1000
        numbers = s.scalar(select(func.count(func.distinct(OutgoingDoc.doc_number))))
    assert numbers == 1000


def test_a_write_waits_for_another_writer_and_a_read_does_not(data_dir, uow):
    other = sqlite3.connect(data_dir.database, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program in the middle of a save
    other.execute("UPDATE settings SET key = key")
    started = time.perf_counter()
    with unit_of_work(None, read_only=True) as session:  # a list page's read
        assert session.scalar(select(func.count()).select_from(OutgoingDoc)) == 0
    assert time.perf_counter() - started < 1.0
    done: list[object] = []

    def save() -> None:
        try:
            with uow() as s:  # reads, then writes: must queue, not fail
                s.scalar(select(func.count()).select_from(OutgoingDoc))
                done.append(outgoing.enter_signed(s, signed_form()).doc_number)
        except Exception as exc:  # the assertion below shows it
            done.append(exc)

    saver = threading.Thread(target=save)
    saver.start()
    time.sleep(1.0)
    assert done == []  # still waiting behind the other program
    other.execute("COMMIT")
    other.close()
    saver.join(timeout=30)
    assert done == ["镇政〔2026〕1号"]

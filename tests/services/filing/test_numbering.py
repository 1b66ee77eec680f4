"""发文字号: one sequence per 代字 per year, voids kept, gaps explicit, never shared."""

from __future__ import annotations

import threading
from datetime import date, datetime

import pytest
from sqlalchemy.orm import Session

from app import clock
from app.db.engine import engine_for
from app.models.filing import FilingCounter
from app.services.errors import ValidationError
from app.services.filing import numbering, outgoing


def test_sequence_per_code_restarts_each_year(register_outgoing):
    assert register_outgoing().doc_number == "镇政〔2026〕1号"
    assert register_outgoing().doc_number == "镇政〔2026〕2号"
    assert register_outgoing(code="镇委").doc_number == "镇委〔2026〕1号"
    with clock.pinned(datetime(2027, 1, 4, 10, 0)):
        assert register_outgoing(on=date(2027, 1, 4)).doc_number == "镇政〔2027〕1号"
    assert register_outgoing().doc_number == "镇政〔2026〕3号"


def test_unknown_code_refused(register_outgoing):
    with pytest.raises(ValidationError, match="代字"):
        register_outgoing(code="乡政")


def test_number_only_at_registration(uow):
    form = outgoing.DraftForm(issuer_code="镇政", title="关于开展安全检查的通知", doc_type="通知")
    with uow() as session:
        doc_id = outgoing.draft(session, form)
        outgoing.check_draft(session, doc_id, "王主任")
        outgoing.sign(session, doc_id, "张镇长", date(2026, 3, 1))
        with pytest.raises(ValidationError, match="不能“登记”"):
            outgoing.register(session, doc_id, on=date(2026, 3, 1))
    with uow() as session:
        assert numbering.last_number(session, "镇政", 2026) == 0  # the failed try used nothing


def test_void_keeps_number_and_is_never_reused(uow, register_outgoing):
    first = register_outgoing()
    with uow() as session:
        outgoing.void(session, first.id, "标题有误，重新行文")
    second = register_outgoing()
    assert second.number == 2
    with uow() as session:
        report = numbering.gap_report(session, year=2026)
        with pytest.raises(ValidationError, match="作废号也不得再用"):
            numbering.check_free_number(session, "镇政", 2026, 1)
    assert report[0].voided == (1,) and report[0].gaps == ()


def test_void_needs_reason_and_registered_state(uow, register_outgoing):
    reg = register_outgoing()
    with uow() as session, pytest.raises(ValidationError, match="作废原因"):
        outgoing.void(session, reg.id, " ")
    with uow() as session:
        doc_id = outgoing.draft(session, outgoing.DraftForm("镇政", "关于x的通知", "通知"))
        with pytest.raises(ValidationError, match="不能“作废”"):
            outgoing.void(session, doc_id, "不要了")


def test_gap_report_and_back_dated_entry(uow, register_outgoing):
    for _ in range(3):
        register_outgoing()
    with uow() as session:
        numbering.raise_to(session, "镇政", 2026, 5)  # an imported register ended at 5
    with uow() as session:
        assert numbering.gap_report(session, year=2026)[0].gaps == (4, 5)
    back = register_outgoing(on=date(2026, 2, 1), number=4)
    assert back.doc_number == "镇政〔2026〕4号"
    with pytest.raises(ValidationError, match="已被使用"):
        register_outgoing(number=4)
    with pytest.raises(ValidationError, match="空号"):
        register_outgoing(number=9)
    with uow() as session:
        row = numbering.gap_report(session, year=2026)[0]
    assert (row.last, row.used, row.gaps, row.duplicates) == (5, 4, (5,), ())
    assert register_outgoing().number == 6


def test_two_sessions_allocating_at_once_never_share(data_dir):
    """Two threads on two engines over the same file: every number handed out once."""
    engines = [engine_for(data_dir) for _ in range(2)]
    got: list[list[int]] = [[], []]
    start = threading.Barrier(2)

    def work(k: int) -> None:
        start.wait()
        for _ in range(25):
            with Session(engines[k]) as session, session.begin():
                got[k].append(numbering.allocate(session, "镇政", 2026))

    threads = [threading.Thread(target=work, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for engine in engines:
        engine.dispose()
    everything = got[0] + got[1]
    assert sorted(everything) == list(range(1, 51))
    assert got[0] and got[1]


def test_incoming_number_format_is_a_setting(uow):
    with uow() as session:
        assert numbering.format_receipt_no(numbering.incoming_format(session), 2026, 15) == (
            "收〔2026〕15号"
        )
        assert numbering.format_receipt_no("{year}-{n:04d}", 2026, 15) == "2026-0015"
        with pytest.raises(ValidationError, match="收文编号格式"):
            numbering.format_receipt_no("{yr}-{n}", 2026, 1)


def test_check_finds_a_counter_behind_its_numbers(uow, register_outgoing):
    register_outgoing()
    with uow() as session:
        assert numbering.check_numbers(session) == []
        session.get(FilingCounter, ("镇政", 2026)).last = 0
        assert numbering.check_numbers(session) == [
            "镇政〔2026〕计数器为0，但已用到1号：再登记会重号。"
        ]

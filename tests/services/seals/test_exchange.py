"""Imports (all or nothing, chained in date order) and the 用印登记簿 export table."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from app import clock
from app.models.filing import OutgoingDoc
from app.services import audit
from app.services.errors import ImportRejected, ValidationError
from app.services.registry import ExportQuery
from app.services.seals import catalog, chain, exchange, ledger, outgoing
from app.services.seals.dto import UseFilter
from tests.services.seals.conftest import CST, use_form


def _use_row(n: int, **cells: object) -> dict[str, object]:
    row: dict[str, object] = {
        "_row": n, "日期时间": "2026.3.5 10:00", "印章": "中共某某镇委员会", "用印单位": "党政办",
        "申请人": "赵磊", "事由": "报送", "文件名称": "关于报送总结的报告", "文号": "镇委〔2026〕3",
        "份数": 2, "审批人": "王建国", "审批人职务": "党委书记", "审批时间": "2026年3月5日 9:00",
        "监印人": "李红", "留存复印件": "是", "文件完整": "是",
    }  # fmt: skip
    row.update(cells)
    return row


def test_import_joins_the_chain_in_date_order(uow, party_seal):
    rows = [_use_row(3, 日期时间="2026-03-07 15:30", 审批时间="2026-03-07 15:00"),
            _use_row(4, 日期时间=datetime(2026, 3, 5, 10, 0), 用印编号="2026-0009"),
            _use_row(5, 日期时间="20260306", 审批时间="2026-03-05")]  # fmt: skip
    with uow() as s:
        assert exchange.load_uses(s, rows) == 3
    with uow() as s:
        got = ledger.list_uses(s, UseFilter())
        status = chain.verify_chain(s)
    assert [r.used_at.astimezone().day for r in got] == [5, 6, 7]
    assert [r.number for r in got] == ["2026-0009", "2026-0010", "2026-0011"]
    assert got[0].copy_kept and got[0].approver_title == "党委书记"
    assert status.ok and status.count == 3


def test_import_with_errors_writes_nothing(uow, party_seal):
    rows = [_use_row(3), _use_row(4, 份数="两份"), _use_row(5, 印章="不存在的章"),
            _use_row(6, 审批人="张明", 审批人职务="镇长"), _use_row(7, 文件完整="否"),
            _use_row(8, 审批时间="2026-03-05 11:00"), _use_row(9, 日期时间="三月五日")]  # fmt: skip
    with pytest.raises(ImportRejected) as err, uow() as s:
        exchange.load_uses(s, rows)
    got = {(e.row, e.column): e.reason for e in err.value.errors}
    assert set(got) == {(4, "份数"), (5, "印章"), (6, "审批人"), (7, "文件完整"),
                        (8, "审批时间"), (9, "日期时间")}  # fmt: skip
    assert "请先导入或登记印章" in got[(5, "印章")]
    assert "无权审批" in got[(6, "审批人")] and "先审批" in got[(8, "审批时间")]
    with uow() as s:
        assert ledger.count_uses(s, UseFilter()) == 0
        assert chain.verify_chain(s).count == 0


def test_import_duplicate_numbers_rejected(uow, party_seal):
    with uow() as s:
        ledger.register_use(s, use_form(party_seal))
    rows = [_use_row(2, 用印编号="2026-0001"), _use_row(3, 用印编号="2026-0005"),
            _use_row(4, 用印编号="2026-0005"), _use_row(5, 用印编号="2025-0001")]  # fmt: skip
    with pytest.raises(ImportRejected) as err, uow() as s:
        exchange.load_uses(s, rows)
    assert [(e.row, e.column) for e in err.value.errors] == [
        (2, "用印编号"), (4, "用印编号"), (5, "用印编号")]  # fmt: skip


def _many(count: int) -> list[dict[str, object]]:
    """count good rows, one a day from 2026-01-01, numbered by the import."""
    rows = []
    for n in range(count):
        day = f"2026-{1 + n // 28:02d}-{1 + n % 28:02d}"
        rows.append(_use_row(n + 2, 日期时间=f"{day} 10:00", 审批时间=f"{day} 09:00"))
    return rows


def test_bulk_import_keeps_the_chain_sound_and_the_next_entry_follows_on(uow, party_seal):
    with uow() as s:
        ledger.register_use(s, use_form(party_seal))  # 2026-0001, before the import
        assert exchange.load_uses(s, _many(150)) == 150
    with uow() as s:
        assert chain.check(s) == []
        assert ledger.last_year_no(s, 2026) == 151
        next_id = ledger.register_use(s, use_form(party_seal))
        summaries = [r.summary for r in audit.query(s, audit.AuditFilter(entity="用印登记"))]
    with uow() as s:
        status = chain.verify_chain(s)
        entry = ledger.get_use(s, next_id)
    assert status.ok and status.count == 152 and entry.hash == status.last_hash
    assert entry.number == "2026-0152"
    assert "导入用印登记簿 150 条（第 2 至 151 条）" in summaries


def test_a_number_an_earlier_row_took_is_refused(uow, party_seal):
    later = _use_row(3, 用印编号="2026-0001", 日期时间="2026-03-06 10:00")
    rows = [_use_row(2, 日期时间="2026-03-05 10:00"), later]
    with pytest.raises(ImportRejected) as err, uow() as s:
        exchange.load_uses(s, rows)
    assert [str(e) for e in err.value.errors] == [
        "第3行 用印编号: 用印编号 2026-0001 已被表内更早的用印占用"
    ]


def test_one_bad_row_among_many_writes_nothing(uow, party_seal):
    rows = _many(300)
    rows[217] = {**rows[217], "份数": "两份"}
    with pytest.raises(ImportRejected) as err, uow() as s:
        exchange.load_uses(s, rows)
    assert [(e.row, e.column) for e in err.value.errors] == [(219, "份数")]
    with uow() as s:
        assert ledger.count_uses(s, UseFilter()) == 0
        assert chain.verify_chain(s).count == 0


def test_import_seals_all_or_nothing(uow):
    good = {"_row": 2, "印章名称": "某某镇人民政府", "类别": "政府章", "审批人": "镇长、副镇长"}
    bad = {"_row": 3, "印章名称": "某某章", "类别": "公章"}
    with pytest.raises(ImportRejected) as err, uow() as s:
        exchange.load_seals(s, [good, bad])
    assert [(e.row, e.column) for e in err.value.errors] == [(3, "类别")]
    with uow() as s:
        assert catalog.list_seals(s) == []
        assert exchange.load_seals(s, [good]) == 1
        assert catalog.list_seals(s)[0].approvers == ("镇长", "副镇长")


def test_export_table_marks_voids_and_prints_chain_status(uow, party_seal):
    with uow() as s:
        first = ledger.register_use(s, use_form(party_seal))
        ledger.void_use(s, first, "份数填错")
    with uow() as s:
        table = exchange.use_table(s, ExportQuery(year=2026))
        seals = exchange.seal_table(s, ExportQuery())
    rows = list(table.rows)
    assert rows[0][0] == "2026-0001" and rows[0][-1].endswith("（已作废）")
    assert rows[1][0] == "作废2026-0001" and "份数填错" in rows[1][5]
    assert table.footer_lines[0].startswith("登记簿未被改动（校验至第 2 条，")
    with uow() as s:
        code = chain.verify_chain(s).last_hash[:16].upper()
    assert table.footer_lines[1] == f"第 2 条校验码：{code}（SHA-256 前 16 位）"
    assert (
        table.title == "用印登记簿"
        and table.subtitle == f"2026年度（共 2 条）　　填报日期：{clock.today():%Y年%m月%d日}"
    )
    assert next(iter(seals.rows))[:2] == ["中共某某镇委员会", "党委章"]


def test_a_january_void_stays_in_the_register_of_the_year_it_voids(uow, party_seal):
    """Voided on 5 January 2027, a use of 20 December 2026 still shows as voided in the 2026
    register, with its 作废 line; the 2027 register prints that line too, marked."""
    december = datetime(2026, 12, 20, 10, 0, tzinfo=CST)
    with clock.pinned(datetime(2026, 12, 21, 9, 0)), uow() as s:
        first = ledger.register_use(s, use_form(party_seal, at=december))
    with clock.pinned(datetime(2027, 1, 5, 9, 0)), uow() as s:
        ledger.void_use(s, first, "份数填错")
        ledger.register_use(s, use_form(party_seal, at=datetime(2027, 1, 4, 9, 0, tzinfo=CST)))
    with uow() as s:
        old = exchange.use_table(s, ExportQuery(year=2026))
        new = exchange.use_table(s, ExportQuery(year=2027))
        counted = ledger.count_uses(s, UseFilter(date_from=date(2026, 1, 1),
                                                 date_to=date(2026, 12, 31)))  # fmt: skip
    mark = "作废 2026-0001（属2026年度登记簿，2027年补记作废）"
    assert [r[0] for r in old.rows] == ["2026-0001", "作废2026-0001"] and counted == 2
    assert (
        old.subtitle.startswith("2026年度（共 2 条）　　填报日期：")
        and list(old.rows)[1][-1] == mark
    )
    assert [r[0] for r in new.rows] == ["作废2026-0001", "2027-0001"]
    assert next(iter(new.rows))[-1] == mark


def _outgoing(uow, **changes: object) -> int:
    values: dict[str, object] = dict(issuer_code="镇委", year=2026, number=3,
                                     title="关于表彰先进的决定", doc_number="镇委〔2026〕3号",
                                     doc_type="决定", state="已登记")  # fmt: skip
    with uow() as s:
        doc = OutgoingDoc(**(values | changes))
        s.add(doc)
        s.flush()
        return doc.id


def test_picking_a_outgoing_doc_fills_title_and_number(uow, party_seal):
    doc_id = _outgoing(uow)
    with uow() as s:
        assert [c.label() for c in outgoing.find(s, "表彰")] == [
            "镇委〔2026〕3号　关于表彰先进的决定"
        ]
        use_id = ledger.register_use(s, use_form(party_seal, doc_title="", outgoing_id=doc_id))
        row = ledger.get_use(s, use_id)
    with uow() as s:  # the 发文's 用印记录
        assert [r.id for r in ledger.list_uses(s, UseFilter(outgoing_id=doc_id))] == [use_id]
    assert (row.doc_title, row.doc_number, row.outgoing_id) == (
        "关于表彰先进的决定", "镇委〔2026〕3号", doc_id)  # fmt: skip


def test_void_or_unnumbered_outgoing_doc_cannot_be_stamped(uow, party_seal):
    void_id = _outgoing(uow, void_reason="编号错误", state="作废")
    with pytest.raises(ValidationError, match="所选发文已作废（编号错误）"), uow() as s:
        ledger.register_use(s, use_form(party_seal, outgoing_id=void_id))
    draft_id = _outgoing(uow, state="拟稿", doc_number=None, number=None)
    with pytest.raises(ValidationError, match="尚未登记发文字号（当前：拟稿）"), uow() as s:
        ledger.register_use(s, use_form(party_seal, outgoing_id=draft_id))
    with uow() as s:
        assert outgoing.find(s) == []


def test_outgoing_register_lists_each_documents_seal_uses_not_the_voided(uow, party_seal):
    from app.services.filing.exchange import exports

    doc_id = _outgoing(uow, registered_on=datetime(2026, 3, 5).date())
    with uow() as s:
        kept = ledger.register_use(s, use_form(party_seal, outgoing_id=doc_id, copies=3))
        voided = ledger.register_use(s, use_form(party_seal, outgoing_id=doc_id))
        ledger.void_use(s, voided, "份数填错")
    with uow() as s:
        table = exports.outgoing_register(s, ExportQuery(year=2026))
        headers = [c.header for c in table.columns]
        rows = list(table.rows)
        number = ledger.get_use(s, kept).number
    assert rows[0][headers.index("用印记录")] == f"{number}（3份）"

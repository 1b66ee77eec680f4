"""发文 steps of 条例 art. 25, 上行文 and the 签发人, secrecy, 复文 link."""

from __future__ import annotations

from datetime import date

import pytest

from app.services import audit
from app.services.archives.filing import file_one
from app.services.errors import ValidationError
from app.services.filing import flow, handling, incoming, outgoing, queries


def _draft(uow, doc_type="请示", **kw):
    form = outgoing.DraftForm(issuer_code="镇政", title="关于申请道路维修资金的请示",
                              doc_type=doc_type, **kw)  # fmt: skip
    with uow() as session:
        doc_id = outgoing.draft(session, form)
        outgoing.check_draft(session, doc_id, "王主任")
    return doc_id


def test_every_step_in_order(uow):
    doc_id = _draft(uow, doc_type="通知")
    with uow() as session:
        assert queries.get_outgoing(session, doc_id).actions == ("签发",)
        outgoing.sign(session, doc_id, "张镇长", date(2026, 3, 2))
        outgoing.review(session, doc_id, "赵文书")
        reg = outgoing.register(session, doc_id, on=date(2026, 3, 3))
        outgoing.print_doc(session, doc_id, 30, "某某镇党政办", date(2026, 3, 3))
        outgoing.dispatch(session, doc_id)
        assert file_one(session, "发文", doc_id, "D30", "BGS") == "Z109-WS·2026-D30-BGS-0001"
        row = queries.get_outgoing(session, doc_id)
    assert reg.doc_number == "镇政〔2026〕1号"
    assert row.state == "已归档" and row.actions == ()


@pytest.mark.parametrize("action", ["登记", "印制", "核发", "归档", "作废", "核稿"])
def test_illegal_moves_raise(uow, action):
    doc_id = _draft(uow, doc_type="通知")  # now 已核稿
    with uow() as session, pytest.raises(ValidationError, match=f"不能“{action}”"):
        flow.check_outgoing(queries.get_outgoing(session, doc_id).state, action)


def test_upward_document_needs_signer(uow):
    doc_id = _draft(uow)
    with uow() as session:
        outgoing.sign(session, doc_id, "", date(2026, 3, 2))
        outgoing.review(session, doc_id, "赵文书")
        with pytest.raises(ValidationError, match="上行文，须有签发人"):
            outgoing.register(session, doc_id, on=date(2026, 3, 3))


def test_downward_document_may_register_without_signer_name(uow):
    doc_id = _draft(uow, doc_type="通知")
    with uow() as session:
        outgoing.sign(session, doc_id, "", date(2026, 3, 2))
        outgoing.review(session, doc_id, "赵文书")
        assert outgoing.register(session, doc_id, on=date(2026, 3, 3)).number == 1


def test_secrecy_checked_and_marked(uow):
    with uow() as session, pytest.raises(ValidationError, match="1至10年"):
        outgoing.draft(session, outgoing.DraftForm("镇政", "关于x的通知", "通知", secrecy="秘密",
                                                   secrecy_years=11))  # fmt: skip
    doc_id = _draft(uow, doc_type="通知", secrecy="秘密", secrecy_years=1)
    with uow() as session:
        assert queries.get_outgoing(session, doc_id).secrecy == "秘密★1年"


def test_reply_link_both_ways(uow, register_outgoing):
    reg = register_outgoing(title="关于某某村道路问题的答复", doc_type="函")
    with uow() as session:
        in_id = incoming.receive(
            session, incoming.ReceiveForm("县交通运输局", "关于某某村道路问题的函")
        )
        incoming.review(session, in_id)
        incoming.mark_read_only(session, in_id, incoming.AssignForm())
        handling.link_reply(session, in_id, reg.id)
        assert handling.replies_to(session, reg.id) == [in_id]
        assert "复文" not in queries.get_incoming(session, in_id).actions


def test_every_change_is_audited(uow, register_outgoing):
    reg = register_outgoing()
    with uow() as session:
        entries = audit.query(session, audit.AuditFilter(entity="发文"))
    assert {e.action for e in entries} >= {"新增", "核稿", "签发", "复核", "登记"}
    assert any(e.entity_id == str(reg.id) for e in entries)

"""发文 steps of 条例 art. 25, 上行文 and the 签发人, secrecy, 复文 link."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from app import clock
from app.services import audit
from app.services.archives.filing import file_one
from app.services.errors import ValidationError
from app.services.filing import flow, handling, incoming, numbering, outgoing, queries, vocab
from tests.services.filing.conftest import signed_form


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


def test_sign_refuses_a_blank_signer(uow):
    """签发 names the leader, whatever the 文种: a blank 签发人 is refused."""
    for doc_type in ("请示", "通知"):
        doc_id = _draft(uow, doc_type=doc_type)
        with uow() as session, pytest.raises(ValidationError, match="请填写签发人"):
            outgoing.sign(session, doc_id, " ", date(2026, 3, 2))


def test_direction_comes_from_the_level_of_the_main_recipient(uow):
    """An 意见 or 函 sent to a higher organ is 上行文 too; the level is chosen at 拟稿."""
    assert vocab.is_upward("函", "上级") and vocab.is_upward("请示", "下级")
    assert not vocab.is_upward("意见", "平级") and not vocab.is_upward("函", "")
    with uow() as session, pytest.raises(ValidationError, match="主送机关级别"):
        outgoing.draft(session, outgoing.DraftForm("镇政", "关于x的函", "函", main_to_level="县级"))
    doc_id = _draft(uow, doc_type="意见", main_to_level="上级")
    with uow() as session:
        assert queries.get_outgoing(session, doc_id).main_to_level == "上级"


def test_future_or_before_signing_registration_refused(uow):
    """On 2026-11-30 a 登记 dated 2027 would take 镇政〔2027〕1号; before 签发 it is no 登记."""
    doc_id = _draft(uow, doc_type="通知")
    with uow() as session:
        with pytest.raises(ValidationError, match="晚于今天"):
            outgoing.sign(session, doc_id, "张镇长", date(2026, 12, 3))
        outgoing.sign(session, doc_id, "张镇长", date(2026, 11, 20))
        outgoing.review(session, doc_id, "赵文书")
    with uow() as session, pytest.raises(ValidationError, match="晚于今天"):
        outgoing.register(session, doc_id, on=date(2026, 12, 3))
    with uow() as session, pytest.raises(ValidationError, match="早于签发日期"):
        outgoing.register(session, doc_id, on=date(2026, 11, 19))
    with uow() as session:
        assert numbering.last_number(session, "镇政", 2027) == 0
        assert outgoing.register(session, doc_id, on=date(2026, 11, 30)).number == 1


def test_number_year_is_the_year_of_signing(uow, register_outgoing):
    """Signed on 30 December, registered on 4 January: the number is of the year signed."""
    with clock.pinned(datetime(2027, 1, 4, 10, 0)), uow() as session:
        form = replace(signed_form(), signed_on=date(2026, 12, 30), registered_on=date(2027, 1, 4))
        reg = outgoing.enter_signed(session, form)
    assert reg.doc_number == "镇政〔2026〕1号"


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

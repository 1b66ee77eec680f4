"""收文 steps of 条例 art. 24: every legal move, illegal moves refused, 传阅 and 催办."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import text

from app import clock
from app.services import settings
from app.services.archives.filing import file_one
from app.services.errors import ValidationError
from app.services.filing import flow, handling, incoming, queries

AT = datetime(2026, 3, 5, 2, 0, tzinfo=UTC)


def _receive(uow, **kw) -> int:
    form = incoming.ReceiveForm(sender=kw.pop("sender", "县政府办公室"),
                                title=kw.pop("title", "关于做好防汛工作的通知"),
                                sender_doc_number=kw.pop("number", "县政办发[2026]07号"),
                                doc_type="通知", received_at=kw.pop("received_at", AT),
                                **kw)  # fmt: skip
    with uow() as session:
        return incoming.receive(session, form)


def _state(uow, doc_id):
    with uow() as session:
        return queries.get_incoming(session, doc_id)


def test_receive_registers_with_number_and_normalised_doc_number(uow):
    first, second = _receive(uow), _receive(uow, number="")
    row = _state(uow, first)
    assert row.receipt_no == "收〔2026〕1号" and _state(uow, second).receipt_no == "收〔2026〕2号"
    assert row.sender_doc_number == "县政办发〔2026〕7号" and row.state == "已登记"
    assert row.actions == ("初审通过", "退回")


def test_a_receipt_time_in_the_future_is_refused(uow):
    ahead = clock.utcnow() + timedelta(days=1)
    with pytest.raises(ValidationError, match="签收时间不能晚于现在"):
        _receive(uow, received_at=ahead)
    with uow() as session:
        assert queries.count_incoming(session, queries.FilingFilter()) == 0


def test_sign_first_then_register_with_custom_format(uow):
    with uow() as session:
        settings.put(session, "filing.incoming_number_format", "{year}-{n:04d}")
    doc_id = _receive(uow, register=False)
    assert _state(uow, doc_id).actions == ("登记",)
    with uow() as session:
        assert incoming.register(session, doc_id) == "2026-0001"


def test_return_needs_reason_and_ends(uow):
    doc_id = _receive(uow)
    with uow() as session, pytest.raises(ValidationError, match="退回理由"):
        incoming.return_doc(session, doc_id, "")
    with uow() as session:
        incoming.return_doc(session, doc_id, "非本机关办理事项")
    row = _state(uow, doc_id)
    assert row.state == "已退回" and row.actions == ()


def test_instruction_path_with_one_lead_department(uow):
    doc_id = _receive(uow, urgency="特急")
    with uow() as session:
        incoming.review(session, doc_id)
        incoming.propose(session, doc_id, "拟请李镇长阅示，农业办承办")
        incoming.instruct(session, doc_id, "请农业办牵头落实", "李镇长")
        with pytest.raises(ValidationError, match="特急公文必须填写办理时限"):
            incoming.assign(session, doc_id, incoming.AssignForm(lead_dept="农业办"))
        with pytest.raises(ValidationError, match="主办部门只能有一个"):
            incoming.assign(session, doc_id, incoming.AssignForm(
                lead_dept="农业办", co_depts=("农业办",), deadline=date(2026, 3, 10)))  # fmt: skip
        with pytest.raises(ValidationError, match="特急公文必须指定催办人"):
            incoming.assign(session, doc_id, incoming.AssignForm(
                lead_dept="农业办", deadline=date(2026, 3, 10), pusher=" "))  # fmt: skip
        incoming.assign(session, doc_id, incoming.AssignForm(
            lead_dept="农业办", co_depts=("水利站", "应急办"), handler="陈主任",
            deadline=date(2026, 3, 10), pusher="党政办王主任"))  # fmt: skip
    assert _state(uow, doc_id).state == "办理中"


def _in_hand(uow) -> int:
    doc_id = _receive(uow)
    with uow() as session:
        incoming.review(session, doc_id)
        incoming.mark_read_only(session, doc_id, incoming.AssignForm(proposal="请班子成员传阅"))
    return doc_id


def test_circulation_send_return_recall_cancel(uow):
    doc_id = _in_hand(uow)
    with uow() as session:
        handling.circulate(session, doc_id, "张书记", at=AT)
    row = _state(uow, doc_id)
    assert (row.holder, row.held_since) == ("张书记", AT)
    assert "办结" not in row.actions and "传阅" not in row.actions and "收回" in row.actions
    with uow() as session:
        with pytest.raises(ValidationError, match="尚在传阅中"):
            handling.finish(session, doc_id, "已阅", date(2026, 3, 6))
        handling.close_circulation(session, doc_id, "归还", at=AT + timedelta(hours=3))
        handling.circulate(session, doc_id, "李镇长", at=AT + timedelta(hours=4))
        handling.close_circulation(session, doc_id, "收回", at=AT + timedelta(days=2))
        handling.circulate(session, doc_id, "王副书记", at=AT + timedelta(days=3))
        with pytest.raises(ValidationError, match="须说明原因"):
            handling.close_circulation(session, doc_id, "取消")
        handling.close_circulation(session, doc_id, "取消", note="本人出差")
        trail = handling.circulations(session, doc_id)
    assert [(c.holder, c.outcome) for c in trail] == [
        ("张书记", "归还"), ("李镇长", "收回"), ("王副书记", "取消")]  # fmt: skip
    assert trail[1].held_days() == 2 - 4 / 24
    assert _state(uow, doc_id).holder == ""


def test_check_finds_a_list_holder_that_disagrees_with_the_circulation_record(uow):
    doc_id = _in_hand(uow)
    with uow() as session:
        handling.circulate(session, doc_id, "张书记", at=AT)
        assert handling.holder_mismatches(session) == []
        session.execute(text("UPDATE incoming_docs SET holder = '' WHERE id = :id"), {"id": doc_id})
        (problem,) = handling.holder_mismatches(session)
    assert "列表记“无人”持有，传阅记录为“张书记”" in problem


def test_no_return_without_paper_out(uow):
    doc_id = _in_hand(uow)
    with uow() as session, pytest.raises(ValidationError, match="不能“收回”"):
        handling.close_circulation(session, doc_id, "收回")


def test_reminders_finish_archive(uow):
    doc_id = _in_hand(uow)
    with uow() as session:
        handling.remind(session, doc_id, date(2026, 3, 8), "电话", "答应周五前办结", "王主任")
        handling.finish(session, doc_id, "已按要求完成排查并报送", date(2026, 3, 9))
        with pytest.raises(ValidationError, match="不能“催办”"):
            handling.remind(session, doc_id, date(2026, 3, 10), "电话")
        assert file_one(session, "收文", doc_id, "D30", "BGS") == "Z109-WS·2026-D30-BGS-0001"
        assert [r.means for r in handling.reminders(session, doc_id)] == ["电话"]
    assert _state(uow, doc_id).state == "已归档"


@pytest.mark.parametrize(
    ("state", "paper_out", "expected"),
    [
        ("已签收", False, ("登记",)),
        ("已登记", False, ("初审通过", "退回")),
        ("待拟办", False, ("阅知", "拟办", "传阅")),
        ("待批示", True, ("批示", "催办", "传阅归还", "收回", "取消传阅")),
        ("待分办", False, ("分办", "传阅", "催办")),
        ("办理中", False, ("办结", "传阅", "催办", "复文")),
        ("已办结", False, ("归档", "复文")),
        ("已归档", False, ()),
        ("已退回", False, ()),
    ],
)
def test_legal_actions_table(state, paper_out, expected):
    assert flow.incoming_actions(state, paper_out) == expected


@pytest.mark.parametrize("action", ["登记", "办结", "归档", "批示", "分办"])
def test_illegal_moves_on_a_registered_doc(uow, action):
    doc_id = _receive(uow)
    with uow() as session:
        doc = queries.get_incoming(session, doc_id)
        with pytest.raises(ValidationError, match=f"不能“{action}”"):
            flow.check_incoming(doc.state, False, action)
        with pytest.raises(ValidationError):
            incoming.instruct(session, doc_id, "同意", "李镇长")


def test_secret_record_rules(uow):
    with uow() as session, pytest.raises(ValidationError, match="密级只能是"):
        incoming.receive(session, incoming.ReceiveForm("县委办公室", "x", secrecy="内部"))
    doc_id = _receive(uow, secrecy="机密", secrecy_years=20)
    assert _state(uow, doc_id).secrecy == "机密★20年"

"""Helpers for the archive tests: finished 收文 and issued 发文 made through their services."""

from __future__ import annotations

from datetime import UTC, date, datetime

from app.services.filing import handling, incoming, outgoing


def done_incoming(
    session,
    title="关于做好防汛工作的通知",
    *,
    sender="县政府办公室",
    number="县政办发〔2025〕7号",
    doc_type="通知",
    at=datetime(2025, 3, 5, 2, 0, tzinfo=UTC),
    issued=None,
    dept="",
) -> int:
    form = incoming.ReceiveForm(sender=sender, title=title, sender_doc_number=number,
                                doc_type=doc_type, received_at=at, issued_on=issued)  # fmt: skip
    doc_id = incoming.receive(session, form)
    incoming.review(session, doc_id)
    incoming.mark_read_only(session, doc_id, incoming.AssignForm(proposal="阅", lead_dept=dept))
    handling.finish(session, doc_id, "已阅办", at.astimezone().date())
    return doc_id


def issued_outgoing(session, title="关于申请道路维修资金的请示", *, doc_type="请示",
                    on=date(2025, 4, 1), code="镇政") -> int:  # fmt: skip
    form = outgoing.SignedForm(
        draft=outgoing.DraftForm(issuer_code=code, title=title, doc_type=doc_type,
                                 draft_dept="党政办", drafter="李文书", main_to="县政府"),
        checker="王主任", signer="张镇长", signed_on=on, reviewer="赵文书", registered_on=on,
    )  # fmt: skip
    reg = outgoing.enter_signed(session, form)
    outgoing.print_doc(session, reg.id, 10, "某某镇人民政府", on)
    outgoing.dispatch(session, reg.id)
    return reg.id

"""Helpers for the filing service tests."""

from __future__ import annotations

from datetime import date

import pytest

from app.services.filing import outgoing


def signed_form(title: str = "关于做好春耕生产工作的通知", *, doc_type: str = "通知",
                code: str = "镇政", signer: str = "张镇长", on: date | None = None,
                number: int | None = None) -> outgoing.SignedForm:  # fmt: skip
    return outgoing.SignedForm(
        draft=outgoing.DraftForm(issuer_code=code, title=title, doc_type=doc_type,
                                 draft_dept="党政办", drafter="李文书", main_to="各村委会"),
        checker="王主任", signer=signer, signed_on=on or date(2026, 3, 2), reviewer="赵文书",
        registered_on=on or date(2026, 3, 2), number=number,
    )  # fmt: skip


@pytest.fixture
def register_outgoing(uow):
    def make(**kwargs) -> outgoing.Registered:
        with uow() as session:
            return outgoing.enter_signed(session, signed_form(**kwargs))

    return make

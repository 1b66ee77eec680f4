"""The login dialog works the password's digest out while the clerk types (issue 14's start-up)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from app.models.audit import AuditEntry
from app.models.users import User
from app.services import passwords, users
from app.services.session import unit_of_work
from app.ui.login import LoginDialog
from app.ui.opening import Opening
from tests.conftest import ADMIN_PASSWORD
from tests.ui.typing_helpers import press

WRONG = "wrong-pass-9"


@pytest.fixture
def scrypts(monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    """Each scrypt run, counted at the one function that runs it (it still runs)."""
    calls: list[str] = []
    inner = passwords._scrypt

    def counted(password: str, *args):  # type: ignore[no-untyped-def]
        calls.append(password)
        return inner(password, *args)

    monkeypatch.setattr(passwords, "_scrypt", counted)
    return calls


@pytest.fixture
def dialog(qtbot, admin, data_dir):  # type: ignore[no-untyped-def]
    """The login as the window's start shows it, the loading behind it already ended."""
    if data_dir.on_server:
        pytest.skip("the office server is opened before its login: no salt read ahead")
    opening = Opening(lambda: None)
    opening.start()
    opening.wait()
    shown = LoginDialog("某某镇人民政府", "admin", opening=opening, data_dir=data_dir)
    qtbot.addWidget(shown)
    shown.show()
    return shown


def _type_and_pause(qtbot, dialog: LoginDialog, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type, then wait as a clerk reaching for Enter: the digest of the text is worked out."""
    dialog.password.clear()
    qtbot.keyClicks(dialog.password, text)
    before = 0 if dialog.ahead is None else dialog.ahead.derived
    worked_out = lambda: dialog.ahead is not None and dialog.ahead.derived > before  # noqa: E731
    qtbot.waitUntil(worked_out, timeout=5000)


def _submit(qtbot, dialog: LoginDialog) -> None:  # type: ignore[no-untyped-def]
    press(qtbot, dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.checking, timeout=10000)


def _failures() -> tuple[int, int]:
    """admin's failed-attempt counter, and the 登录失败 lines on the audit trail."""
    with unit_of_work() as s:
        counter = s.scalar(select(User.failed_attempts).where(User.username == "admin"))
        lines = s.scalar(select(func.count()).where(AuditEntry.action == users.FAILED_LOGIN))
    return counter or 0, lines or 0


def test_typed_then_submitted_logs_in_without_hashing_again(qtbot, dialog, scrypts):
    _type_and_pause(qtbot, dialog, ADMIN_PASSWORD)
    hashed = len(scrypts)
    assert ADMIN_PASSWORD in scrypts  # worked out while typing
    _submit(qtbot, dialog)
    assert dialog.actor is not None and dialog.actor.username == "admin"
    assert len(scrypts) == hashed  # 登录 took the digest: scrypt did not run again
    assert dialog.ahead is not None and dialog.ahead.used == 1


def test_a_digest_ready_for_an_earlier_text_does_not_log_in_the_changed_one(qtbot, dialog, scrypts):
    """The right password typed and worked out, then changed and submitted before a pause:
    refused and counted, the changed text hashed at 登录."""
    _type_and_pause(qtbot, dialog, ADMIN_PASSWORD)
    qtbot.keyClicks(dialog.password, "x")  # 登录 at once, before the pause ends
    _submit(qtbot, dialog)
    assert dialog.actor is None
    assert dialog.message.text() == "登录名或密码不正确（再错 4 次将锁定 15 分钟）"
    assert scrypts[-1] == ADMIN_PASSWORD + "x"
    assert _failures() == (1, 1)


def test_typed_wrong_passwords_count_and_lock_as_before(qtbot, dialog):
    """Five wrong passwords, each worked out while typed: the same messages, counter, audit
    and lock as without typing ahead; then the right one is refused while locked."""
    told = []
    for _ in range(users.MAX_FAILURES):
        _type_and_pause(qtbot, dialog, WRONG)
        _submit(qtbot, dialog)
        told.append(dialog.message.text())
    assert told == [f"登录名或密码不正确（再错 {n} 次将锁定 15 分钟）" for n in (4, 3, 2, 1)] + [
        users.LOCKED_NOW
    ]
    assert _failures() == (0, users.MAX_FAILURES)  # the counter starts again under the lock
    _type_and_pause(qtbot, dialog, ADMIN_PASSWORD)
    _submit(qtbot, dialog)
    assert dialog.actor is None and dialog.message.text().startswith("账号已锁定，请 ")
    assert dialog.ahead is not None and dialog.ahead.used == users.MAX_FAILURES + 1


def test_a_pause_in_an_unknown_name_costs_what_a_known_one_does(qtbot, dialog, scrypts):
    """An unknown name's text is worked out on the made-up hash: 登录 is as quick as for a
    real name, and the refusal is the one a wrong password gets."""
    dialog.username.setText("nobody")
    _type_and_pause(qtbot, dialog, ADMIN_PASSWORD)
    hashed = len(scrypts)
    _submit(qtbot, dialog)
    assert dialog.message.text() == "登录名或密码不正确（再错 4 次将锁定 15 分钟）"
    assert len(scrypts) == hashed

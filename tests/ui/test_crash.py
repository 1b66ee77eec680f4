"""Unexpected errors: logged with the traceback, a Chinese dialog with the log path; no crash."""

from __future__ import annotations

import sys
import threading

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from app.services.errors import ValidationError
from app.ui import crash


def raise_and_catch(exc: BaseException):
    try:
        raise exc
    except BaseException:
        return sys.exc_info()


@pytest.mark.logs_expected  # the test provokes it and checks what is told
def test_bug_is_logged_and_shown_with_the_log_path(qtbot, tmp_path, when_modal):
    log = crash.setup_logging(tmp_path / "logs")
    handler = crash.CrashHandler(log)

    def check(dialog):
        assert isinstance(dialog, crash.CrashDialog)
        assert "程序遇到意外错误" in dialog.message.text()
        assert str(log) in dialog.message.text()
        dialog.copy_button.click()

    seen = when_modal(check)
    handler.excepthook(*raise_and_catch(RuntimeError("坏了")))
    assert seen, "the crash dialog was not shown"
    assert "RuntimeError: 坏了" in QApplication.clipboard().text()
    written = log.read_text(encoding="utf-8")
    assert "Traceback" in written and "RuntimeError: 坏了" in written


@pytest.mark.logs_expected  # the test provokes it and checks what is told
def test_domain_error_is_a_plain_message_not_a_crash_dialog(qtbot, tmp_path, when_modal):
    handler = crash.CrashHandler(tmp_path / "app.log")
    texts = []
    seen = when_modal(lambda d: texts.append(d.text() if isinstance(d, QMessageBox) else ""))
    handler.excepthook(*raise_and_catch(ValidationError("登记日期不能晚于今天")))
    assert [type(d) for d in seen] == [QMessageBox]
    assert texts == ["登记日期不能晚于今天"]


@pytest.mark.logs_expected  # the test provokes it and checks what is told
def test_worker_thread_errors_reach_the_gui_thread(qtbot, tmp_path, when_modal):
    log = crash.setup_logging(tmp_path / "logs")
    handler = crash.CrashHandler(log)
    seen = when_modal(lambda d: None)

    def work():
        try:
            raise ValueError("后台出错")
        except ValueError:
            kind, exc, tb = sys.exc_info()
            handler.thread_hook(threading.ExceptHookArgs([kind, exc, tb, None]))

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: bool(seen))
    assert isinstance(seen[0], crash.CrashDialog)
    assert "ValueError: 后台出错" in log.read_text(encoding="utf-8")


def test_install_sets_both_hooks(qtbot, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    handler = crash.install(None)
    assert sys.excepthook == handler.excepthook
    assert threading.excepthook == handler.thread_hook


@pytest.mark.logs_expected  # the test provokes it and checks what is written
def test_a_failed_visit_statement_reaches_the_log_without_what_was_typed(
    qtbot, data_dir, tmp_path, when_modal
):
    """Issue 16, defect 9: app.log held SQLAlchemy's [parameters: …], the 反映问题 typed."""
    from sqlalchemy import insert

    from app.models.visits import VisitCase
    from app.services.session import unit_of_work

    log = crash.setup_logging(tmp_path / "logs")
    handler = crash.CrashHandler(log)
    seen = when_modal(lambda d: None)
    typed = "".join(
        ["反映", "问题：电话", "138", "1234", "5678"]
    )  # not in a traceback's source line
    try:
        with unit_of_work() as session:  # no 登记编号 and no dates: NOT NULL refuses the row
            session.execute(insert(VisitCase).values(issue=typed))
    except Exception:
        handler.excepthook(*sys.exc_info())
    assert seen and isinstance(seen[0], crash.CrashDialog)
    written = log.read_text(encoding="utf-8")
    assert "IntegrityError" in written and "INSERT INTO visit_cases" in written
    assert "13812345678" not in written and "反映问题" not in written

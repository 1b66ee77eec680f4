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

"""run_task: work off the GUI thread, progress, cancel via the dialog, errors shown."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtWidgets import QPushButton, QWidget

from app.services.errors import ValidationError
from app.ui.messages import open_error_boxes
from app.ui.tasks import Cancelled, Token, run_task


def _parent(qtbot) -> QWidget:
    w = QWidget()
    qtbot.addWidget(w)
    w.show()
    return w


def test_progress_and_result_come_back_on_the_gui_thread(qtbot):
    parent = _parent(qtbot)
    gui = threading.get_ident()
    seen: dict = {}

    def work(token):
        seen["thread"] = threading.get_ident()
        for i in range(5):
            token.progress(i + 1, 5, f"第{i + 1}步")
            time.sleep(0.02)
        return 42

    def done(value):
        seen["done_thread"] = threading.get_ident()
        seen["value"] = value

    task = run_task(parent, "正在处理…", work, on_done=done)
    reports = []
    task.signals.progress.connect(lambda d, t, text: reports.append((d, t, text)))
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert reports and reports[-1] == (5, 5, "第5步")
    assert seen["thread"] != gui and seen["done_thread"] == gui
    assert seen["value"] == 42 and task.result == 42 and task.error is None


def test_cancel_button_stops_the_work(qtbot):
    parent = _parent(qtbot)
    started = threading.Event()
    outcome = []

    def work(token):
        started.set()
        for i in range(500):
            token.check()
            token.progress(i, 500)
            time.sleep(0.01)
        return "finished"

    task = run_task(parent, "正在导入…", work, on_done=outcome.append,
                    on_cancelled=lambda: outcome.append("cancelled"))  # fmt: skip
    assert started.wait(5)
    qtbot.waitUntil(task.dialog.isVisible, timeout=3000)
    button = task.dialog.findChild(QPushButton)
    assert button.text() == "取消"
    with qtbot.waitSignal(task.finished, timeout=5000):
        button.click()
    assert outcome == ["cancelled"] and isinstance(task.error, Cancelled)


def test_errors_are_shown_in_chinese_not_as_tracebacks(qtbot):
    parent = _parent(qtbot)

    def work(token):
        raise ValidationError("收文日期不能晚于今天。", field="received_on")

    task = run_task(parent, "正在保存…", work)
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    boxes = open_error_boxes()
    assert [b.text() for b in boxes] == ["收文日期不能晚于今天。"]
    boxes[0].close()


@pytest.mark.logs_expected  # the test provokes it and checks what is told
def test_unexpected_errors_show_a_generic_line(qtbot, caplog):
    parent = _parent(qtbot)

    def work(token):
        raise ZeroDivisionError("division by zero")

    task = run_task(parent, "正在计算…", work)
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    box = open_error_boxes()[-1]
    assert "意外错误" in box.text() and "division" not in box.text()
    assert "ZeroDivisionError" in caplog.text
    box.close()


def test_progress_is_throttled_but_the_last_step_always_arrives():
    sent = []
    token = Token(lambda d, t, text: sent.append(d))
    for i in range(1, 100_001):
        token.progress(i, 100_000)
    assert sent[-1] == 100_000 and len(sent) < 50

"""The operations layer: one unit of work a call, errors told where the page wants, reloads."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QWidget

from app.services import settings
from app.services.context import Role
from app.services.errors import ValidationError
from app.ui import ops
from app.ui.messages import open_error_boxes


class Line(QLabel):
    def error(self, text: str) -> None:
        self.setText(text)


def _put(value: str):
    return lambda s: settings.put(s, "test.key", value) or True


def test_change_then_query_reads_what_was_written(qtbot, admin):
    page = QWidget()
    qtbot.addWidget(page)
    assert ops.change(page, admin, _put("甲"), touches=("设置",)) is True
    assert ops.query(page, admin, lambda s: settings.get(s, "test.key")) == "甲"


def test_a_refused_change_is_told_inline_and_changes_nothing(qtbot, admin, make_user):
    clerk = make_user(Role.CLERK)
    line = Line()
    qtbot.addWidget(line)
    assert ops.change(line, clerk, _put("乙"), touches=("设置",)) is None
    assert "权限" in line.text() or "无权" in line.text()
    assert ops.query(line, admin, lambda s: settings.get(s, "test.key")) is None


def test_a_domain_error_in_a_box_and_a_rolled_back_unit(qtbot, admin):
    page = QWidget()
    qtbot.addWidget(page)

    def half_then_fail(s):
        settings.put(s, "test.key", "丙")
        settings.clean_org("", "Z1", ["镇政"])

    assert ops.change(page, admin, half_then_fail, touches=("设置",)) is None
    boxes = open_error_boxes()
    assert [b.text() for b in boxes] == ["请填写单位名称（如：某某镇人民政府）"]
    for box in boxes:
        box.close()
    assert ops.query(page, admin, lambda s: settings.get(s, "test.key")) is None


def test_perform_lets_a_form_place_the_error_itself(admin):
    with pytest.raises(ValidationError) as caught:
        ops.perform(admin, lambda s: settings.clean_org("", "Z1", ["镇政"]))
    assert caught.value.field == "org_name"


def test_a_watching_page_reloads_now_if_shown_else_when_shown(qtbot, admin):
    shown, hidden = QWidget(), QWidget()
    qtbot.addWidget(shown)
    qtbot.addWidget(hidden)
    shown.show()
    calls: list[str] = []
    ops.watch(shown, ("设置",), lambda: calls.append("shown"))
    ops.watch(hidden, ("设置",), lambda: calls.append("hidden"))
    ops.watch(shown, ("收文",), lambda: calls.append("other register"))
    ops.change(shown, admin, _put("丁"), touches=("设置",))
    ops.change(shown, admin, _put("戊"), touches=("设置",))
    qtbot.waitUntil(lambda: calls == ["shown"])  # two changes, one reload
    hidden.show()
    qtbot.waitUntil(lambda: calls == ["shown", "hidden"])
    hidden.hide()
    hidden.show()  # shown again with nothing changed: no reload
    qtbot.wait(20)
    assert calls == ["shown", "hidden"]
    hidden.hide()
    ops.change(shown, admin, _put("己"), touches=("设置",))
    hidden.show()
    qtbot.waitUntil(lambda: calls == ["shown", "hidden", "shown", "hidden"])


def test_a_watcher_filters_a_pages_events_only_while_it_waits_to_reload(qtbot, admin, monkeypatch):
    """Each filtered event takes the GIL: beside a busy pool thread 5-16 ms apiece."""
    seen: list[int] = []
    original = ops._Watcher.eventFilter
    monkeypatch.setattr(ops._Watcher, "eventFilter",
                        lambda self, w, e: seen.append(1) or original(self, w, e))  # fmt: skip
    page = QWidget()
    qtbot.addWidget(page)
    calls: list[str] = []
    ops.watch(page, ("设置",), lambda: calls.append("reloaded"))
    page.show()
    page.resize(300, 200)
    page.hide()
    assert seen == []  # nothing to reload: the page's events never reach Python
    ops.change(page, admin, _put("庚"), touches=("设置",))
    page.show()
    qtbot.waitUntil(lambda: calls == ["reloaded"])
    assert seen  # the Show that reloaded it was filtered
    seen.clear()
    page.resize(320, 220)
    page.hide()
    assert seen == []  # reloaded: unfiltered again


def test_a_failed_change_announces_nothing(qtbot, make_user):
    page = QWidget()
    qtbot.addWidget(page)
    page.show()
    calls: list[int] = []
    ops.watch(page, ("设置",), lambda: calls.append(1))
    ops.change(Line(), make_user(Role.CLERK), _put("己"), touches=("设置",))
    qtbot.wait(20)
    assert calls == []


def test_in_background_runs_off_the_gui_thread_then_announces(qtbot, admin):
    page = QWidget()
    qtbot.addWidget(page)
    page.show()
    seen: list[object] = []
    ops.watch(page, ("设置",), lambda: seen.append("reloaded"))

    def work(s, token):
        token.progress(1, 1)
        settings.put(s, "test.key", "庚")
        return 7

    task = ops.in_background(page, admin, "正在保存…", work, on_done=seen.append,
                             touches=("设置",))  # fmt: skip
    with qtbot.waitSignal(task.finished, timeout=10000):
        pass
    qtbot.waitUntil(lambda: seen == [7, "reloaded"])
    assert ops.query(page, admin, lambda s: settings.get(s, "test.key")) == "庚"


def test_in_background_error_goes_inline(qtbot, admin):
    page, line = QWidget(), Line()
    qtbot.addWidget(page)
    qtbot.addWidget(line)

    def work(s, token):
        settings.clean_org("镇", "", ["镇政"])

    task = ops.in_background(page, admin, "正在保存…", work, errors=line)
    with qtbot.waitSignal(task.finished, timeout=10000):
        pass
    assert line.text() == "全宗号只能由字母和数字组成（如：Z109）"

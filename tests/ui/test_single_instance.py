"""Issue 16: a second start on the same data folder brings the first window forward."""

from __future__ import annotations

import os
import stat

import pytest
from PySide6.QtWidgets import QWidget

from app.ui import crash, single_instance


# The offscreen platform cannot raise a window; it says so. Raising is Qt's; ours is the call.
@pytest.mark.qt_log_ignore("This plugin does not support raise", "does not support activate")
def test_a_second_start_on_the_same_folder_raises_the_first(qtbot, tmp_path):
    first = single_instance.claim(tmp_path / "数据")
    assert first is not None
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(first.raised, timeout=5000):
        assert single_instance.claim(tmp_path / "数据") is None
    other = single_instance.claim(tmp_path / "别的数据")  # another folder opens its own window
    assert other is not None
    for held in (first, other):
        held.server.close()


def test_a_folder_left_by_a_crashed_window_opens_again(qtbot, tmp_path):
    first = single_instance.claim(tmp_path)
    assert first is not None
    first.server.close()  # gone, as after a crash
    again = single_instance.claim(tmp_path)
    assert again is not None
    again.server.close()


def test_the_log_is_the_owners_alone(tmp_path):
    path = crash.setup_logging(tmp_path / "logs")
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700

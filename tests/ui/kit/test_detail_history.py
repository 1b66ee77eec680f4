"""Issue 15: a record's 办理经过 reads without the record's own label and wraps, no side scroll."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtWidgets import QWidget

from app.services.details import HistoryLine, RecordDetail
from app.ui.kit.detail_dialog import DetailDialog

NUMBER, TITLE = "收〔2026〕1996号", "关于森林防火情况的通报"
LABEL = f"{NUMBER} {TITLE}"
LONG = "催办（电话）" + "承办人称正在组织各村排查火源隐患，" * 4


def _detail() -> RecordDetail:
    at = datetime(2026, 12, 3, 2, 58, tzinfo=UTC)
    history = (
        HistoryLine(at, "刘芳", f"新增：{LABEL}"),
        HistoryLine(at, "刘芳", f"登记：{LABEL}"),
        HistoryLine(at, "刘芳", f"传阅给赵副镇长：{LABEL}"),
        HistoryLine(at, "刘芳", "传阅 赵副镇长，尚未归还"),
        HistoryLine(at, "刘芳", LONG),
    )
    fields = (("收文编号", NUMBER), ("标题", TITLE))
    return RecordDetail("收文", 1, TITLE, fields, history, (), 1)


def _lines(qtbot) -> tuple[QWidget, DetailDialog, list[str]]:
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = DetailDialog(parent, _detail(), [], lambda _step: None)
    dialog.resize(1000, 600)
    dialog.show()
    qtbot.waitExposed(dialog)
    history = dialog.history
    return parent, dialog, [history.item(i).text() for i in range(history.count())]


def test_each_line_leaves_out_the_label_it_repeats(qtbot):
    _parent, _dialog, lines = _lines(qtbot)
    assert not [line for line in lines if NUMBER in line or TITLE in line]
    assert lines[1].endswith("刘芳  登记")
    assert lines[2].endswith("刘芳  传阅给赵副镇长")  # the detail that is not the label stays
    assert lines[3].endswith("传阅 赵副镇长，尚未归还")


def test_a_long_line_wraps_instead_of_scrolling_sideways(qtbot):
    _parent, dialog, lines = _lines(qtbot)  # the parent keeps the dialog alive
    history = dialog.history
    assert LONG in lines[4]  # whole, not cut
    assert history.wordWrap()
    qtbot.waitUntil(lambda: history.horizontalScrollBar().maximum() == 0)
    assert not history.horizontalScrollBar().isVisible()
    tall = history.visualItemRect(history.item(4)).height()
    assert tall > history.visualItemRect(history.item(1)).height()  # on more than one line

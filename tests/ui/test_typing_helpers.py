"""The typing helper puts Chinese and ASCII into a line edit."""

from PySide6.QtWidgets import QLineEdit

from tests.ui.typing_helpers import type_text


def test_type_mixed_text(qtbot):
    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.show()
    type_text(qtbot, edit, "镇政发〔2026〕7号 abc")
    assert edit.text() == "镇政发〔2026〕7号 abc"

"""Blocking Chinese message boxes (start-up, crash handler); pages use kit.show_error."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from app.services.errors import DomainError, StorageError
from app.ui.kit.forms import message_of

EXPECTED = (DomainError, StorageError)  # shown as messages; anything else is a bug


def error_text(exc: BaseException) -> str:
    """The clerk's message (an import's bad rows included); one wording with the kit."""
    return message_of(exc)


def show_error(parent: QWidget | None, exc: BaseException | str, title: str = "无法完成") -> None:
    text = exc if isinstance(exc, str) else error_text(exc)
    icon = QMessageBox.Icon.Critical if isinstance(exc, StorageError) else QMessageBox.Icon.Warning
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.button(QMessageBox.StandardButton.Ok).setText("知道了")
    box.exec()


def show_info(parent: QWidget | None, text: str, title: str = "提示") -> None:
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok,
                      parent)  # fmt: skip
    box.button(QMessageBox.StandardButton.Ok).setText("好")
    box.exec()


def confirm(parent: QWidget | None, text: str, title: str = "请确认") -> bool:
    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    box = QMessageBox(QMessageBox.Icon.Question, title, text, buttons, parent)
    box.button(QMessageBox.StandardButton.Yes).setText("确定")
    box.button(QMessageBox.StandardButton.No).setText("取消")
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes

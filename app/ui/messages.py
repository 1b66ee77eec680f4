"""Plain Chinese message boxes: a clerk's mistake or a storage failure, never a traceback."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from app.services.errors import DomainError, StorageError

EXPECTED = (DomainError, StorageError)  # shown as messages; anything else is a bug


def error_text(exc: BaseException) -> str:
    """The clerk's message for an expected error (the exception's own text otherwise)."""
    return str(getattr(exc, "message", "") or exc)


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

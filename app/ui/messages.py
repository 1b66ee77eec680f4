"""How the window tells the clerk: one error message box and its wording, 提示, 请确认."""

from __future__ import annotations

import logging
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from app.services.errors import DomainError, ImportRejected, StorageError

log = logging.getLogger(__name__)
EXPECTED = (DomainError, StorageError)  # shown as messages; anything else is a bug
UNEXPECTED = "发生了意外错误，本次操作未完成。\n详细信息已记入日志，请联系管理员。"
REFUSED_TITLE = "无法完成"
BUG_TITLE = "意外错误"


def error_text(exc: BaseException) -> str:
    """The Chinese text a clerk sees for an error (a generic line for bugs)."""
    if isinstance(exc, ImportRejected):
        lines = [str(e) for e in exc.errors[:30]]
        more = len(exc.errors) - len(lines)
        tail = [f"……另有 {more} 处错误"] if more > 0 else []
        return "\n".join([exc.message, *lines, *tail])
    if isinstance(exc, EXPECTED):
        return exc.message
    return UNEXPECTED


def show_error(
    parent: QWidget | None, exc: BaseException | str, title: str = "", *, wait: bool = False
) -> QMessageBox:
    """Tell the clerk that an action failed outside a form; bugs go to the log as well.

    The rule: what the clerk typed wrong stays in the form's red line and the form stays
    open (kit FormDialog, FormHelper). This box is for the rest: a refused button on a
    list page, a list that could not be read, a storage error, failed background work.

    Window-modal; returns at once with the box (tests read ``box.text()``). ``wait=True``
    runs it to the end: at start-up and in the crash handler no window waits behind it.
    """
    box = _error_box(parent, exc, title)
    if wait:
        box.exec()
        return box
    _keep_open(box)
    return box


def _error_box(parent: QWidget | None, exc: BaseException | str, title: str) -> QMessageBox:
    bug = not isinstance(exc, str | DomainError | StorageError)
    if isinstance(exc, BaseException) and bug:
        log.error("未预料的错误", exc_info=exc)
    text = exc if isinstance(exc, str) else error_text(exc)
    serious = bug or isinstance(exc, StorageError)
    icon = QMessageBox.Icon.Critical if serious else QMessageBox.Icon.Warning
    box = QMessageBox(icon, title or (BUG_TITLE if bug else REFUSED_TITLE), text,
                      QMessageBox.StandardButton.Ok, parent)  # fmt: skip
    box.button(QMessageBox.StandardButton.Ok).setText("确定")
    if isinstance(exc, StorageError) and exc.detail:
        box.setDetailedText(exc.detail)
    box.setObjectName("errorBox")
    return box


_open_boxes: list[QMessageBox] = []  # parentless boxes must outlive show_error's call


def _keep_open(box: QMessageBox) -> None:
    """Show ``box`` window-modal and keep it listed until it closes or its window goes."""
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    _open_boxes.append(box)
    box.finished.connect(lambda _r: _forget(box))
    # a box dies with its window without finishing: a stale entry would be a dead object
    box.destroyed.connect(lambda _o=None: _forget(box))


def _forget(box: QMessageBox) -> None:
    if box in _open_boxes:
        _open_boxes.remove(box)


def open_error_boxes() -> list[QMessageBox]:
    """Error boxes still showing (tests read and close them)."""
    _open_boxes[:] = [box for box in _open_boxes if shiboken6.isValid(box)]
    return list(_open_boxes)


RELOAD = "重新载入"


def offer_reload(
    parent: QWidget | None, exc: BaseException, reload: Callable[[], None]
) -> QMessageBox:
    """A save refused because someone else saved first: say who and when, offer 重新载入.

    Window-modal and returns at once (tests find it in open_error_boxes and click 重新载入).
    """
    box = _error_box(parent, exc, "内容已被他人修改")
    box.setText(f"{box.text()}\n\n重新载入将显示最新内容，您本次的修改需要再做一次。")
    again = box.addButton(RELOAD, QMessageBox.ButtonRole.AcceptRole)
    box.button(QMessageBox.StandardButton.Ok).setText("暂不")
    box.setDefaultButton(again)
    # 重新载入 is the clerk's consent to lose what the form holds (the box says so): the
    # form then closes without asking again (kit.unsaved)
    again.clicked.connect(lambda: _typed_work_given_up(parent))
    # reload once the box has closed and gone: the form is no longer behind a modal box
    again.clicked.connect(lambda: QTimer.singleShot(0, reload))
    _keep_open(box)
    return box


def _typed_work_given_up(form: QWidget | None) -> None:
    unsaved = getattr(form, "unsaved", None)
    if unsaved is not None and shiboken6.isValid(form):
        unsaved.mark_saved()


def show_info(parent: QWidget | None, text: str, title: str = "提示") -> None:
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok,
                      parent)  # fmt: skip
    box.button(QMessageBox.StandardButton.Ok).setText("好")
    box.exec()


def ask(
    parent: QWidget | None,
    text: str,
    on_yes: Callable[[], None],
    *,
    yes_text: str = "确定",
    no_text: str = "取消",
    title: str = "请确认",
) -> QMessageBox:
    """请确认 without waiting: window-modal; ``on_yes`` runs once the clerk says yes.

    Enter and Esc answer no (the safe side). Tests find the box in open_error_boxes.
    """
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.No,
                      parent)  # fmt: skip
    box.setObjectName("askBox")
    box.button(QMessageBox.StandardButton.No).setText(no_text)
    yes = box.addButton(yes_text, QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.setEscapeButton(QMessageBox.StandardButton.No)
    # act once the box has closed: the window behind it is no longer blocked by a modal box
    yes.clicked.connect(lambda: QTimer.singleShot(0, on_yes))
    _keep_open(box)
    return box


def confirm(parent: QWidget | None, text: str, title: str = "请确认") -> bool:
    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    box = QMessageBox(QMessageBox.Icon.Question, title, text, buttons, parent)
    box.button(QMessageBox.StandardButton.Yes).setText("确定")
    box.button(QMessageBox.StandardButton.No).setText("取消")
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes

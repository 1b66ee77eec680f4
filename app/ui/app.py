"""Start-up: parse arguments, open the data folder, wizard or login, then the main window."""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QWidget

from app import APP_NAME
from app.config import LOCAL_SETTINGS, DataDir, resolve_data_dir
from app.services.errors import StorageError
from app.services.first_glance import org_if_set_up
from app.ui import crash, gc_guard, single_instance
from app.ui.chinese import install_chinese
from app.ui.style import apply_style

if TYPE_CHECKING:  # SQLAlchemy and the services load behind the login dialog, not before it
    from app.services.context import Actor
    from app.ui.login import LoginDialog
    from app.ui.opening import Opening
    from app.ui.other_pcs import OtherPCs

_crash_handler: crash.CrashHandler | None = None  # kept alive for the whole run
_first_window: single_instance.FirstWindow | None = None  # likewise
_other_pcs: OtherPCs | None = None  # likewise, once the main window has shown
_areas: Opening | None = None  # the areas' loading after the window shows, kept alive


class CannotOpen(Exception):
    """The data folder could not be opened; the clerk has been told why."""


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m app", description=APP_NAME)
    parser.add_argument("--data-dir", help="数据文件夹（默认本用户数据目录；或设 DZB_DATA_DIR）")
    server = "办公室服务器（postgresql+psycopg://…；或设 DZB_DATABASE_URL）"
    parser.add_argument("--database-url", help=server)
    parser.add_argument("--self-test", action="store_true", help="自检后退出")
    return parser.parse_args(argv)


def run(argv: list[str]) -> int:
    global _crash_handler, _first_window
    args = parse_args(argv)
    if args.self_test:
        return _self_test(args)
    app = QApplication.instance() or QApplication([APP_NAME])
    assert isinstance(app, QApplication)
    apply_style(app)
    install_chinese(app)
    gc_guard.install(app)
    data_dir = resolve_data_dir(args.data_dir, args.database_url)
    _first_window = single_instance.claim(data_dir.root)
    if _first_window is None:  # already open on this PC: that window came to the front
        return 0
    _crash_handler = crash.install(_log_file(data_dir))
    try:
        signed_in = sign_in(data_dir)
    except CannotOpen:
        return 1
    if signed_in is None:
        return 0
    window = open_main_window(*signed_in)
    code = int(app.exec())
    del window  # held through exec: the window lives while the event loop runs
    from app.services import backup

    _backup_quietly(backup.backup_on_exit)
    return code


def open_main_window(actor: Actor, org: str) -> QMainWindow:
    """The main window shown with 首页; the areas' services, the start-up freeze and the
    daily backup come once it has painted, so the clerk sees the window without waiting
    for them (首页's 待办 read loads the areas off the GUI thread meanwhile)."""
    from app.ui.main_window import MainWindow  # the pages import after the login shows

    window = MainWindow(actor, org)
    window.show_as_left()
    after_first_paint(window, _after_show)
    return window


def after_first_paint(window: QWidget, then: Callable[[], None]) -> None:
    """Run `then` once, in the event loop just after the window's first expose (its paint)."""
    handle = window.windowHandle()
    if handle is None:  # not shown: nothing will be exposed
        QTimer.singleShot(0, then)
        return
    watcher = _FirstExpose(handle, then)
    handle.installEventFilter(watcher)


class _FirstExpose(QObject):
    """Calls back once after the first expose event of a window (then removes itself)."""

    def __init__(self, parent: QObject, then: Callable[[], None]) -> None:
        super().__init__(parent)
        self._then: Callable[[], None] | None = then

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Expose and self._then is not None:
            then, self._then = self._then, None
            QTimer.singleShot(0, then)  # after this expose has painted
            watched.removeEventFilter(self)
        return False


def _painted(what: str, then: Callable[[], None]) -> None:
    """Note in the log when the clerk first saw it (how long a start takes on this PC, and
    the frozen build's figure in bench/startup.py), then go on."""
    import logging

    logging.getLogger(__name__).info("%s已显示", what)
    then()


def _after_show() -> None:
    _painted("主窗口", _load_the_rest)


def _load_the_rest() -> None:
    """The areas' services load off the GUI thread (首页's read may be loading them already:
    it waits for the same lock); waited for here, they froze the shown window 0.3-0.5 s."""
    global _areas
    from app.services.modules import load_all
    from app.ui.opening import Opening

    _areas = Opening(load_all)
    _areas.when_done(_after_the_areas)
    _areas.start()


def _after_the_areas() -> None:
    if _areas is not None and _areas.error is not None:
        raise _areas.error  # a bug: the crash handler logs it and tells the clerk
    freeze_start_up()
    _start_daily_backup()
    _watch_other_pcs()


def _watch_other_pcs() -> None:
    """Pages reload when another PC (or program) changes their register."""
    global _other_pcs
    from app.ui.other_pcs import OtherPCs

    app = QApplication.instance()
    if isinstance(app, QApplication) and _other_pcs is None:
        _other_pcs = OtherPCs(app)


def freeze_start_up() -> None:
    """Leave the objects of start-up (the loaded libraries, ~130,000) out of every later
    garbage collection. A full collection stops every thread: during a 10,000-row import in
    the background it took 270-460 ms each, the window frozen meanwhile (bench/import_ticks.py).
    No collection first: at start it froze the shown window 70-130 ms to free about 60
    objects (collection is off until the window shows, app/ui/gc_guard.py).
    """
    gc.freeze()


def _start_daily_backup() -> None:
    """Once a day, off the GUI thread (a .part file is all an interrupted copy leaves)."""
    import threading

    from app.services import backup

    threading.Thread(
        target=_backup_quietly, args=(backup.daily_backup_if_due,), name="daily-backup",
        daemon=True,
    ).start()  # fmt: skip


def _backup_quietly(backup_step: Callable[[], object]) -> None:
    """An automatic backup that fails (disk full) is logged; the clerk's work goes on."""
    import logging

    from app.services.errors import DomainError, StorageError

    try:
        backup_step()
    except (DomainError, StorageError, OSError):
        logging.getLogger(__name__).exception("自动备份失败")


def sign_in(data_dir: DataDir) -> tuple[Actor, str] | None:
    """Log in (None: cancelled). A folder set up before shows the login at once and opens
    the database behind it; a new folder, or the office server, is opened first."""
    org = org_if_set_up(data_dir)
    if org is None:
        return _open_then_sign_in(data_dir)
    from app.ui.login import LoginDialog
    from app.ui.opening import Opening

    opening = Opening(lambda: _open_behind_login(data_dir))
    dialog = LoginDialog(org, opening=opening, data_dir=data_dir)
    opening.when_done(lambda: _stop_if_failed(dialog, opening))
    dialog.show()
    after_first_paint(dialog, lambda: _painted("登录窗口", opening.start))  # the dialog first
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    opening.wait()  # cancelled while loading: a migration under way is never cut off
    if opening.error is not None:
        _cannot_open(data_dir, opening.error)
    if not accepted or dialog.actor is None:
        return None
    return dialog.actor, org


def _stop_if_failed(dialog: LoginDialog, opening: Opening) -> None:
    if opening.error is not None:
        dialog.reject()  # sign_in tells the clerk why


def _open_then_sign_in(data_dir: DataDir) -> tuple[Actor, str] | None:
    """Open the data, run the first-run wizard when needed, then log in."""
    from app.services.modules import load_all
    from app.ui.login import LoginDialog
    from app.ui.wizard import SetupWizard

    wizard, org = None, ""
    if new_pc(data_dir):  # first, where the data lives: the wizard opens it
        wizard = SetupWizard(data_dir.root, open_data)
    else:
        fresh, org = open_data(data_dir)
        wizard = SetupWizard() if fresh else None
    username = ""
    if wizard is not None:  # the first run: everything loaded first, as it always was
        load_all()
        if wizard.exec() != QDialog.DialogCode.Accepted:
            return None
        username, org = wizard.username, wizard.org
    dialog = LoginDialog(org, username)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.actor is None:
        return None
    return dialog.actor, org


def open_storage(data_dir: DataDir) -> None:
    """The house's services, the folder's lock, the migration check and the database: the
    part of opening that needs SQLAlchemy (behind the login dialog, on a thread of its own)."""
    from app.services import attachments, users  # noqa: F401  (users: the login's check)
    from app.services.modules import load_house
    from app.services.session import open_database

    load_house()  # the areas load after the main window shows
    open_database(data_dir)
    attachments.clear_open_copies()  # what viewers were given in earlier runs


def _open_behind_login(data_dir: DataDir) -> None:
    """open_storage, then the main window's and 首页's modules: the login's scrypt check
    runs meanwhile, and the window built after it then imports nothing (no Qt object is
    made here: importing defines classes only)."""
    open_storage(data_dir)
    import app.ui.home.page
    import app.ui.main_window  # noqa: F401


def new_pc(data_dir: DataDir) -> bool:
    """No server chosen and no database file yet: the wizard asks where the data lives."""
    return not data_dir.on_server and not data_dir.database.exists()


def open_data(data_dir: DataDir) -> tuple[bool, str]:
    """(needs the wizard, unit name); a storage failure is told in Chinese, not a traceback."""
    try:
        open_storage(data_dir)
        from app.services import settings, users
        from app.services.session import unit_of_work

        with unit_of_work() as session:
            return users.needs_setup(session), settings.org_name(session)
    except (StorageError, OSError) as exc:
        _cannot_open(data_dir, exc)


def _cannot_open(data_dir: DataDir, exc: BaseException) -> NoReturn:
    """Tell the clerk why the data could not be opened (a bug goes on as it was raised)."""
    from app.ui.messages import show_error

    if not isinstance(exc, StorageError | OSError):
        raise exc
    why = exc.message if isinstance(exc, StorageError) else "无法创建或写入数据文件夹。"
    show_error(None, f"{why}\n\n{where_the_data_is(data_dir)}", "无法打开数据", wait=True)
    raise CannotOpen from exc


def where_the_data_is(data_dir: DataDir) -> str:
    """The lines under a failure to open: the folder, and the server (without password)."""
    from app.config import saved_database_url, without_password

    folder = f"数据文件夹：{data_dir.root}"
    if data_dir.database_url is None:
        return folder
    server = f"办公室服务器：{without_password(data_dir.database_url)}\n{folder}"
    if saved_database_url(data_dir.root) is None:  # named by --database-url or the environment
        return server
    # 设置 cannot be reached without the data: the saved choice is one file to remove
    return (f"{server}\n\n若服务器已换地址或不再使用：删除数据文件夹中的 {LOCAL_SETTINGS}，"
            "再启动程序，即可重新选择数据位置。")  # fmt: skip


def _self_test(args: argparse.Namespace) -> int:
    try:
        from app.ui.selftest import run_self_test
    except ModuleNotFoundError as exc:
        if exc.name != "app.ui.selftest":
            raise
        print("本版本尚未包含自检模块（app/ui/selftest.py）。", file=sys.stderr)
        return 2
    return int(run_self_test(args))


def _log_file(data_dir: DataDir) -> Path | None:
    try:
        return crash.setup_logging(data_dir.logs)
    except OSError:  # an unwritable folder: open_database reports it in Chinese next
        return None

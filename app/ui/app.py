"""Start-up: parse arguments, open the data folder, wizard or login, then the main window."""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialog

from app import APP_NAME
from app.config import DataDir, resolve_data_dir
from app.services.context import Actor
from app.ui import crash, gc_guard, single_instance
from app.ui.chinese import install_chinese
from app.ui.style import apply_style

_crash_handler: crash.CrashHandler | None = None  # kept alive for the whole run
_first_window: single_instance.FirstWindow | None = None  # likewise


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
    from app.ui.main_window import MainWindow  # the pages import after the login shows

    window = MainWindow(*signed_in)
    window.show_as_left()
    freeze_start_up()
    _start_daily_backup()
    code = int(app.exec())
    from app.services import backup

    _backup_quietly(backup.backup_on_exit)
    return code


def freeze_start_up() -> None:
    """Leave the objects of start-up (the loaded libraries, ~130,000) out of every later
    garbage collection. A full collection stops every thread: during a 10,000-row import in
    the background it took 270-460 ms each, the window frozen meanwhile (bench/import_ticks.py).
    """
    gc.collect()
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
    """Open the data, run the first-run wizard when needed, then log in (None: cancelled)."""
    from app.ui.login import LoginDialog
    from app.ui.wizard import SetupWizard

    fresh, org = open_data(data_dir)
    username = ""
    if fresh:
        wizard = SetupWizard()
        if wizard.exec() != QDialog.DialogCode.Accepted:
            return None
        username, org = wizard.username, wizard.unit_page.info().name
    dialog = LoginDialog(org, username)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.actor is None:
        return None
    return dialog.actor, org


def open_data(data_dir: DataDir) -> tuple[bool, str]:
    """(needs the wizard, unit name); a storage failure is told in Chinese, not a traceback."""
    from app.services import attachments, settings, users
    from app.services.modules import load_all
    from app.services.session import StorageError, open_database, unit_of_work
    from app.ui.messages import show_error

    try:
        load_all()
        open_database(data_dir)
        attachments.clear_open_copies()  # what viewers were given in earlier runs
        with unit_of_work() as session:
            return users.needs_setup(session), settings.org_name(session)
    except (StorageError, OSError) as exc:
        why = exc.message if isinstance(exc, StorageError) else "无法创建或写入数据文件夹。"
        show_error(None, f"{why}\n\n数据文件夹：{data_dir.root}", "无法打开数据", wait=True)
        raise CannotOpen from exc


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

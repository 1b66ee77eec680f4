"""Start-up: parse arguments, open the data folder, wizard or login, then the main window."""

from __future__ import annotations

import argparse

from PySide6.QtWidgets import QApplication

from app import APP_NAME
from app.config import resolve_data_dir


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m app", description=APP_NAME)
    parser.add_argument("--data-dir", help="数据文件夹")
    parser.add_argument("--self-test", action="store_true", help="自检后退出")
    return parser.parse_args(argv)


def run(argv: list[str]) -> int:
    args = parse_args(argv)
    if args.self_test:
        from app.ui.selftest import run_self_test

        return run_self_test(args)
    app = QApplication.instance() or QApplication([APP_NAME])
    from app.services.modules import load_all
    from app.services.session import open_database

    load_all()
    open_database(resolve_data_dir(args.data_dir))
    from app.services.context import SYSTEM
    from app.ui.main_window import MainWindow

    window = MainWindow(SYSTEM)  # login and the wizard come with the foundation UI
    window.show()
    _start_daily_backup()
    code = int(app.exec())
    from app.services import backup

    backup.backup_on_exit()
    return code


def _start_daily_backup() -> None:
    """Once a day, off the GUI thread (a .part file is all an interrupted copy leaves)."""
    import threading

    from app.services import backup

    threading.Thread(target=backup.daily_backup_if_due, name="daily-backup", daemon=True).start()

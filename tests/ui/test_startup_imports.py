"""Start-up stays light: the login path imports no spreadsheet, PDF or migration machinery."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from tests.conftest import ADMIN_PASSWORD

AREAS = ("filing", "seals", "duty", "visits", "archives")
# import/export and demo code registers on first use (registry.register_later), not at start
DEFERRED = tuple(f"app.services.{a}.{part}" for a in AREAS for part in ("exchange", "demo"))
FIXTURES = Path(__file__).parents[1] / "migrations" / "fixtures"
HEAVY = ("openpyxl", "reportlab", "alembic", "python_calamine", *DEFERRED)

PROBE = """
import sys
import app.ui.app, app.ui.login, app.ui.wizard, app.ui.main_window
from app.services.modules import load_all
load_all()
print(",".join(m for m in {heavy!r} if m in sys.modules))
"""


def test_login_path_imports_nothing_heavy():
    done = subprocess.run([sys.executable, "-c", PROBE.format(heavy=HEAVY)],
                          capture_output=True, text=True, timeout=120, check=True)  # fmt: skip
    assert done.stdout.strip() == ""


def test_the_deferred_kinds_and_demos_are_there_when_asked_for():
    from app.services import registry
    from app.services.modules import load_all

    load_all()
    assert {"incoming", "seal-uses", "staff", "visits"} <= set(registry.IMPORTS)
    assert registry.EXPORTS["seal-uses"].title == "用印登记簿"
    assert [name for name, _ in registry.DEMOS][:2] == ["公文", "用印"]


AREA_MODULES = tuple(
    f"app.{layer}.{area}"
    for layer in ("models", "services")
    for area in ("filing", "seals", "duty", "visits", "archives", "meetings", "returns")
)

# The window's own start (app.ui.app.run) with the login dialog's check made in code: what is
# imported until the main window shows, then whether 首页 lists the areas' 待办 afterwards.
WINDOW_START = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from app.config import DataDir
from app.ui import app as start
from app.ui import gc_guard

qt = QApplication([])
gc_guard.install(qt)
fresh, org = start.open_data(DataDir(Path(sys.argv[1])))
from app.services import users
from app.services.session import unit_of_work
with unit_of_work() as session:
    actor = users.login(session, "admin", sys.argv[2]).actor
from app.ui.main_window import MainWindow
built = MainWindow(actor, org)  # with 首页; shown, 首页's read would start loading the areas
print("built:", ",".join(m for m in {areas!r} if m in sys.modules))
built.deleteLater()
window = start.open_main_window(actor, org)
home = window.page_at(0)
from app.services import modules
from PySide6.QtCore import QTimer
QTimer.singleShot(60000, qt.quit)
def listed():
    if modules.all_loaded() and home.board.counts:
        qt.quit()
    else:
        QTimer.singleShot(20, listed)
QTimer.singleShot(0, listed)
qt.exec()
print("listed:", ",".join(sorted(home.board.counts)))
print("heavy:", ",".join(m for m in {heavy!r} if m in sys.modules))
"""


def test_the_main_window_shows_before_the_areas_load_and_home_lists_them_after(data_dir):
    """Login and the window's frame with 首页 need no area's models or services: those load
    after the window has painted (首页's background read, or the first page built), and 首页
    then lists every area's 待办 as before; until then nothing heavy is imported (no
    spreadsheet, PDF or migration code, nor an area's import/export or demo)."""
    script = WINDOW_START.format(areas=AREA_MODULES, heavy=HEAVY)
    done = subprocess.run(
        [sys.executable, "-c", script, str(data_dir.root),
         ADMIN_PASSWORD],
        capture_output=True, text=True, timeout=180, check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    lines = dict(line.split(": ", 1) for line in done.stdout.splitlines() if ": " in line)
    assert lines["built"] == ""
    assert {"收文", "督办", "用印", "值班", "来访"} <= set(lines["listed"].split(","))
    assert lines["heavy"] == ""


def test_every_model_module_is_in_the_list_import_all_loads():
    """Importing one model module no longer imports the others: a new one must be listed,
    or migrations and undo would miss its table."""
    import app.models

    folder = Path(app.models.__file__).parent
    found = {p.stem for p in folder.glob("*.py")} - {"__init__", "base"}
    assert found == set(app.models.MODULES)


def test_after_first_paint_runs_once_the_window_has_shown(qtbot):
    from PySide6.QtWidgets import QLabel

    from app.ui.app import after_first_paint

    window = QLabel("窗口")
    qtbot.addWidget(window)
    ran: list[bool] = []
    window.show()
    after_first_paint(window, lambda: ran.append(window.isVisible()))
    assert ran == []  # not inside show(): in the event loop, after the paint
    qtbot.waitUntil(lambda: ran == [True], timeout=5000)
    window.hide()
    window.show()
    qtbot.wait(50)
    assert ran == [True]  # once


# The window's start as the clerk meets it (app.ui.app.run on a folder set up before): what is
# imported when the login dialog is first painted; then the password typed and 登录 pressed.
LOGIN_FIRST = """
import os, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from app.ui import app as start
from app.ui.login import LoginDialog

EARLY = {early!r}
seen = {{}}

class Exposed(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Expose and obj.isExposed() and "login" not in seen:
            seen["login"] = ",".join(m for m in EARLY if m in sys.modules)
            dialog = self.parent()
            dialog.username.setText(sys.argv[3])
            dialog.password.setText(sys.argv[2])
            QTimer.singleShot(0, dialog.login_button.click)
        return False

shown = LoginDialog.showEvent
def show_event(self, event):
    shown(self, event)
    self.windowHandle().installEventFilter(Exposed(self))
LoginDialog.showEvent = show_event

opener = start.open_main_window
def open_main_window(actor, org):
    print("login:", seen.get("login", "not shown"))
    print("window:", actor.username, org, "sqlalchemy" in sys.modules, flush=True)
    print("migrated:", "alembic" in sys.modules, flush=True)
    os._exit(0)
start.open_main_window = open_main_window
start.run(["--data-dir", sys.argv[1]])
print("no window", flush=True)
"""
EARLY = ("sqlalchemy", "app.models", "app.services.session", "app.services.users", "alembic")


def _start_as_a_clerk(folder: Path, password: str, username: str = "admin") -> dict[str, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("DZB_DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", LOGIN_FIRST.format(early=EARLY), str(folder), password, username],
        capture_output=True, text=True, timeout=180, check=True, env=env,
    )  # fmt: skip
    return dict(line.split(": ", 1) for line in done.stdout.splitlines() if ": " in line)


def test_the_login_shows_before_sqlalchemy_loads_and_the_window_follows(data_dir):
    """Issue 14: the login dialog is painted before SQLAlchemy, the models and the services
    are imported (they load behind it while the clerk types); 登录 then opens the window."""
    if data_dir.on_server:
        pytest.skip("the office server is opened before its login (no sqlite3 glance there)")
    lines = _start_as_a_clerk(data_dir.root, ADMIN_PASSWORD)
    assert lines["login"] == ""
    assert lines["window"] == "admin 某某镇人民政府 True"
    assert lines["migrated"] == "False"  # the schema is current: alembic is not imported


def test_an_older_database_is_migrated_behind_the_login(tmp_path):
    """A folder from an older release: the login still shows first, the migration runs on the
    loading thread meanwhile (the copy aside, then alembic), and the clerk logs in."""
    from app.config import DataDir
    from app.db import migrate
    from tests.migrations.fixtures.build import FIXTURE_PASSWORD

    folder = DataDir(tmp_path / "old").ensure()
    shutil.copyfile(FIXTURES / "0001_foundation.db", folder.database)
    lines = _start_as_a_clerk(folder.root, FIXTURE_PASSWORD, "wenshu")
    assert lines["login"] == ""
    assert lines["window"] == "wenshu 某某镇人民政府 True"
    assert lines["migrated"] == "True"
    assert {migrate.current_revision(folder.database)} == migrate.script_heads()
    assert [p.name.startswith("升级前-0001") for p in folder.backups.iterdir()] == [True]


NEWER_BEHIND_LOGIN = """
import sys
from app.ui import app as start, messages
from app.ui.login import LoginDialog

shown = LoginDialog.showEvent
def show_event(self, event):
    print("login shown", flush=True)
    shown(self, event)
LoginDialog.showEvent = show_event
messages.show_error = lambda parent, text, title="", **_: print("told:", text.splitlines()[0])
print("exit:", start.run(["--data-dir", sys.argv[1]]), flush=True)
"""


def test_a_newer_database_found_behind_the_login_is_told_and_the_start_ends(data_dir):
    """The revision check runs behind the login dialog: what it finds still reaches the
    clerk in Chinese, the dialog closes and the program ends (issue 16's message)."""
    if data_dir.on_server:
        pytest.skip("the office server is opened before its login")
    with closing(sqlite3.connect(data_dir.database)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
        conn.commit()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("DZB_DATABASE_URL", None)
    command = [sys.executable, "-c", NEWER_BEHIND_LOGIN, str(data_dir.root)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=True, env=env)
    assert done.stdout.splitlines() == [
        "login shown",
        "told: 此数据由更新版本的程序创建（版本 0099_from_the_future），请升级程序。",
        "exit: 1",
    ]

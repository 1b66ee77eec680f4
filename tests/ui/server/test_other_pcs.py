"""Another PC's change shows on an open page: on the server through LISTEN/NOTIFY, on SQLite
when the program becomes active again (PRAGMA data_version). The writer is another process."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.config import DataDir
from app.ui.other_pcs import OtherPCs
from app.ui.visits.page import VisitsPage
from tests.pg import soon
from tests.services.faults.helpers import python

# Another PC registers a 来访 through the window's own operations (ops.perform).
OTHER_PC = """
import sys
from pathlib import Path
from app.config import DataDir
from app.services import users
from app.services.modules import load_all
from app.services.session import open_database, unit_of_work
from app.services.visits import cases
from app.ui import ops
from tests.conftest import ADMIN_PASSWORD
from tests.services.visits.helpers import walk_in

load_all()
open_database(DataDir(Path(sys.argv[1]), sys.argv[2] or None))
with unit_of_work() as session:
    actor = users.login(session, "admin", ADMIN_PASSWORD).actor
ops.perform(actor, lambda s: cases.register_case(s, walk_in()), touches=("来访",))
print("done")
"""


CLI_DEMO = """
import sys
from app.cli import main
sys.exit(main(["--data-dir", sys.argv[1], "--database-url", sys.argv[2], "demo", "--size", "3"]))
"""


def other_pc_registers_a_visit(folder: Path, url: str | None) -> None:
    writer = python(OTHER_PC, str(folder), url or "")
    out, err = writer.communicate(timeout=120)
    assert writer.returncode == 0 and out.strip() == "done", err


@pytest.fixture
def watching(qapp) -> Iterator[OtherPCs]:
    watcher = OtherPCs(qapp)
    yield watcher
    watcher.stop()


def shown_visits(qtbot, admin) -> VisitsPage:
    page = VisitsPage(admin)
    qtbot.addWidget(page)
    page.show()
    assert page.model.rowCount() == 0
    return page


def test_a_visit_registered_on_another_pc_shows_on_the_open_page(
    qtbot, server_admin, server_dir: DataDir, watching, tmp_path
):
    page = shown_visits(qtbot, server_admin)
    assert watching.listener is not None and watching.version is None
    assert soon(watching.listener.listening.is_set)
    other_pc_registers_a_visit(tmp_path / "other-pc", server_dir.database_url)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10000)


def test_a_command_line_run_on_another_pc_reloads_every_open_page(
    qtbot, server_admin, server_dir: DataDir, watching, tmp_path
):
    page = shown_visits(qtbot, server_admin)
    assert watching.listener is not None and soon(watching.listener.listening.is_set)
    url = server_dir.database_url
    assert url is not None
    demo = python(CLI_DEMO, str(tmp_path / "other-pc"), url)
    _out, err = demo.communicate(timeout=300)
    assert demo.returncode == 0, err
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10000)


def test_on_sqlite_the_page_reloads_when_the_program_is_active_again(
    qtbot, admin, data_dir: DataDir, watching, qapp, tmp_path
):
    page = shown_visits(qtbot, admin)
    assert watching.listener is None and watching.version is not None
    other_pc_registers_a_visit(data_dir.root, None)  # another program on the same file
    qtbot.wait(200)
    assert page.model.rowCount() == 0  # nothing heard while in the background
    qapp.applicationStateChanged.emit(Qt.ApplicationState.ApplicationActive)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10000)
